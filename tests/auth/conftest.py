"""Fixtures of the identity tests: one platform per module, a fresh one where a test needs it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shared.telemetry import Telemetry
from tests.auth.platform import Platform, module_settings, running


@pytest.fixture(scope="module")
async def platform(
    nats_url: str, mongo_url: str, tmp_path_factory: pytest.TempPathFactory, telemetry: Telemetry
) -> AsyncIterator[Platform]:
    """Shared by the tests of a module; each test registers its own users and workspaces."""
    settings = module_settings(nats_url, mongo_url, tmp_path_factory.mktemp("identity"))
    async with running(settings, telemetry) as started:
        yield started
