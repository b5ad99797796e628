"""Stop processes left behind by a crashed earlier run, never touching an unrelated pid."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from shared.localstack.processes import read_pid_file


def proc_cmdline(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [part.decode("utf-8", "replace") for part in raw.split(b"\0")[:-1]]


def pid_running(pid: int) -> bool:
    """True while /proc shows the pid in any state but zombie/dead."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    state = stat.rpartition(")")[2].split()[0]
    return state not in {"Z", "X", "x"}


def cmdline_matches(recorded: Sequence[str], actual: Sequence[str] | None) -> bool:
    """Whether `actual` is what we launched.

    A `#!` script shows up as `interpreter script args...`, so the recorded argv may be
    a suffix of the real command line; anything shorter or different is someone else.
    """
    if not recorded or not actual or len(actual) < len(recorded):
        return False
    return list(actual[len(actual) - len(recorded) :]) == list(recorded)


def stop_stale(run_dir: Path, timeout: float = 5.0) -> list[str]:
    """Stop what our pid files in `run_dir` name if still running our argv; returns a report."""
    targets: dict[int, str] = {}
    for pid_file in sorted(run_dir.glob("*.pid")) if run_dir.is_dir() else []:
        parsed = read_pid_file(pid_file)
        if parsed is None:
            continue
        pid, argv = parsed
        if argv is None:
            # A bare pid file (a server's own) cannot be verified: only drop it once dead.
            if not pid_running(pid):
                pid_file.unlink(missing_ok=True)
            continue
        if pid_running(pid) and cmdline_matches(argv, proc_cmdline(pid)):
            targets[pid] = pid_file.stem
        pid_file.unlink(missing_ok=True)
    _terminate(targets, timeout)
    return [f"stopped stale {name} (pid {pid})" for pid, name in targets.items()]


def _terminate(pids: Iterable[int], timeout: float) -> None:
    """SIGTERM all at once, SIGKILL what is still there after `timeout`."""
    # Our children lead their own group; signal a group only if that still holds.
    groups = {pid: _leads_group(pid) for pid in pids}
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid, group in groups.items():
            _send(pid, sig, group)
        deadline = time.monotonic() + timeout
        while any(pid_running(pid) for pid in groups) and time.monotonic() < deadline:
            time.sleep(0.05)
        groups = {pid: group for pid, group in groups.items() if pid_running(pid)}
        if not groups:
            return


def _leads_group(pid: int) -> bool:
    try:
        return os.getpgid(pid) == pid
    except ProcessLookupError:
        return False


def _send(pid: int, sig: signal.Signals, group: bool) -> None:
    with contextlib.suppress(ProcessLookupError):
        if group:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
