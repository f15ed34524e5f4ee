"""The grading queue in the database: fair claims under leases, results written exactly once.

A job goes `queued` -> `grading` (a conditional UPDATE sets a fresh lease token: only one
claimer wins) -> `done` (in one transaction with its grading row, and only while the lease is
still the claimer's; `gradings.job_id` is unique besides) or back to `queued` when its worker
died, until `MAX_TRIES` crashes make it `failed` with an error result. At start the serving
instance, holding the database's instance lock, puts every `grading` job back: whatever was
grading them died with the previous instance, and nothing of theirs was written.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from autograder.grading.model import Origin, Status, SubmissionResult, Visibility, utc_now
from autograder.intake.discover import Source
from autograder.message import Message, msg
from autograder.reports import results
from autograder.service.models import Blob, Grading, Job, Submission, now
from autograder.service.state import ServiceState

LEASE_SECONDS = 120.0
MAX_TRIES = 3
CANDIDATES = 500  # students looked at per claim (each by their first queued job), oldest first


@dataclass(frozen=True)
class Claim:
    """A job this instance holds the lease of, and what grading it needs."""

    job: int
    lease: str
    submission: int
    student: str
    assignment: str
    filename: str
    tries: int
    source: Source


@dataclass(frozen=True)
class _Candidate:
    job: int
    priority: int
    tries: int
    submission: int
    student: str
    assignment: str
    filename: str
    sha256: str
    suffix: str
    submitted_at: datetime


def fair(candidates: list[_Candidate], n: int, running: Counter[str],
         served: dict[str, int]) -> list[_Candidate]:
    """Up to `n` jobs, at most one running per student (a student who uploads endless loops
    holds one worker, never every one, whoever comes next): whoever was served longest ago
    first, then the oldest job (fresh hand-ins before regrades throughout)."""
    busy = {student for student, count in running.items() if count > 0}
    picked: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.priority, served.get(c.student, 0),
                                                       c.job)):
        if len(picked) == n:
            break
        if candidate.student not in busy:
            picked.append(candidate)
            busy.add(candidate.student)
    return picked


class JobQueue:
    """The jobs of one service, claimed and finished by its dispatcher."""

    def __init__(self, state: ServiceState) -> None:
        self.state = state
        self.served: dict[str, int] = {}
        self._tick = 0

    def recover(self) -> int:
        """Put back every job a previous instance was grading; how many there were."""
        with self.state.db.write() as session:
            done = session.execute(update(Job).where(Job.state == "grading").values(
                state="queued", lease=None, lease_until=None))
        return int(getattr(done, "rowcount", 0) or 0)

    def _candidates(self) -> list[_Candidate]:
        """Each student's first queued job (of each priority), oldest first: one student's
        thousand uploads are one candidate, never a window that hides everyone else's."""
        numbered = func.row_number().over(partition_by=(Submission.user_id, Job.priority),
                                          order_by=Job.id)
        job, rank = select(Job.id, numbered) \
            .join(Submission, Submission.id == Job.submission_id) \
            .where(Job.state == "queued").subquery().c
        query = select(Job.id, Job.priority, Job.tries, Submission.id, Submission.user_id,
                       Submission.assignment, Submission.filename, Blob.sha256, Blob.suffix,
                       Submission.submitted_at) \
            .join(job.table, job == Job.id) \
            .join(Submission, Submission.id == Job.submission_id) \
            .join(Blob, Blob.sha256 == Submission.blob_sha256) \
            .where(rank == 1).order_by(Job.priority, Job.id).limit(CANDIDATES)
        with self.state.db.read() as session:
            return [_Candidate(*tuple(row)) for row in session.execute(query)]

    def claim(self, n: int, running: Counter[str]) -> list[Claim]:
        """Lease up to `n` queued jobs, fairly across students."""
        if n <= 0:
            return []
        claims = []
        for chosen in fair(self._candidates(), n, running, self.served):
            token = secrets.token_hex(16)
            with self.state.db.write() as session:
                won = session.execute(update(Job).where(Job.id == chosen.job,
                                                        Job.state == "queued").values(
                    state="grading", lease=token,
                    lease_until=now() + timedelta(seconds=LEASE_SECONDS)))
            if getattr(won, "rowcount", 0) != 1:
                continue
            self._tick += 1
            self.served[chosen.student] = self._tick
            source = self.state.store.source(chosen.student, chosen.sha256, chosen.suffix,
                                             chosen.submitted_at)
            claims.append(Claim(chosen.job, token, chosen.submission, chosen.student,
                                chosen.assignment, chosen.filename, chosen.tries, source))
        return claims

    def renew(self, claims: list[Claim]) -> None:
        """Extend the leases of the jobs still being graded."""
        if not claims:
            return
        with self.state.db.write() as session:
            session.execute(update(Job).where(Job.lease.in_([c.lease for c in claims]))
                            .values(lease_until=now() + timedelta(seconds=LEASE_SECONDS)))

    def requeue_expired(self) -> None:
        """Leases nobody renewed (a stuck dispatcher): those jobs are free again."""
        with self.state.db.write() as session:
            session.execute(update(Job).where(Job.state == "grading", Job.lease_until < now())
                            .values(state="queued", lease=None, lease_until=None))

    def complete(self, claim: Claim, result: SubmissionResult, final: str = "done",
                 tries: int = 0) -> bool:
        """Record the result and end the job (`final`), once: False when the lease was lost
        (then nothing is written)."""
        shown = _as_handed_in(result, claim.filename)
        visible = [t for t in shown.tests if t.visibility == Visibility.VISIBLE]
        with self.state.db.write() as session:
            won = session.execute(update(Job).where(
                Job.id == claim.job, Job.lease == claim.lease, Job.state == "grading")
                .values(state=final, lease=None, lease_until=None, finished_at=now(),
                        tries=Job.tries + tries))
            if getattr(won, "rowcount", 0) != 1:
                return False
            session.add(Grading(
                submission_id=claim.submission, job_id=claim.job, status=shown.status.value,
                score=shown.score, max_score=shown.max_score,
                visible_score=sum(t.score for t in visible),
                visible_max_score=sum(t.max_score for t in visible),
                suite=shown.suite[:64], result=results.dumps(shown)))
        return True

    def retry(self, claim: Claim) -> None:
        """The job's worker died: queue it again, or after `MAX_TRIES` record an error."""
        if claim.tries + 1 >= MAX_TRIES:
            self.complete(claim, lost_result(claim), final="failed", tries=1)
            return
        with self.state.db.write() as session:
            session.execute(update(Job).where(Job.id == claim.job, Job.lease == claim.lease)
                            .values(state="queued", lease=None, lease_until=None,
                                    tries=claim.tries + 1))


def lost_result(claim: Claim) -> SubmissionResult:
    """The result of a submission that kept taking its grading worker down."""
    return SubmissionResult(claim.student, claim.assignment, Status.ERROR,
                            Origin(claim.filename, submitted_at=claim.source.submitted_at),
                            problem=msg("grader.worker_crashed"), graded_at=utc_now())


def _as_handed_in(result: SubmissionResult, name: str) -> SubmissionResult:
    """The result as the student knows their file: the store's name for it (its hash) is
    their upload's `name`, in the origin and in every message that quotes it (a note said
    '<64 hex digits>.ipynb holds no code')."""
    stored = result.origin.filename

    def named(message: Message) -> Message:
        return Message(message.key, {key: value.replace(stored, name)
                                     if isinstance(value, str) and stored else value
                                     for key, value in message.params.items()})

    return replace(result, origin=replace(result.origin, filename=name),
                   notes=tuple(named(n) for n in result.notes),
                   problem=None if result.problem is None else named(result.problem))
