"""`python -m shared.localstack` (make run) starts the whole platform and Ctrl-C stops all of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared.localstack.processes import free_port, read_pid_file, tail_file
from shared.localstack.stale import pid_running, stop_stale

pytestmark = [pytest.mark.slow, pytest.mark.integration]

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPONENTS = ("nats", "auth", "media", "publisher", "audit")
READY_TIMEOUT_S = 60.0
EXIT_TIMEOUT_S = 20.0


def test_runner_serves_readyz_and_ctrl_c_leaves_no_process(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    output = tmp_path / "runner.out"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"NATS_URL", "MONGODB_URL"}}
    env.update(GAMONTJ_DATA_DIR=str(data_dir), GAMONTJ_HTTP_PORT=str(port))
    with output.open("wb") as out:
        runner = subprocess.Popen(
            [sys.executable, "-m", "shared.localstack"],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    pids: set[int] = set()
    try:
        body = _wait_ready(runner, port, data_dir, output, pids)
        assert body["status"] == "ok", body
        for name in COMPONENTS:
            assert body["components"][name]["ok"] is True, (name, body)
        pids |= _pids(data_dir)
        assert len(pids) >= 2 + 5, pids  # nats, nx-27017 and five services
        runner.send_signal(signal.SIGINT)
        runner.wait(timeout=EXIT_TIMEOUT_S)
    finally:
        _cleanup(runner, data_dir)
    assert runner.returncode == 0, tail_file(output, 40)
    still_running = sorted(pid for pid in pids | {runner.pid} if pid_running(pid))
    assert still_running == [], tail_file(output, 40)
    assert not Path(f"/proc/{runner.pid}").exists()
    assert list((data_dir / "run").glob("*.pid")) == []


def _wait_ready(
    runner: subprocess.Popen[bytes], port: int, data_dir: Path, output: Path, pids: set[int]
) -> dict[str, Any]:
    """The /readyz body once it answers 200, collecting pid files while they exist."""
    url = f"http://127.0.0.1:{port}/readyz"
    deadline = time.monotonic() + READY_TIMEOUT_S
    last = "no answer"
    while time.monotonic() < deadline:
        pids |= _pids(data_dir)
        if runner.poll() is not None:
            pytest.fail(f"runner exited with {runner.returncode}:\n{tail_file(output, 40)}")
        try:
            response = httpx.get(url, timeout=2.0)
        except httpx.HTTPError as exc:
            last = repr(exc)
        else:
            if response.status_code == 200:
                body: dict[str, Any] = response.json()
                return body
            last = f"{response.status_code} {response.text[:500]}"
        time.sleep(0.25)
    pytest.fail(f"{url} not 200 after {READY_TIMEOUT_S} s ({last}):\n{tail_file(output, 40)}")


def _pids(data_dir: Path) -> set[int]:
    found: set[int] = set()
    for pid_file in (data_dir / "run").glob("*.pid"):
        parsed = read_pid_file(pid_file)
        if parsed is not None:
            found.add(parsed[0])
    return found


def _cleanup(runner: subprocess.Popen[bytes], data_dir: Path) -> None:
    """Only after a failure: stop the runner, then whatever its pid files prove is ours."""
    if runner.poll() is None:
        runner.kill()
        runner.wait()
    stop_stale(data_dir / "run", timeout=5.0)
