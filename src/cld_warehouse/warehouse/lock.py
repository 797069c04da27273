"""One lock per warehouse work folder, taken by ``cld land`` and ``cld build`` alike.

The lock is ``<work dir>/.cld.lock``, held with an exclusive ``flock`` for as long as the command
(and the dbt process it starts, which inherits the lock's file descriptor) runs.  The file
records the holder (pid, command, host, start time) so that a second command can say who holds
it in one line.  The kernel releases a ``flock`` when its last holder exits, however it exits
(crash, SIGKILL, power cut of a container): a lock left by a dead process is therefore never
"stale" -- the next command simply gets it, whatever the file still says.
"""
from __future__ import annotations

import fcntl
import json
import os
import socket
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

LOCK_NAME = ".cld.lock"
EXIT_LOCKED = 3


class LockHeld(Exception):
    """The work folder's lock is held by another command: the message names the holder."""


def lock_path(work_dir: Path) -> Path:
    """The lock file of a work folder: <work dir>/.cld.lock."""
    return Path(work_dir) / LOCK_NAME


def describe_holder(path: Path) -> str:
    """Who holds the lock (process id, host, command, start time) as the lock file records it."""
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
        return (f"pid {holder['pid']} on {holder['host']} running `{holder['command']}` "
                f"since {holder['started_at']}")
    except (OSError, ValueError, KeyError, TypeError):
        return "another process (its details are not written yet)"


@contextmanager
def warehouse_lock(work_dir: Path, command: str):
    """Hold the work folder's lock (yields the lock file's descriptor, to pass to a child process
    that must keep holding it); raises LockHeld at once when another command holds it."""
    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    path = lock_path(work_dir)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockHeld(f"the warehouse in {work_dir} is locked by {describe_holder(path)}; "
                           "wait for it to finish and try again") from None
        holder = {"pid": os.getpid(), "host": socket.gethostname(), "command": command,
                  "started_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode("utf-8"), 0)
        try:
            yield fd
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
