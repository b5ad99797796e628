"""Fixtures of the deployment tests: the rendered objects of each overlay."""

from __future__ import annotations

from typing import Any

import pytest

from tests.deploy.layout import OVERLAYS, rendered


@pytest.fixture(params=OVERLAYS)
def overlay(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def manifests(overlay: str) -> list[dict[str, Any]]:
    """Every object the overlay renders to (a copy: tests may break it)."""
    return rendered(overlay)
