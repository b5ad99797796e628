"""The end-to-end fixtures: every service, the gateway and the provider sandbox."""

from tests.e2e.conftest import platform, sandbox

__all__ = ["platform", "sandbox"]
