"""The `make run` supervisor: infrastructure, then each service, then wait for Ctrl-C."""

from __future__ import annotations

import fcntl
import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import IO

from shared.localstack.processes import ManagedProcess, free_port, http_status, tcp_open
from shared.localstack.servers import (
    MissingBinaryError,
    ServerStartError,
    start_mongo,
    start_nats,
)
from shared.localstack.stale import stop_stale

# Start order; shutdown runs in reverse. The gateway comes last because it fronts the rest.
# The provider sandbox comes first: the services' default provider URLs point at it.
SERVICE_MODULES: tuple[str, ...] = (
    "sandbox",
    "services.auth",
    "services.media",
    "services.publisher",
    "services.audit",
    "services.gateway",
    "web",
)
READY_TIMEOUT_S = 60.0
DEFAULT_SANDBOX_PORT = 8070
DEFAULT_WEB_PORT = 8090
STOP_TIMEOUT_S = 10.0


class Stack:
    """Everything one `python -m shared.localstack` started, in start order."""

    def __init__(self, repo_root: Path, data_dir: Path, http_port: int) -> None:
        self.repo_root = repo_root
        self.data_dir = data_dir
        self.logs_dir = data_dir / "logs"
        self.run_dir = data_dir / "run"
        self.http_port = http_port
        self.base_url = f"http://127.0.0.1:{http_port}"
        self.children: list[ManagedProcess] = []
        self.sandbox_url = ""
        self.web_url = ""
        self._signalled: int | None = None

    def run(self) -> int:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        lock = self._lock()
        if lock is None:
            return 1
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)
        with lock:
            try:
                for line in stop_stale(self.run_dir):
                    print(line)
                return self._start_and_supervise()
            except (MissingBinaryError, ServerStartError) as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
            except KeyboardInterrupt:
                return 130
            finally:
                self.shutdown()

    def _lock(self) -> IO[str] | None:
        # An flock dies with its holder, so a crashed runner never blocks the next one.
        lock = (self.run_dir / "localstack.lock").open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            print(f"error: another runner already uses {self.data_dir}; stop it first or")
            print("set GAMONTJ_DATA_DIR to another directory")
            return None
        return lock

    def stopping(self) -> bool:
        """Whether SIGINT/SIGTERM arrived; a method because a signal handler sets the flag."""
        return self._signalled is not None

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if self._signalled is not None:
            raise KeyboardInterrupt  # a second Ctrl-C interrupts even a blocking wait
        self._signalled = signum

    def _start_and_supervise(self) -> int:
        if self.stopping():
            return 0
        if tcp_open("127.0.0.1", self.http_port):
            print(f"error: port {self.http_port} is in use; set GAMONTJ_HTTP_PORT to a free one")
            return 1
        env = self._infrastructure()
        for module in SERVICE_MODULES:
            if self.stopping():
                return 0
            self._start_service(module, env)
        code = self._wait_ready()
        if code is not None:
            return code
        self._print_banner()
        return self._supervise()

    def _infrastructure(self) -> dict[str, str]:
        nats_url = os.environ.get("NATS_URL")
        if nats_url:
            print(f"using external NATS at {nats_url}")
        else:
            nats = start_nats(self.data_dir)
            self.children.append(nats.process)
            nats_url = nats.url
            print(f"nats-server ready at {nats_url}")
        mongo_url = os.environ.get("MONGODB_URL")
        if mongo_url:
            print(f"using external MongoDB at {mongo_url}")
        else:
            mongo = start_mongo(self.data_dir)
            self.children.append(mongo.process)
            mongo_url = mongo.url
            print(f"nx-27017 ready at {mongo_url}")
        env = dict(os.environ)
        env.update(_sandbox_env(env))
        self.sandbox_url = f"http://127.0.0.1:{env['GAMONTJ_SANDBOX_PORT']}"
        env.update(_web_env(env, self.base_url))
        self.web_url = env["GAMONTJ_WEB_PUBLIC_URL"]
        env.update(
            NATS_URL=nats_url,
            MONGODB_URL=mongo_url,
            GAMONTJ_DATA_DIR=str(self.data_dir),
            GAMONTJ_HTTP_PORT=str(self.http_port),
            PYTHONUNBUFFERED="1",  # so a crashed child's last lines are in its log
        )
        return env

    def _start_service(self, module: str, env: dict[str, str]) -> None:
        name = module.rpartition(".")[2] or module
        child = ManagedProcess(
            name=name,
            argv=[sys.executable, "-m", module],
            log_path=self.logs_dir / f"{name}.log",
            pid_path=self.run_dir / f"{name}.pid",
            env=env,
            cwd=self.repo_root,
        )
        self.children.append(child)
        child.start()
        print(f"started {name} (pid {child.pid})")

    def _wait_ready(self) -> int | None:
        """None once /readyz answers 200, else the exit code to stop with."""
        deadline = time.monotonic() + READY_TIMEOUT_S
        while (
            http_status(f"{self.base_url}/readyz") != 200
            or http_status(f"{self.web_url}/healthz") != 200
        ):
            if self.stopping():
                return 0
            if self._report_dead_child():
                return 1
            if time.monotonic() >= deadline:
                print(f"error: {self.base_url}/readyz not 200 after {READY_TIMEOUT_S:.0f} s;")
                print(f"see the logs in {self.logs_dir}")
                return 1
            time.sleep(0.25)
        return None

    def _print_banner(self) -> None:
        print()
        print(f"Gamontj is running at {self.base_url}")
        print(f"  web app:    {self.web_url}")
        print(f"  API docs:   {self.base_url}/schema/swagger")
        print(f"  readiness:  {self.base_url}/readyz")
        print(f"  providers:  sandbox at {self.sandbox_url} (TikTok, Mastodon, Bluesky stand-ins)")
        print(f"  data dir:   {self.data_dir}")
        print(f"  logs:       {self.logs_dir}")
        print("Ctrl-C stops everything.", flush=True)

    def _supervise(self) -> int:
        while not self.stopping():
            if self._report_dead_child():
                return 1
            time.sleep(0.2)
        name = signal.Signals(self._signalled).name if self._signalled else "a signal"
        print(f"\nreceived {name}, stopping")
        return 0

    def _report_dead_child(self) -> bool:
        for child in self.children:
            code = child.exit_code()
            if code is not None:
                print(f"error: {child.name} exited with code {code}; last lines of")
                print(f"{child.log_path}:\n{child.tail(30)}", flush=True)
                return True
        return False

    def shutdown(self) -> None:
        # Every stop is bounded by SIGKILL; a further Ctrl-C here would only leave orphans.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        # Later children depend on earlier ones, so they go first.
        for child in reversed(self.children):
            if child.alive():
                print(f"stopping {child.name}", flush=True)
            child.stop(STOP_TIMEOUT_S)
        self.children.clear()


def _sandbox_env(env: dict[str, str]) -> dict[str, str]:
    """Where the provider sandbox listens, and the provider URLs that point the services at it.

    Explicit provider URLs in the environment (real providers) are kept as they are.
    """
    port = int(env.get("GAMONTJ_SANDBOX_PORT") or DEFAULT_SANDBOX_PORT)
    if "GAMONTJ_SANDBOX_PORT" not in env and tcp_open("127.0.0.1", port):
        port = free_port()
    base = f"http://127.0.0.1:{port}"
    urls = {
        "GAMONTJ_TIKTOK_AUTH_URL": f"{base}/tiktok",
        "GAMONTJ_TIKTOK_API_URL": f"{base}/tiktok",
        "GAMONTJ_MASTODON_INSTANCE_URL": f"{base}/mastodon",
        "GAMONTJ_BLUESKY_PDS_URL": f"{base}/bluesky",
    }
    chosen = {name: env.get(name) or url for name, url in urls.items()}
    return {"GAMONTJ_SANDBOX_PORT": str(port), **chosen}


def _web_env(env: dict[str, str], gateway_url: str) -> dict[str, str]:
    """Where the web application listens, and what lets a browser use it: the OAuth callback
    returns to it, and the media data plane (on a port chosen now) accepts its uploads (CORS).
    """
    port = int(env.get("GAMONTJ_WEB_PORT") or DEFAULT_WEB_PORT)
    if "GAMONTJ_WEB_PORT" not in env and tcp_open("127.0.0.1", port):
        port = free_port()
    web_url = env.get("GAMONTJ_WEB_PUBLIC_URL") or f"http://127.0.0.1:{port}"
    media_port = env.get("GAMONTJ_MEDIA_HTTP_PORT") or str(free_port())
    media_url = env.get("GAMONTJ_MEDIA_PUBLIC_URL") or f"http://127.0.0.1:{media_port}"
    return {
        "GAMONTJ_WEB_PORT": str(port),
        "GAMONTJ_WEB_PUBLIC_URL": web_url,
        "GAMONTJ_WEB_GATEWAY_URL": env.get("GAMONTJ_WEB_GATEWAY_URL") or gateway_url,
        "GAMONTJ_WEB_MEDIA_ORIGINS": env.get("GAMONTJ_WEB_MEDIA_ORIGINS") or media_url,
        "GAMONTJ_MEDIA_HTTP_PORT": media_port,
        "GAMONTJ_MEDIA_CORS_ORIGINS": env.get("GAMONTJ_MEDIA_CORS_ORIGINS") or web_url,
        "GAMONTJ_CONNECT_RETURN_URL": (
            env.get("GAMONTJ_CONNECT_RETURN_URL") or f"{web_url}/connections/return"
        ),
        # Invitation links (answered to the inviter and sent to the mailer) open the web app.
        "GAMONTJ_INVITATION_URL": (
            env.get("GAMONTJ_INVITATION_URL") or f"{web_url}/invitations/{{token}}"
        ),
    }
