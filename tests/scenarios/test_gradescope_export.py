"""`aimath export gradescope` end to end, in a fake Gradescope container.

The zip is unpacked into a folder laid out as Gradescope documents (`/autograder/source`,
`/autograder/submission`, `/autograder/results`), bound at `/autograder` inside a mount
namespace. `setup.sh` runs there with no network: pip may only install from a wheelhouse this
test builds from the packages already installed here (so the pins must match them), into a
fresh environment on the system's Python, as on Gradescope's Ubuntu image. `run_autograder`
then runs as Docker runs a container's root: without CAP_SYS_ADMIN (Docker's default
capabilities), so the sandbox cannot make namespaces and must say so while its other layers
hold.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata as metadata
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cli import aimath, notebook, solution_code

from autograder.exports.pins import pinned

pytestmark = pytest.mark.slow
ID = "01_vectors"
SLOT = os.environ.get("AIMATH_TEST_SLOT", "90")
SYSTEM_PYTHON = Path(f"/usr/bin/python3.{sys.version_info.minor}")
MOUNT = Path("/autograder")
DOCKER_CAPS = ("chown,dac_override,fowner,fsetid,kill,setgid,setuid,setpcap,net_bind_service,"
               "net_raw,sys_chroot,mknod,audit_write,setfcap")  # moby's default set
SETTINGS = """[tool.aimath.assignments.01_vectors]
due = "2026-03-20T23:59:00+09:00"
late_policy = "linear:10:50"
hidden_visibility = "after_published"
"""
VISIBILITY = {"visible", "hidden", "after_due_date", "after_published"}


def _namespaces_work() -> str | None:
    """Why a mount namespace cannot be made here (None when it can)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("setpriv") is None:
        return "needs root with unshare and setpriv (util-linux)"
    done = subprocess.run(["unshare", "--mount", "true"], capture_output=True, text=True)
    return None if done.returncode == 0 else f"unshare --mount failed: {done.stderr.strip()}"


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def repack(name: str, wheelhouse: Path) -> None:
    """A wheel of an installed distribution, from its files (no download, no build)."""
    dist = metadata.distribution(name)
    info = next(str(f).split("/")[0] for f in dist.files or [] if ".dist-info/" in str(f))
    tag = re.search(r"^Tag: (\S+)", dist.read_text("WHEEL") or "", re.M)
    members = {}
    for file in dist.files or []:
        path = str(file)
        if path.startswith("..") or "__pycache__" in path or path.endswith(
                ("/RECORD", "/INSTALLER", "/REQUESTED", "/direct_url.json")):
            continue
        members[path] = Path(str(dist.locate_file(file))).read_bytes()
    record = [f"{path},sha256={_digest(data)},{len(data)}" for path, data in members.items()]
    members[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    stem = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    target = wheelhouse / f"{stem}-{dist.version}-{tag.group(1) if tag else 'py3-none-any'}.whl"
    with zipfile.ZipFile(target, "w") as wheel:
        for path, data in members.items():
            wheel.writestr(path, data)


def unpack(archive: Path, folder: Path) -> None:
    """Extract a zip keeping each file's mode (as Gradescope's unpacking does)."""
    with zipfile.ZipFile(archive) as zipped:
        for entry in zipped.infolist():
            path = Path(zipped.extract(entry, folder))
            path.chmod((entry.external_attr >> 16) or 0o644)


def in_container(root: Path, command: str, env: dict[str, str], caps: bool = True,
                 timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """`command` with `root` bound at /autograder in a mount namespace of its own; `caps`
    False drops every capability Docker does not give a container."""
    drop = "" if caps else f"setpriv --bounding-set -all,+{DOCKER_CAPS.replace(',', ',+')} -- "
    script = f"mount --bind '{root}' /autograder && cd /autograder && {drop}{command}"
    return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                           script], env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def mount_point() -> Iterator[Path]:
    """/autograder to bind the fake root at: made for this module if the machine has none,
    and removed afterwards even when the container could not be set up."""
    why = _namespaces_work()
    if why:
        pytest.skip(f"no fake Gradescope container: {why}")
    if not SYSTEM_PYTHON.is_file():
        pytest.skip(f"no {SYSTEM_PYTHON} to stand in for the image's Python")
    made = not MOUNT.exists()
    MOUNT.mkdir(exist_ok=True)
    yield MOUNT
    if made:
        MOUNT.rmdir()


@pytest.fixture(scope="module")
def container(mount_point: Path, tmp_path_factory: pytest.TempPathFactory):
    """A fake Gradescope container after `setup.sh`: (root, environment, setup's output)."""
    base = tmp_path_factory.mktemp("gradescope")
    (base / "course").mkdir()
    (base / "course" / "pyproject.toml").write_text(SETTINGS)
    exported = aimath(base / "course", "export", "gradescope", ID, "--out", "autograder.zip")
    assert exported.returncode == 0, exported.stderr
    wheelhouse = base / "wheelhouse"
    wheelhouse.mkdir()
    for pin in pinned():
        repack(pin.split("==")[0], wheelhouse)
    root = base / "root"
    for folder in ("source", "submission", "results"):
        (root / folder).mkdir(parents=True)
    root.chmod(0o755)
    unpack(base / "course" / "autograder.zip", root / "source")
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8",
           "AIMATH_PYTHON": str(SYSTEM_PYTHON), "PIP_NO_INDEX": "1",
           "PIP_FIND_LINKS": str(wheelhouse), "PIP_NO_COMPILE": "1"}
    setup = in_container(root, "cd source && bash ./setup.sh", env)
    assert setup.returncode == 0, setup.stdout[-3000:] + setup.stderr[-3000:]
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    return root, {k: v for k, v in env.items() if not k.startswith(("PIP_", "AIMATH_"))}, setup


def run_autograder(container, files: dict[str, str | Path], created: str) -> dict:
    """Grade `files` (name: text, or a path to link to) as one Gradescope submission."""
    root, env, _ = container
    shutil.rmtree(root / "submission")
    (root / "submission").mkdir()
    for name, content in files.items():
        if isinstance(content, Path):
            (root / "submission" / name).symlink_to(content)
        else:
            (root / "submission" / name).write_text(content, encoding="utf-8")
    (root / "results" / "results.json").unlink(missing_ok=True)
    (root / "submission_metadata.json").write_text(json.dumps({
        "id": 1, "created_at": created, "assignment": {
            "due_date": "2026-03-20T23:59:00.000000+09:00", "title": "Vectors",
            "late_due_date": None, "total_points": "22.0"},
        "users": [{"email": "kim@example.org", "id": 7, "name": "Kim", "sid": "2026-001"}],
        "previous_submissions": []}))
    done = in_container(root, f"./run_autograder --slot {SLOT}", env, caps=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    data = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    check_schema(data)
    return data


def check_schema(data: dict) -> None:
    """Gradescope's results.json: a numeric score, text output, tests with their fields."""
    assert isinstance(data["score"], int | float) and isinstance(data["output"], str)
    assert isinstance(data["execution_time"], int | float) and isinstance(data["tests"], list)
    for test in data["tests"]:
        assert isinstance(test["name"], str) and re.match(r"[a-z_0-9]+: ", test["name"])
        assert 0 <= test["score"] <= test["max_score"]
        assert test["status"] in ("passed", "failed") and isinstance(test["output"], str)
        assert test["visibility"] in VISIBILITY


def by_function(data: dict) -> dict[str, tuple[float, float]]:
    """(earned, possible) points of each function graded in a results.json."""
    earned: dict[str, tuple[float, float]] = {}
    for test in data["tests"]:
        name = test["name"].split(":")[0]
        score, most = earned.get(name, (0.0, 0.0))
        earned[name] = (score + test["score"], most + test["max_score"])
    return earned


ON_TIME = "2026-03-20T10:00:00.000000+09:00"
WARNING = re.compile(r"^WARNING: sandbox layer unavailable on this machine: namespaces "
                     r"\(network, PIDs, mounts\): .*Operation not permitted "
                     r"\(the others still apply\)$", re.M)


def test_setup_installs_the_pins_from_the_wheelhouse_alone(container):
    """Did setup.sh build its environment on the system's Python with nothing but the pinned
    packages (pip never reached an index), and install the grader from the zip?"""
    root, _, setup = container
    assert "aimath: grading with Python 3." in setup.stdout
    venv = root / "aimath-venv"
    assert (venv / "pyvenv.cfg").read_text().count(str(SYSTEM_PYTHON.parent)) >= 1
    wanted = {line.split("==")[0].lower() for line in
              (root / "source" / "requirements.txt").read_text().split()}
    site = next(venv.glob("lib/python3.*/site-packages"))
    installed = {p.name.split("-")[0].lower().replace("_", "-") for p in
                 site.glob("*.dist-info")} - {"pip", "setuptools", "aimath"}
    assert installed == {w.replace("_", "-") for w in wanted}
    assert not (site / "autograder" / "suites" / "02_matrices").exists()


def test_the_solution_scores_full_marks_on_time(container):
    """Is the model solution graded to full marks, its hidden tests marked as the course's
    hidden_visibility says, the time shown, and the missing layer named as a warning?"""
    data = run_autograder(container, {"01_vectors.py": solution_code(ID)}, ON_TIME)
    assert data["score"] == data["max_score"] > 0, data["output"]
    assert "Graded as 2026-001." in data["output"] and ": on time." in data["output"]
    assert {t["visibility"] for t in data["tests"]} == {"visible", "after_published"}
    assert data["output"].count("WARNING: sandbox layer") == 1, data["output"]
    assert WARNING.search(data["output"]), data["output"]


def test_a_partly_wrong_late_notebook_loses_its_function_and_the_penalty(container):
    """Does a notebook with a wrong l2_norm, handed in 1 day and 1 minute late, lose exactly
    the l2_norm tests and then the late policy's 20% (two started days)?"""
    wrong = solution_code(ID).replace("def l2_norm(x):", "def l2_norm(x):\n    return 0.0\n"
                                      "\n\ndef _unused(x):")
    data = run_autograder(container, {"hw.ipynb": notebook(wrong)},
                          "2026-03-22T00:00:00.000000+09:00")
    earned = by_function(data)
    assert earned["l2_norm"][0] == 0 and earned["l2_norm"][1] > 0
    kept = sum(score for name, (score, _) in earned.items() if name != "l2_norm")
    assert kept == sum(most for name, (_, most) in earned.items() if name != "l2_norm")
    assert data["score"] == pytest.approx(round(kept * 0.8, 2))
    assert "2 days late" in data["output"] and "takes 20%" in data["output"]
    assert data["extra_data"]["late"]["days_late"] == 2


def test_a_broken_notebook_scores_zero_with_the_reason(container):
    """Is a notebook that is not JSON graded 0 with a message saying why, not a crash?"""
    data = run_autograder(container, {"hw.ipynb": "{this is not a notebook"}, ON_TIME)
    assert data["score"] == 0 and data["max_score"] > 0
    assert data["extra_data"]["status"] == "unreadable"
    assert all(t["score"] == 0 for t in data["tests"])


@pytest.mark.parametrize(("files", "said"), [
    ({"a.py": "x = 1", "b.ipynb": "{}"}, "2 files were submitted (a.py, b.ipynb)"),
    ({"hw.py": Path("/etc/hostname")}, "hw.py is a symbolic link"),
    ({"hw.txt": "def l1_norm(x): ..."}, "hw.txt is not a notebook (.ipynb) or Python file"),
    ({}, "nothing was submitted"),
])
def test_untrusted_submission_folders_score_zero_with_a_clear_message(container, files, said):
    """Are several files, a link, another kind of file and an empty upload each a
    results.json with score 0 and a message naming the problem?"""
    data = run_autograder(container, files, ON_TIME)
    assert data["score"] == 0 and said in data["output"], data["output"]


def test_without_namespaces_the_other_layers_still_keep_the_source_unread(container):
    """Without namespaces, can a submission still not read the zip's files (the course key,
    the suite) nor write into the results, since Landlock and its own uid still hold?"""
    root = container[0]
    secret = (root / "source" / "course" / ".aimath" / "secret").read_text().strip()
    probe = ("for path in ('/autograder/source/course/.aimath/secret',\n"
             "             '/autograder/source/gradescope.json'):\n"
             "    try:\n        print('READ', open(path).read())\n"
             "    except OSError as exc:\n        print('DENIED', type(exc).__name__)\n"
             "try:\n    open('/autograder/results/results.json', 'w').write('{}')\n"
             "    print('WROTE')\nexcept OSError:\n    print('DENIED write')\n"
             + solution_code(ID))
    data = run_autograder(container, {"hw.py": probe}, ON_TIME)
    assert data["output"].count("DENIED") == 3 and "READ" not in data["output"]
    assert secret not in json.dumps(data) and data["score"] == data["max_score"]
