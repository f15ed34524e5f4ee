"""Landlock: the kernel denies the student's process every file outside an allow-list,
every TCP bind/connect, and signals or abstract sockets aimed outside its own sandbox.

It works without privileges, so it still holds where namespaces are unavailable.
"""

from __future__ import annotations

import ctypes
import os

from autograder.sandbox.inside import linux

CREATE_RULESET, ADD_RULE, RESTRICT_SELF = 444, 445, 446
VERSION_FLAG = 1
RULE_PATH_BENEATH = 1
FILE_RIGHTS = 1 | 2 | 4  # execute, write file, read file
READ_RIGHTS = 1 | 4 | 8  # execute, read file, read dir
FS_BITS_BY_ABI = {1: 13, 2: 14, 3: 15, 4: 15, 5: 16}


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64),
                ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def abi_version() -> int:
    """The kernel's Landlock ABI version, 0 when Landlock is unavailable."""
    try:
        return linux.syscall(CREATE_RULESET, None, 0, VERSION_FLAG)
    except OSError:
        return 0


def restrict(readable: list[str], writable: list[str]) -> list[str]:
    """Restrict this process for good; return the layers that could not be applied."""
    abi = abi_version()
    if abi < 1:
        return ["landlock: not supported by this kernel"]
    all_fs = (1 << FS_BITS_BY_ABI.get(abi, 16)) - 1
    attr = _RulesetAttr(all_fs, 3 if abi >= 4 else 0, 3 if abi >= 6 else 0)
    size = ctypes.sizeof(_RulesetAttr) if abi >= 4 else 8
    ruleset = linux.syscall(CREATE_RULESET, ctypes.byref(attr), size, 0)
    try:
        for path in readable:
            _allow(ruleset, path, READ_RIGHTS, all_fs)
        for path in writable:
            _allow(ruleset, path, all_fs, all_fs)
        linux.prctl(linux.PR_SET_NO_NEW_PRIVS, 1)
        linux.syscall(RESTRICT_SELF, ruleset, 0)
    except OSError as exc:
        return [f"landlock: {exc}"]
    finally:
        os.close(ruleset)
    missing = [] if abi >= 4 else ["landlock network rules (kernel ABI < 4)"]
    return missing + ([] if abi >= 6 else ["landlock signal scoping (kernel ABI < 6)"])


def _allow(ruleset: int, path: str, rights: int, all_fs: int) -> None:
    if not os.path.exists(path):
        return
    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    try:
        if not os.path.isdir(path):
            rights &= FILE_RIGHTS | (1 << 14) | (1 << 15)
        rule = _PathBeneath(rights & all_fs, fd)
        linux.syscall(ADD_RULE, ruleset, RULE_PATH_BENEATH, ctypes.byref(rule), 0)
    finally:
        os.close(fd)
