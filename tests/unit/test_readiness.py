"""Readiness rules, with a fake probe."""

from __future__ import annotations

from services.gateway.app.check_readiness import check_readiness
from services.gateway.domain.readiness import BACKEND_SERVICES, ComponentStatus
from tests.support.fakes import FakeHealthProbe


async def test_ready_only_when_the_broker_and_every_service_are_ok() -> None:
    probe = FakeHealthProbe()
    report = await check_readiness(probe, timeout_s=1.0)
    assert report.status == "ok"
    assert set(report.components) == {"nats", *BACKEND_SERVICES}
    assert [name for name, _ in probe.asked] == list(BACKEND_SERVICES)
    assert all(timeout == 1.0 for _, timeout in probe.asked)


async def test_one_service_without_its_store_makes_the_platform_unavailable() -> None:
    probe = FakeHealthProbe(services={"audit": ComponentStatus(ok=False, mongo=False)})
    report = await check_readiness(probe, timeout_s=1.0)
    assert report.status == "unavailable"
    assert report.components["audit"].mongo is False
    assert report.components["auth"].ok is True


async def test_without_the_broker_no_service_is_asked_and_all_are_reported_down() -> None:
    probe = FakeHealthProbe(broker_ok=False)
    report = await check_readiness(probe, timeout_s=1.0)
    assert report.status == "unavailable"
    assert probe.asked == []
    assert all(not report.components[name].ok for name in BACKEND_SERVICES)
