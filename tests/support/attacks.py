"""The flat folder of attacks on the grader itself (links, borrowed identities, colliding
names, oversized messages and replies, answers that compute nothing) beside an honest alice:
graded by tests/scenarios/test_attacks.py and timed by benchmarks/attacks.py."""

from __future__ import annotations

import hashlib
import json
import os
import struct
import zipfile
from pathlib import Path

from support.cli import SOLUTIONS, solution_code

ID = "01_vectors"


def _exception_with_a_huge_name() -> str:
    return solution_code(ID) + '''

def l1_norm(x):
    raise type("E" * 40_000_000, (Exception,), {})("m" * 10_000_000)
'''


def _forged_reply(size: int) -> str:
    """A function that writes a reply header announcing `size` bytes, then streams."""
    return solution_code(ID) + f'''

def l1_norm(x):
    import os, struct
    os.write(4, struct.pack("!Q", {size}))
    os.write(4, struct.pack("!QI", {size} - 12, 0))
    chunk = b"[" * 65536
    while True:
        os.write(4, chunk)
'''


def _frame_at_import() -> str:
    head = struct.pack("!Q", 2**40)
    return f"import os\nos.write(4, {head!r})\n" + solution_code(ID)


DEGENERATE = '''
def l1_norm(x):
    raise ValueError("no")


def l2_norm(x):
    return 0.0


def hadamard(x, y):
    raise ValueError("no")


def angle(x, y):
    return 0.0
'''

ATTACKERS = {
    "huge_name.py": _exception_with_a_huge_name(),
    "forged_250mb.py": _forged_reply(250 * 2**20),
    "forged_header.py": _forged_reply(60 * 2**20),
    "frame_at_import.py": _frame_at_import(),
    "degenerate.py": DEGENERATE,
    "alice smith.py": solution_code(ID),
    "alice_smith.py": solution_code(ID),
}


def submit_zip(folder: Path, filename: str, claimed: str, when: str) -> None:
    data = (SOLUTIONS / ID / f"{ID}.ipynb").read_bytes()
    manifest = {"student": claimed, "assignment": ID, "timestamp": when,
                "sha256": hashlib.sha256(data).hexdigest(), "notebook": f"{ID}.ipynb"}
    with zipfile.ZipFile(folder / filename, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr(f"{ID}.ipynb", data)



def write_attack_folder(subs: Path) -> None:
    """Every attacker, alice's honest solution, mallory's zip claiming to be alice, and a
    notebook that links to the model solution."""
    subs.mkdir(parents=True, exist_ok=True)
    for name, code in ATTACKERS.items():
        (subs / name).write_text(code)
    (subs / "alice.py").write_text(solution_code(ID))
    submit_zip(subs, f"mallory_{ID}_20260320T100000Z.zip", "alice", "whenever")
    os.symlink(SOLUTIONS / ID / f"{ID}.ipynb", subs / "linker.ipynb")
