"""HealthProbe over NATS: the connection state and each service's `rpc.<svc>.health` answer."""

from __future__ import annotations

import time

from faststream.nats import NatsBroker

from services.gateway.domain.readiness import ComponentStatus
from shared.contracts.rpc import HealthReply, HealthRequest, health_subject
from shared.errors import Problem
from shared.messaging.rpc import RpcClient


class NatsHealthProbe:
    def __init__(self, broker: NatsBroker, rpc: RpcClient) -> None:
        self._broker = broker
        self._rpc = rpc

    def broker(self) -> ComponentStatus:
        try:
            connected = self._broker.connection.is_connected
        except Exception:  # faststream raises before the first connect
            connected = False
        return ComponentStatus(ok=connected, detail="" if connected else "not connected")

    async def service(self, name: str, *, timeout_s: float) -> ComponentStatus:
        started = time.perf_counter()
        try:
            reply = await self._rpc.call(
                health_subject(name), HealthRequest(), HealthReply, timeout_s=timeout_s
            )
        except Problem as problem:
            return ComponentStatus(ok=False, detail=problem.code)
        latency_ms = round((time.perf_counter() - started) * 1000, 1)
        detail = "" if reply.ok else "store unreachable"
        return ComponentStatus(ok=reply.ok, mongo=reply.mongo, latency_ms=latency_ms, detail=detail)
