"""Use case: invite someone by e-mail to join the caller's workspace with a role."""

from __future__ import annotations

from services.auth.app.authorize import authorize
from services.auth.app.core import AuthCore
from services.auth.app.idempotency import idempotency_mark
from services.auth.app.views import instant, invitation_view
from services.auth.domain.email import normalize_email
from services.auth.domain.errors import AlreadyMember, IdempotencyKeyReused, RoleTooHigh
from services.auth.domain.invitation import INVITATION_PREFIX, Invitation
from services.auth.domain.permissions import Permission
from services.auth.domain.roles import Role, at_least, parse_role
from services.auth.domain.secret_token import INVITATION_PREFIX as TOKEN_PREFIX
from services.auth.domain.secret_token import digest, new_secret
from shared.contracts.auth import CreateInvitationRequest, InvitationCreated
from shared.contracts.auth_views import InvitationCreatedReply
from shared.ids import new_id


async def create_invitation(
    core: AuthCore, request: CreateInvitationRequest
) -> InvitationCreatedReply:
    """The link (with its token) is in this answer and the event for the mailer, not in replays."""
    ctx = request.ctx
    ws, mine = await authorize(core, ctx, Permission.INVITATIONS_CREATE)
    email, role = normalize_email(request.email), parse_role(request.role)
    if not at_least(mine, role):
        raise RoleTooHigh(role)
    mark = idempotency_mark("invitation", ctx.actor, request.idempotency_key)
    if (
        earlier := await core.invitations.by_idempotency(tenant_id=ws.id, idempotency=mark)
    ) is not None:
        return _replay(earlier, email, role)
    invitee = await core.users.by_email(email=email)
    if invitee is not None and ws.role_of(invitee.id) is not None:
        raise AlreadyMember(invitee.id)
    token = new_secret(TOKEN_PREFIX)
    invitation = _invitation(core, ws.id, email, role, ctx.actor, digest(token))
    link = core.policy.invitation_url.format(token=token)
    event = InvitationCreated(
        tenant_id=ws.id,
        actor=ctx.actor,
        invitation_id=invitation.id,
        email=email,
        role=role,
        link=link,
        expires_at=instant(invitation.expires_at_ms),
    )
    if not await core.invitations.add(invitation, idempotency=mark, events=[event]):
        earlier = await core.invitations.by_idempotency(tenant_id=ws.id, idempotency=mark)
        assert earlier is not None
        return _replay(earlier, email, role)
    return InvitationCreatedReply(invitation=invitation_view(invitation, link))


def _invitation(
    core: AuthCore, tenant_id: str, email: str, role: Role, actor: str, token_hash: str
) -> Invitation:
    now = core.clock.now_ms()
    return Invitation(
        id=new_id(INVITATION_PREFIX),
        tenant_id=tenant_id,
        email=email,
        role=role,
        token_hash=token_hash,
        invited_by=actor,
        created_at_ms=now,
        expires_at_ms=now + core.policy.invitation_ttl_s * 1000,
    )


def _replay(earlier: Invitation, email: str, role: str) -> InvitationCreatedReply:
    if (earlier.email, earlier.role) != (email, role):
        raise IdempotencyKeyReused("invitation")
    return InvitationCreatedReply(invitation=invitation_view(earlier, None), replayed=True)
