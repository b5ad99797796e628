"""Mapping from the domain to the contract views the RPC replies carry."""

from __future__ import annotations

from datetime import UTC, datetime

from services.auth.domain.api_key import ApiKey
from services.auth.domain.invitation import Invitation
from services.auth.domain.privacy import PrivacyAcceptance
from services.auth.domain.roles import Role
from services.auth.domain.user import User
from services.auth.domain.workspace import Workspace
from shared.contracts.auth_views import (
    ApiKeyView,
    InvitationView,
    MemberView,
    PrivacyView,
    UserView,
    WorkspaceView,
)


def instant(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def user_view(user: User) -> UserView:
    return UserView(id=user.id, email=user.email, created_at=instant(user.created_at_ms))


def workspace_view(ws: Workspace, role: Role) -> WorkspaceView:
    return WorkspaceView(id=ws.id, name=ws.name, role=role, created_at=instant(ws.created_at_ms))


def member_views(ws: Workspace, users: list[User]) -> list[MemberView]:
    emails = {user.id: user.email for user in users}
    return [
        MemberView(
            user_id=uid,
            email=emails.get(uid, ""),
            role=member.role,
            joined_at=instant(member.joined_at_ms),
        )
        for uid, member in sorted(ws.members.items(), key=lambda kv: kv[1].joined_at_ms)
    ]


def invitation_view(invitation: Invitation, link: str | None) -> InvitationView:
    return InvitationView(
        id=invitation.id,
        email=invitation.email,
        role=invitation.role,
        expires_at=instant(invitation.expires_at_ms),
        link=link,
    )


def api_key_view(key: ApiKey) -> ApiKeyView:
    return ApiKeyView(
        id=key.id,
        name=key.name,
        role=key.role,
        prefix=key.prefix,
        created_at=instant(key.created_at_ms),
        last_used_at=instant(key.last_used_at_ms) if key.last_used_at_ms else None,
    )


def privacy_view(current_version: str, accepted: PrivacyAcceptance | None) -> PrivacyView:
    if accepted is None:
        return PrivacyView(current_version=current_version)
    return PrivacyView(
        current_version=current_version,
        accepted_version=accepted.version,
        accepted_at=instant(accepted.accepted_at_ms),
    )
