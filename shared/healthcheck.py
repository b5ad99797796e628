"""`python -m shared.healthcheck <service>`: the exec probe of a backend service, over NATS.

Readiness (the default) asks `rpc.<service>.health` and passes only when the service
answers `ok` and reports itself able to work (`data.ok`, i.e. its store answers).
`--liveness` passes on any successful answer: a store outage must make pods unready,
not restart them all (see docs/decisions/0032-backend-probes-over-nats.md).
Exit 0 when healthy, else 1 with a one-line reason on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from collections.abc import Sequence

import msgspec
import nats
import nats.errors

from shared.contracts.rpc import HealthReply, RpcReply, health_subject
from shared.settings import SettingsError, load_settings

REQUEST = b'{"ctx":{}}'
DEFAULT_TIMEOUT_S = 2.0
_SERVICE_NAME = re.compile(r"[a-z][a-z0-9_]*")
_USERINFO = re.compile(r"//[^/@,]*@")
_reply_decoder = msgspec.json.Decoder(RpcReply)
_health_decoder = msgspec.json.Decoder(HealthReply)


async def check(
    nats_url: str, service: str, *, liveness: bool = False, timeout_s: float = DEFAULT_TIMEOUT_S
) -> str | None:
    """None when the service is healthy, else why not (one line, no credentials)."""
    try:
        async with asyncio.timeout(timeout_s):
            client = await nats.connect(
                nats_url,
                name=f"healthcheck-{service}",
                connect_timeout=timeout_s,
                allow_reconnect=False,
                # nats-py retries the first connection too (60 x 2 s by default): a probe must not.
                max_reconnect_attempts=1,
                reconnect_time_wait=0,
                error_cb=_ignore,
            )
    except TimeoutError:
        return f"no connection to NATS at {_without_credentials(nats_url)} within {timeout_s:g}s"
    except (OSError, nats.errors.Error) as exc:
        return f"cannot reach NATS at {_without_credentials(nats_url)}: {_describe(exc)}"
    subject = health_subject(service)
    try:
        message = await client.request(subject, REQUEST, timeout=timeout_s)
    except nats.errors.NoRespondersError:
        return f"no {service} instance subscribes to {subject}"
    except TimeoutError:  # nats.errors.TimeoutError is one too
        return f"{subject} did not answer within {timeout_s:g}s"
    finally:
        await client.close()
    return _judge(message.data, subject, liveness=liveness)


def _judge(body: bytes, subject: str, *, liveness: bool) -> str | None:
    try:
        reply = _reply_decoder.decode(body)
        if not reply.ok:
            code = reply.problem.code if reply.problem else "unknown"
            return f"{subject} answered a problem: {code}"
        health = _health_decoder.decode(reply.data)
    except msgspec.DecodeError as exc:
        return f"{subject} answered something that is not a health reply: {exc}"
    if health.ok or liveness:
        return None
    return f"{subject} answered not ok (mongo={str(health.mongo).lower()}) {health.detail}".rstrip()


async def _ignore(_: Exception) -> None:
    """nats-py logs connection errors with tracebacks by default; the reason line is enough."""


def _describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _without_credentials(url: str) -> str:
    """`nats://user:pw@host:4222` -> `nats://host:4222` (each server of a list)."""
    return _USERINFO.sub("//", url)


def _service(value: str) -> str:
    # A wildcard or dot would make the probe ask some other subject than one service's health.
    if not _SERVICE_NAME.fullmatch(value):
        raise argparse.ArgumentTypeError(f"not a service name: {value!r}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.healthcheck", description=__doc__)
    parser.add_argument("service", type=_service, help="auth, media, publisher or audit")
    parser.add_argument("--liveness", action="store_true", help="pass even if the store is down")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds")
    args = parser.parse_args(argv)
    try:
        nats_url = load_settings().nats_url
    except SettingsError as exc:
        reason: str | None = str(exc)
    else:
        reason = asyncio.run(
            check(nats_url, args.service, liveness=args.liveness, timeout_s=args.timeout)
        )
    if reason is None:
        return 0
    one_line = " ".join(reason.split())  # kubelet shows the probe's output as an event
    sys.stderr.write(f"{args.service} unhealthy: {one_line}\n")
    return 1


if __name__ == "__main__":
    sys.exit(main())
