"""Child processes for local runs: free ports, readiness waits, pid files, group-wide stops."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

_POLL_S = 0.05


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def tcp_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def http_status(url: str, timeout: float = 1.0) -> int | None:
    """The status of a GET, or None when nothing answered."""
    try:
        return httpx.get(url, timeout=timeout).status_code
    except httpx.HTTPError:
        return None


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what} not ready after {timeout:.0f} s")
        time.sleep(_POLL_S * 2)


def wait_for_tcp(host: str, port: int, timeout: float) -> None:
    wait_until(lambda: tcp_open(host, port), timeout, f"tcp {host}:{port}")


def wait_for_http(url: str, timeout: float, expect_status: int = 200) -> None:
    wait_until(lambda: http_status(url) == expect_status, timeout, url)


@dataclass
class ManagedProcess:
    """One child in its own session, output in `log_path`, pid and argv in `pid_path`."""

    name: str
    argv: Sequence[str]
    log_path: Path
    pid_path: Path
    env: Mapping[str, str] | None = None
    cwd: Path | None = None
    _popen: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    @property
    def pid(self) -> int | None:
        return None if self._popen is None else self._popen.pid

    def start(self) -> None:
        if self._popen is not None:
            raise RuntimeError(f"{self.name} already started")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.pid_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            # A new session keeps a terminal's Ctrl-C away from the child, so the runner
            # decides the stop order, and gives us a process group to signal as a whole.
            self._popen = subprocess.Popen(
                list(self.argv),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=None if self.env is None else dict(self.env),
                cwd=self.cwd,
                start_new_session=True,
            )
        write_pid_file(self.pid_path, self._popen.pid, self.argv)

    def exit_code(self) -> int | None:
        """The exit status once the child has ended, without reaping it (see `stop`)."""
        if self._popen is None:
            return None
        if self._popen.returncode is not None:
            return self._popen.returncode
        try:
            info = os.waitid(os.P_PID, self._popen.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:  # reaped elsewhere; Popen still knows the status
            return self._popen.poll()
        if info is None:
            return None
        return info.si_status if info.si_code == os.CLD_EXITED else -info.si_status

    def alive(self) -> bool:
        return self._popen is not None and self.exit_code() is None

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the group, SIGKILL whatever is left after `timeout`, reap, drop the pid file."""
        popen = self._popen
        if popen is None:
            return
        if popen.returncode is None:
            _signal_group(popen.pid, signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while self.exit_code() is None and time.monotonic() < deadline:
                time.sleep(_POLL_S)
            # The leader is at most a zombie here, so its pid (our group id) cannot have
            # been reused: killing the group only reaches our own leftovers.
            _signal_group(popen.pid, signal.SIGKILL)
            popen.wait()
        self.pid_path.unlink(missing_ok=True)

    def tail(self, n: int = 20) -> str:
        return tail_file(self.log_path, n)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def tail_file(path: Path, n: int = 20) -> str:
    """The last `n` lines of a possibly large log, reading only its end."""
    try:
        with path.open("rb") as f:
            size = f.seek(0, os.SEEK_END)
            f.seek(max(0, size - (n * 512 + 4096)))
            data = f.read()
    except FileNotFoundError:
        return ""
    return "\n".join(data.decode("utf-8", "replace").splitlines()[-n:])


def write_pid_file(path: Path, pid: int, argv: Sequence[str]) -> None:
    # The argv line lets a later run check /proc/<pid>/cmdline before killing anything.
    tmp = path.with_suffix(".tmp")
    tmp.write_text(f"{pid}\n{json.dumps(list(argv))}\n")
    tmp.replace(path)


def read_pid_file(path: Path) -> tuple[int, list[str] | None] | None:
    """(pid, argv) from our pid files, (pid, None) from a bare one, None if unreadable."""
    try:
        lines = path.read_text().splitlines()
        pid = int(lines[0].strip())
    except (OSError, ValueError, IndexError):
        return None
    try:
        argv = json.loads(lines[1]) if len(lines) > 1 else None
    except ValueError:
        argv = None
    if not (isinstance(argv, list) and all(isinstance(a, str) for a in argv)):
        return pid, None
    return pid, argv
