"""The sandbox application: every provider stand-in plus the control API in one Litestar app."""

from __future__ import annotations

from typing import Any

from litestar import Litestar, Request, Response
from litestar.datastructures import State
from litestar.exceptions import HTTPException
from litestar.types import Scope

from sandbox.bluesky.replies import BlueskyStyle
from sandbox.bluesky.routes import bluesky_router
from sandbox.control import control_router
from sandbox.control_providers import PROVIDER_CONTROLS
from sandbox.gate import ProviderGate, ProviderStyle
from sandbox.mastodon.replies import MastodonStyle
from sandbox.mastodon.routes import mastodon_router
from sandbox.replies import ProviderError, logger, quiet_simulated_resets
from sandbox.state import SandboxState
from sandbox.tiktok.replies import TikTokStyle
from sandbox.tiktok.routes import tiktok_router


def _provider_error(request: Request[Any, Any, Any], error: ProviderError) -> Response[Any]:
    return error.reply.response()


async def _log_crash(error: BaseException, scope: Scope) -> None:
    if not isinstance(error, ProviderError | HTTPException):
        logger.error("sandbox handler crashed: %s", scope.get("path"), exc_info=error)


def create_sandbox_app(state: SandboxState | None = None) -> Litestar:
    """A fresh app around `state` (a new, empty SandboxState when none is given)."""
    state = state or SandboxState()
    styles: dict[str, ProviderStyle] = {
        "tiktok": TikTokStyle(),
        "mastodon": MastodonStyle(),
        "bluesky": BlueskyStyle(),
    }
    quiet_simulated_resets()
    return Litestar(
        route_handlers=[
            tiktok_router(),
            mastodon_router(),
            bluesky_router(),
            control_router(PROVIDER_CONTROLS),
        ],
        middleware=[ProviderGate(state, styles)],
        exception_handlers={ProviderError: _provider_error},
        state=State({"sandbox": state}),
        openapi_config=None,
        # Leave the host process's logging alone; log real crashes, not provider answers.
        logging_config=None,
        after_exception=[_log_crash],
    )
