"""Workspaces, members, invitations and API keys in the core, with fakes of every port."""

from __future__ import annotations

import pytest

from services.auth.app.accept_invitation import accept_invitation
from services.auth.app.change_member_role import change_member_role
from services.auth.app.create_api_key import create_api_key
from services.auth.app.create_invitation import create_invitation
from services.auth.app.create_workspace import create_workspace
from services.auth.app.list_members import list_members
from services.auth.app.register import register
from services.auth.app.remove_member import remove_member
from services.auth.app.revoke_api_key import revoke_api_key
from services.auth.app.switch_workspace import switch_workspace
from services.auth.app.verify_api_key import verify_api_key
from services.auth.domain import errors
from shared.contracts import auth as c
from shared.tenancy import RequestContext, TenantId
from tests.auth.fake_core import FakeAuth


async def person(auth: FakeAuth, name: str) -> RequestContext:
    done = await register(
        auth.core, c.RegisterRequest(email=f"{name}@example.test", password="a long enough secret")
    )
    return RequestContext(tenant_id=TenantId(done.workspace.id), actor=done.user.id)


def inside(ctx: RequestContext, workspace_id: str) -> RequestContext:
    return RequestContext(tenant_id=TenantId(workspace_id), actor=ctx.actor)


async def invited(auth: FakeAuth, owner: RequestContext, name: str, role: str) -> RequestContext:
    guest = await person(auth, name)
    reply = await create_invitation(
        auth.core, c.CreateInvitationRequest(ctx=owner, email=f"{name}@example.test", role=role)
    )
    assert reply.invitation.link is not None
    token = reply.invitation.link.rsplit("/", 1)[1]
    await accept_invitation(auth.core, c.AcceptInvitationRequest(ctx=guest, token=token))
    assert owner.tenant_id is not None
    return inside(guest, owner.tenant_id)


async def test_an_invitation_is_single_use_bound_to_its_email_and_expires() -> None:
    auth = FakeAuth()
    owner, stranger = await person(auth, "owner"), await person(auth, "stranger")
    invitee = await person(auth, "invitee")
    reply = await create_invitation(
        auth.core, c.CreateInvitationRequest(ctx=owner, email="Invitee@example.test", role="editor")
    )
    assert reply.invitation.link is not None
    token = reply.invitation.link.rsplit("/", 1)[1]
    with pytest.raises(errors.NotFound):  # someone else holding the link cannot use it
        await accept_invitation(auth.core, c.AcceptInvitationRequest(ctx=stranger, token=token))
    joined = await accept_invitation(auth.core, c.AcceptInvitationRequest(ctx=invitee, token=token))
    assert (joined.id, joined.role) == (owner.tenant_id, "editor")
    with pytest.raises(errors.NotFound):
        await accept_invitation(auth.core, c.AcceptInvitationRequest(ctx=invitee, token=token))
    late = await create_invitation(
        auth.core, c.CreateInvitationRequest(ctx=owner, email="late@example.test", role="viewer")
    )
    late_person = await person(auth, "late")
    auth.clock.advance(7 * 24 * 3600)
    assert late.invitation.link is not None
    with pytest.raises(errors.NotFound):
        await accept_invitation(
            auth.core,
            c.AcceptInvitationRequest(
                ctx=late_person, token=late.invitation.link.rsplit("/", 1)[1]
            ),
        )
    assert "auth.invitation_created" in auth.log.types()


async def test_role_changes_are_rechecked_against_the_stored_role_not_the_token() -> None:
    auth = FakeAuth()
    owner = await person(auth, "owner")
    admin = await invited(auth, owner, "admin", "admin")
    editor = await invited(auth, owner, "editor", "editor")
    await change_member_role(
        auth.core, c.ChangeMemberRoleRequest(ctx=owner, user_id=admin.actor, role="viewer")
    )
    # The former admin's token may still say admin; the service asks the workspace.
    stale = RequestContext(tenant_id=admin.tenant_id, actor=admin.actor, role="admin")
    with pytest.raises(errors.PermissionDenied):
        await remove_member(auth.core, c.RemoveMemberRequest(ctx=stale, user_id=editor.actor))
    assert "auth.member_role_changed" in auth.log.types()


async def test_the_last_owner_rule_holds_through_the_use_cases() -> None:
    auth = FakeAuth()
    owner = await person(auth, "owner")
    with pytest.raises(errors.LastOwner):
        await change_member_role(
            auth.core, c.ChangeMemberRoleRequest(ctx=owner, user_id=owner.actor, role="admin")
        )
    with pytest.raises(errors.LastOwner):
        await remove_member(auth.core, c.RemoveMemberRequest(ctx=owner, user_id=owner.actor))
    members = await list_members(auth.core, c.ListMembersRequest(ctx=owner))
    assert [(m.user_id, m.role) for m in members.items] == [(owner.actor, "owner")]


async def test_another_workspace_is_not_found_and_switching_there_needs_membership() -> None:
    auth = FakeAuth()
    alice, bob = await person(auth, "alice"), await person(auth, "bob")
    assert bob.tenant_id is not None
    with pytest.raises(errors.NotFound):
        await list_members(auth.core, c.ListMembersRequest(ctx=inside(alice, bob.tenant_id)))
    with pytest.raises(errors.NotFound):
        await switch_workspace(
            auth.core, c.SwitchWorkspaceRequest(ctx=alice, workspace_id=bob.tenant_id)
        )
    with pytest.raises(errors.NotFound):
        await remove_member(auth.core, c.RemoveMemberRequest(ctx=alice, user_id=bob.actor))


async def test_api_keys_never_outrank_their_creator_and_die_with_revocation() -> None:
    auth = FakeAuth()
    owner = await person(auth, "owner")
    admin = await invited(auth, owner, "admin", "admin")
    with pytest.raises(errors.RoleTooHigh):
        await create_api_key(
            auth.core, c.CreateApiKeyRequest(ctx=admin, key_name="ci", role="owner")
        )
    created = await create_api_key(
        auth.core, c.CreateApiKeyRequest(ctx=admin, key_name="ci", role="editor")
    )
    assert created.key is not None and created.key.startswith("gmj_")
    found = await verify_api_key(auth.core, c.VerifyApiKeyRequest(key=created.key))
    assert (found.tenant_id, found.role) == (owner.tenant_id, "editor")
    await revoke_api_key(auth.core, c.RevokeApiKeyRequest(ctx=owner, api_key_id=created.api_key.id))
    with pytest.raises(errors.InvalidApiKey):
        await verify_api_key(auth.core, c.VerifyApiKeyRequest(key=created.key))
    with pytest.raises(errors.NotFound):  # revoking twice finds nothing to revoke
        await revoke_api_key(
            auth.core, c.RevokeApiKeyRequest(ctx=owner, api_key_id=created.api_key.id)
        )


async def test_an_idempotency_key_replays_the_first_result_and_refuses_a_different_body() -> None:
    auth = FakeAuth()
    owner = await person(auth, "owner")
    request = c.CreateWorkspaceRequest(ctx=owner, workspace_name="Second", idempotency_key="k1")
    first = await create_workspace(auth.core, request)
    again = await create_workspace(auth.core, request)
    assert (again.workspace.id, again.replayed, first.replayed) == (first.workspace.id, True, False)
    with pytest.raises(errors.IdempotencyKeyReused):
        await create_workspace(
            auth.core,
            c.CreateWorkspaceRequest(ctx=owner, workspace_name="Other", idempotency_key="k1"),
        )
    key = c.CreateApiKeyRequest(ctx=owner, key_name="ci", role="viewer", idempotency_key="k1")
    made, replay = await create_api_key(auth.core, key), await create_api_key(auth.core, key)
    assert made.key is not None and replay.key is None  # the secret is shown once only
    assert replay.api_key.id == made.api_key.id and replay.replayed
