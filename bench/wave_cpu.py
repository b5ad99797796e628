"""CPU time the wave's own processes spend: a figure other load on the machine barely moves."""

from __future__ import annotations

import os
from pathlib import Path

TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) * TICK_S


def pids_listening_on(port: int, name: str) -> list[int]:
    """Processes whose command line names `name` and `port` (the store or broker we started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        words = [a.decode(errors="replace") for a in argv]
        if any(name in w for w in words) and any(str(port) in w for w in words):
            found.append(int(entry.name))
    return found


class CpuMeter:
    """CPU seconds per named process between `start()` and `stop()`."""

    def __init__(self, pids: dict[str, int]) -> None:
        self._pids = pids
        self._before: dict[str, float] = {}
        self.spent: dict[str, float] = {}

    def start(self) -> None:
        self._before = {name: cpu_s(pid) for name, pid in self._pids.items()}

    def stop(self) -> None:
        self.spent = {
            name: round(cpu_s(pid) - self._before[name], 2) for name, pid in self._pids.items()
        }
