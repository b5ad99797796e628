"""Fixtures: one in-process sandbox for the session, emptied before each test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from sandbox.runner import RunningSandbox, running_sandbox


@pytest.fixture(scope="session")
async def sandbox_server() -> AsyncIterator[RunningSandbox]:
    async with running_sandbox() as running:
        yield running


@pytest.fixture
def sb(sandbox_server: RunningSandbox) -> RunningSandbox:
    """The shared sandbox with fresh state, default config and no faults."""
    sandbox_server.state.reset()
    return sandbox_server


@pytest.fixture
async def http(sb: RunningSandbox) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=sb.base_url, timeout=10.0) as client:
        yield client
