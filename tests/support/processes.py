"""The whole platform as real processes (the `make run` runner) against the test servers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from shared.localstack.processes import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def running_platform(nats_url: str, mongo_url: str, data_dir: Path) -> Iterator[str]:
    """Start services and gateway as processes; yield the gateway's base URL once ready."""
    port = free_port()
    env = dict(os.environ)
    env.update(
        NATS_URL=nats_url,
        MONGODB_URL=mongo_url,
        GAMONTJ_DATA_DIR=str(data_dir),
        GAMONTJ_HTTP_PORT=str(port),
        GAMONTJ_DB_PREFIX=f"p{uuid.uuid4().hex[:8]}",
    )
    log = (data_dir / "runner.log").open("w")
    runner = subprocess.Popen(
        [sys.executable, "-m", "shared.localstack"],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base_url, runner, data_dir)
        yield base_url
    finally:
        runner.send_signal(signal.SIGINT)
        try:
            runner.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(runner.pid, signal.SIGKILL)
            runner.wait()
        log.close()


def _wait_ready(base_url: str, runner: subprocess.Popen[bytes], data_dir: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if runner.poll() is not None:
            break
        try:
            if httpx.get(f"{base_url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(
        "platform did not become ready:\n" + (data_dir / "runner.log").read_text()[-3000:]
    )
