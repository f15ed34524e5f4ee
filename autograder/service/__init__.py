"""`aimath serve`: the course service where students hand in and instructors watch the class.

Processes: one ASGI app (Starlette on uvicorn) and a pool of long-lived grading workers
(`service/gradeproc.py`, each a `batch.worker.Session`) fed by one dispatcher thread. State
lives in the database (`service/models.py`): a submission is stored before the upload is
answered, graded through a leased job, and its result written once (`service/jobs.py`).
"""
