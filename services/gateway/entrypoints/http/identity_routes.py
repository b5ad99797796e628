"""Every identity controller, registered together by the gateway's composition root."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from services.gateway.entrypoints.http.api_key_routes import ApiKeyController
from services.gateway.entrypoints.http.auth_routes import AuthController
from services.gateway.entrypoints.http.invitation_routes import InvitationController
from services.gateway.entrypoints.http.me_routes import MeController
from services.gateway.entrypoints.http.member_routes import MemberController
from services.gateway.entrypoints.http.workspace_routes import WorkspaceController

IDENTITY_ROUTES: list[ControllerRouterHandler] = [
    AuthController,
    MeController,
    WorkspaceController,
    MemberController,
    InvitationController,
    ApiKeyController,
]
