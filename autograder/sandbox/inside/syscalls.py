"""The system calls a student's process may make, with their numbers on x86_64 and aarch64.

Each entry reads `name x86_64 aarch64`, with "-" where aarch64 has only the newer call (`openat`
for `open`, `clone` for `fork`). Numbers from the kernel's tables (x86 `syscall_64.tbl`,
`asm-generic/unistd.h`); `tests/unit/sandbox/test_seccomp.py` checks them against libseccomp.
"""

from __future__ import annotations

AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_AARCH64 = 0xC00000B7

# Files and descriptors: what they reach is bounded by the private root and Landlock.
FILES = """
    read 0 63  write 1 64  readv 19 65  writev 20 66  pread64 17 67  pwrite64 18 68
    preadv 295 69  pwritev 296 70  preadv2 327 286  pwritev2 328 287  lseek 8 62  close 3 57
    close_range 436 436  open 2 -  creat 85 -  openat 257 56  openat2 437 437  stat 4 -
    lstat 6 -  fstat 5 80  newfstatat 262 79  statx 332 291  statfs 137 43  fstatfs 138 44
    access 21 -  faccessat 269 48  faccessat2 439 439  getdents 78 -  getdents64 217 61
    getcwd 79 17  chdir 80 49  fchdir 81 50  mkdir 83 -  mkdirat 258 34  rmdir 84 -  unlink 87 -
    unlinkat 263 35  rename 82 -  renameat 264 38  renameat2 316 276  link 86 -  linkat 265 37
    symlink 88 -  symlinkat 266 36  readlink 89 -  readlinkat 267 78  chmod 90 -  fchmod 91 52
    fchmodat 268 53  fchmodat2 452 452  chown 92 -  fchown 93 55  lchown 94 -  fchownat 260 54
    truncate 76 45  ftruncate 77 46  fsync 74 82  fdatasync 75 83  fallocate 285 47
    fadvise64 221 223  utime 132 -  utimes 235 -  futimesat 261 -  utimensat 280 88
    umask 95 166  mknod 133 -  mknodat 259 33  flock 73 32  fcntl 72 25  dup 32 23  dup2 33 -
    dup3 292 24  pipe 22 -  pipe2 293 59  sendfile 40 71  copy_file_range 326 285  splice 275 76
    tee 276 77  readahead 187 213  getxattr 191 8  lgetxattr 192 9  fgetxattr 193 10
    listxattr 194 11  llistxattr 195 12  flistxattr 196 13  setxattr 188 5  lsetxattr 189 6
    fsetxattr 190 7  removexattr 197 14  lremovexattr 198 15  fremovexattr 199 16
    inotify_init 253 -  inotify_init1 294 26  inotify_add_watch 254 27  inotify_rm_watch 255 28
    ioctl 16 29
"""
# Memory: bounded by RLIMIT_AS (and RLIMIT_MEMLOCK for the mlock family).
MEMORY = """
    brk 12 214  mmap 9 222  munmap 11 215  mremap 25 216  mprotect 10 226  madvise 28 233
    msync 26 227  mincore 27 232  mlock 149 228  mlock2 325 284  munlock 150 229
    mlockall 151 230  munlockall 152 231  membarrier 324 283  get_mempolicy 239 236
    set_mempolicy 238 237  mbind 237 235  pkey_alloc 330 289  pkey_free 331 290
    pkey_mprotect 329 288
"""
# Processes and threads (`clone` is checked for namespace flags, `clone3` says ENOSYS). Not
# here: `setsid`, `setpgid` and `sched_setaffinity`. The student's processes stay in the one
# session and group the grader kills, on the CPU it pinned them to, and in one scheduling
# autogroup: thirty processes, each in a session of its own on another worker's CPU, left the
# student graded there a thirtieth of it.
PROCESSES = """
    fork 57 -  vfork 58 -  clone 56 220  clone3 435 435  execve 59 221  execveat 322 281
    exit 60 93  exit_group 231 94  wait4 61 260  waitid 247 95  getpid 39 172  getppid 110 173
    gettid 186 178  getuid 102 174  geteuid 107 175  getgid 104 176  getegid 108 177
    getresuid 118 148  getresgid 120 150  getgroups 115 158  setuid 105 146  setgid 106 144
    setreuid 113 145  setregid 114 143  setresuid 117 147  setresgid 119 149  setgroups 116 159
    setfsuid 122 151  setfsgid 123 152  capget 125 90  capset 126 91  getpgid 121 155
    getpgrp 111 -  getsid 124 156  prctl 157 167  arch_prctl 158 -  set_tid_address 218 96
    set_robust_list 273 99  rseq 334 293  futex 202 98  futex_waitv 449 449  sched_yield 24 124
    sched_getaffinity 204 123  sched_getparam 143 121  sched_setparam 142 118
    sched_getscheduler 145 120  sched_setscheduler 144 119  sched_get_priority_max 146 125
    sched_get_priority_min 147 126  sched_rr_get_interval 148 127  sched_getattr 315 275
    getpriority 140 141  setpriority 141 140  getrlimit 97 163  setrlimit 160 164
    prlimit64 302 261  getrusage 98 165  times 100 153  uname 63 160  sysinfo 99 179
    getcpu 309 168  getrandom 318 278  restart_syscall 219 128
"""
# Signals and timers: the PID namespace, the uid and Landlock decide who can be signalled.
SIGNALS = """
    rt_sigaction 13 134  rt_sigprocmask 14 135  rt_sigreturn 15 139  rt_sigpending 127 136
    rt_sigtimedwait 128 137  rt_sigsuspend 130 133  rt_sigqueueinfo 129 138
    rt_tgsigqueueinfo 297 240  sigaltstack 131 132  kill 62 129  tkill 200 130  tgkill 234 131
    pause 34 -  alarm 37 -  signalfd 282 -  signalfd4 289 74  pidfd_open 434 434
    pidfd_send_signal 424 424  setitimer 38 103  getitimer 36 102  timer_create 222 107
    timer_settime 223 110  timer_gettime 224 108  timer_getoverrun 225 109  timer_delete 226 111
"""
# Reading clocks and sleeping (setting a clock is not here).
TIME = """
    time 201 -  gettimeofday 96 169  clock_gettime 228 113  clock_getres 229 114
    clock_nanosleep 230 115  nanosleep 35 101  timerfd_create 283 85  timerfd_settime 286 86
    timerfd_gettime 287 87
"""
# Waiting on descriptors.
POLLING = """
    poll 7 -  ppoll 271 73  select 23 -  pselect6 270 72  epoll_create 213 -
    epoll_create1 291 20  epoll_ctl 233 21  epoll_wait 232 -  epoll_pwait 281 22
    epoll_pwait2 441 441  eventfd 284 -  eventfd2 290 19
"""
# Sockets: `socket` and `socketpair` are checked, AF_UNIX only.
SOCKETS = """
    socket 41 198  socketpair 53 199  bind 49 200  connect 42 203  listen 50 201  accept 43 202
    accept4 288 242  sendto 44 206  recvfrom 45 207  sendmsg 46 211  recvmsg 47 212
    sendmmsg 307 269  recvmmsg 299 243  shutdown 48 210  getsockname 51 204  getpeername 52 205
    getsockopt 55 209  setsockopt 54 208
"""


def _numbers(column: int) -> dict[str, int]:
    """name -> number in one column of the tables (1: x86_64, 2: aarch64), absent ones left out."""
    words = " ".join((FILES, MEMORY, PROCESSES, SIGNALS, TIME, POLLING, SOCKETS)).split()
    entries = zip(words[0::3], words[1::3], words[2::3], strict=True)
    return {entry[0]: int(entry[column]) for entry in entries if entry[column] != "-"}


# machine name (`platform.machine()`) -> (its AUDIT_ARCH value, allowed name -> number)
ARCHES = {"x86_64": (AUDIT_ARCH_X86_64, _numbers(1)),
          "aarch64": (AUDIT_ARCH_AARCH64, _numbers(2))}
