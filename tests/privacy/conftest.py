"""The whole platform with the provider sandbox (the end-to-end fixtures), for privacy stories."""

from __future__ import annotations

from tests.e2e.conftest import platform, sandbox

__all__ = ["platform", "sandbox"]
