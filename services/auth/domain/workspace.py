"""The workspace aggregate: the tenant and its members, with the rules on roles and owners."""

from __future__ import annotations

import msgspec

from services.auth.domain.errors import AlreadyMember, LastOwner, NotFound, RoleTooHigh
from services.auth.domain.roles import Role, at_least

WORKSPACE_PREFIX = "wsp"


class Member(msgspec.Struct, frozen=True, kw_only=True):
    role: Role
    joined_at_ms: int


class Workspace(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    created_by: str
    created_at_ms: int
    members: dict[str, Member]
    version: int = 1

    def role_of(self, user_id: str) -> Role | None:
        member = self.members.get(user_id)
        return None if member is None else member.role

    def owner_count(self) -> int:
        return sum(1 for m in self.members.values() if m.role is Role.OWNER)


def founded(workspace_id: str, name: str, *, owner: str, now_ms: int) -> Workspace:
    member = Member(role=Role.OWNER, joined_at_ms=now_ms)
    return Workspace(
        id=workspace_id, name=name, created_by=owner, created_at_ms=now_ms, members={owner: member}
    )


def add_member(ws: Workspace, user_id: str, role: Role, *, now_ms: int) -> Workspace:
    if user_id in ws.members:
        raise AlreadyMember(user_id)
    members = {**ws.members, user_id: Member(role=role, joined_at_ms=now_ms)}
    return msgspec.structs.replace(ws, members=members)


def change_role(ws: Workspace, *, actor_role: Role, user_id: str, role: Role) -> Workspace:
    """Nobody touches or grants a role above their own; the last owner stays an owner."""
    current = _guarded_member(ws, actor_role, user_id)
    if not at_least(actor_role, role):
        raise RoleTooHigh(role)
    if current.role is Role.OWNER and role is not Role.OWNER and ws.owner_count() == 1:
        raise LastOwner(user_id)
    members = {**ws.members, user_id: msgspec.structs.replace(current, role=role)}
    return msgspec.structs.replace(ws, members=members)


def remove_member(ws: Workspace, *, actor_role: Role, user_id: str) -> Workspace:
    current = _guarded_member(ws, actor_role, user_id)
    if current.role is Role.OWNER and ws.owner_count() == 1:
        raise LastOwner(user_id)
    members = {uid: m for uid, m in ws.members.items() if uid != user_id}
    return msgspec.structs.replace(ws, members=members)


def _guarded_member(ws: Workspace, actor_role: Role, user_id: str) -> Member:
    member = ws.members.get(user_id)
    if member is None:
        raise NotFound("member")
    if not at_least(actor_role, member.role):
        raise RoleTooHigh(member.role)
    return member
