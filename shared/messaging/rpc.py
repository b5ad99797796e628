"""Request/reply over core NATS: typed handlers that answer problems, and a client with timeouts."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import msgspec
import nats.errors
from faststream.nats import NatsBroker, NatsMessage, NatsRouter

from shared.contracts.rpc import RpcReply, RpcRequest
from shared.errors import Problem, ProblemCode
from shared.metrics import histogram
from shared.observability.metric_names import DESTINATION, ERROR_TYPE, RPC_DURATION
from shared.telemetry import tag_workspace

log = logging.getLogger("gamontj.rpc")

Req = TypeVar("Req", bound=RpcRequest)
Resp = TypeVar("Resp")

_reply_encoder = msgspec.json.Encoder()
_reply_decoder = msgspec.json.Decoder(RpcReply)


def encode_success(result: Any) -> bytes:
    return _reply_encoder.encode(RpcReply(ok=True, data=msgspec.Raw(_reply_encoder.encode(result))))


def encode_problem(problem: Problem) -> bytes:
    return _reply_encoder.encode(RpcReply(ok=False, problem=problem.to_details()))


def rpc_handler(
    router: NatsRouter | NatsBroker,
    subject: str,
    *,
    queue: str,
    request_type: type[Req],
) -> Callable[[Callable[[Req], Awaitable[Any]]], Callable[[Req], Awaitable[Any]]]:
    """Register `handler(request) -> struct` on `subject`; problems travel back as replies."""
    decoder = msgspec.json.Decoder(request_type)

    def register(handler: Callable[[Req], Awaitable[Any]]) -> Callable[[Req], Awaitable[Any]]:
        async def on_request(msg: NatsMessage) -> bytes:
            started = time.perf_counter()
            reply, error = await _answer(msg.body)
            attributes = {DESTINATION: subject} | ({ERROR_TYPE: error} if error else {})
            histogram(RPC_DURATION).record(time.perf_counter() - started, attributes)
            return reply

        async def _answer(body: bytes) -> tuple[bytes, str]:
            try:
                request = decoder.decode(body)
            except msgspec.DecodeError as exc:
                problem = Problem(ProblemCode.BAD_REQUEST, f"invalid request: {exc}")
                return encode_problem(problem), problem.code
            tag_workspace(request.ctx.tenant_id)
            try:
                return encode_success(await handler(request)), ""
            except Problem as problem:
                return encode_problem(problem), problem.code
            except Exception:
                # The caller gets a generic problem; the details stay in our log with the trace.
                log.exception("rpc handler failed", extra={"rpc.subject": subject})
                failure = Problem(ProblemCode.INTERNAL, "the service failed")
                return encode_problem(failure), failure.code

        on_request.__name__ = f"rpc_{subject.replace('.', '_')}"
        router.subscriber(subject, queue=queue, title=subject)(on_request)
        return handler

    return register


class RpcClient:
    """Calls `rpc.<service>.<operation>` and turns every failure into a `Problem`."""

    def __init__(self, broker: NatsBroker, *, timeout_s: float) -> None:
        self._broker = broker
        self._timeout_s = timeout_s

    async def call(
        self,
        subject: str,
        request: RpcRequest,
        response_type: type[Resp],
        *,
        timeout_s: float | None = None,
    ) -> Resp:
        timeout = timeout_s if timeout_s is not None else self._timeout_s
        tag_workspace(request.ctx.tenant_id)  # the caller's span (e.g. the gateway request)
        try:
            message = await self._broker.request(
                _reply_encoder.encode(request), subject, timeout=timeout
            )
        except nats.errors.NoRespondersError as exc:
            raise Problem(
                ProblemCode.SERVICE_UNAVAILABLE, f"no service is answering {subject}"
            ) from exc
        except (TimeoutError, nats.errors.TimeoutError) as exc:
            raise Problem(
                ProblemCode.UPSTREAM_TIMEOUT, f"{subject} did not answer within {timeout}s"
            ) from exc
        reply = _reply_decoder.decode(message.body)
        if not reply.ok:
            if reply.problem is None:
                raise Problem(ProblemCode.INTERNAL, f"{subject} answered an empty error")
            raise Problem.from_details(reply.problem)
        return msgspec.json.decode(reply.data, type=response_type)
