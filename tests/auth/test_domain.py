"""The identity rules on their own: roles, the permission table, passwords, owners, keys."""

from __future__ import annotations

import itertools
import re

import msgspec
import pytest

from services.auth.domain import errors
from services.auth.domain.email import PATTERN as EMAIL_PATTERN
from services.auth.domain.email import normalize_email
from services.auth.domain.password_policy import weak_password_reasons
from services.auth.domain.permissions import PERMISSIONS, Permission, allows, as_table
from services.auth.domain.roles import Role
from services.auth.domain.secret_token import API_KEY_PREFIX, digest
from services.auth.domain.session import Presented, RefreshFamily, classify, family_of
from services.auth.domain.signing_key import KeySchedule, periods_to_add, signing_period
from services.auth.domain.throttle import FailureCount, retry_after_s
from services.auth.domain.workspace import add_member, change_role, founded, remove_member
from shared.contracts import auth as contracts


def test_each_role_can_do_everything_the_role_below_it_can() -> None:
    order = [Role.VIEWER, Role.EDITOR, Role.ADMIN, Role.OWNER]
    for lower, higher in itertools.pairwise(order):
        assert PERMISSIONS[lower] < PERMISSIONS[higher]


def test_only_owners_and_admins_manage_people_and_keys() -> None:
    for permission in (
        Permission.MEMBERS_MANAGE,
        Permission.INVITATIONS_CREATE,
        Permission.API_KEYS_MANAGE,
    ):
        assert {r for r in Role if allows(r, permission)} == {Role.OWNER, Role.ADMIN}
    assert allows(Role.VIEWER, Permission.MEMBERS_READ)
    assert not allows(Role.VIEWER, Permission.POSTS_WRITE)
    assert allows(Role.EDITOR, Permission.POSTS_WRITE)


def test_the_wire_table_lists_every_role() -> None:
    table = as_table()
    assert set(table) == {"owner", "admin", "editor", "viewer"}
    assert "members:manage" in table["admin"] and "members:manage" not in table["editor"]


def test_passwords_under_12_characters_or_equal_to_the_email_are_weak() -> None:
    email = "Someone.Long@Example.test"
    assert weak_password_reasons("short", email) == ["too_short"]
    assert weak_password_reasons("someone.long@example.test", email) == ["same_as_email"]
    assert weak_password_reasons("a@b.co", "a@b.co") == ["too_short", "same_as_email"]
    assert weak_password_reasons("twelve chars!", email) == []


def test_emails_are_trimmed_and_lower_cased_and_must_look_like_emails() -> None:
    assert normalize_email("  Ada.Lovelace@Example.TEST ") == "ada.lovelace@example.test"
    for bad in ("no-at-sign", "a@b", "two@@example.test", "sp ace@example.test", ""):
        with pytest.raises(errors.InvalidEmail):
            normalize_email(bad)


def test_the_last_owner_can_neither_be_demoted_nor_removed() -> None:
    ws = founded("wsp_1", "W", owner="usr_a", now_ms=1)
    with pytest.raises(errors.LastOwner):
        change_role(ws, actor_role=Role.OWNER, user_id="usr_a", role=Role.ADMIN)
    with pytest.raises(errors.LastOwner):
        remove_member(ws, actor_role=Role.OWNER, user_id="usr_a")
    two = change_role(
        add_member(ws, "usr_b", Role.ADMIN, now_ms=2),
        actor_role=Role.OWNER,
        user_id="usr_b",
        role=Role.OWNER,
    )
    assert remove_member(two, actor_role=Role.OWNER, user_id="usr_a").owner_count() == 1


def test_nobody_touches_or_grants_a_role_above_their_own() -> None:
    ws = add_member(founded("wsp_1", "W", owner="usr_a", now_ms=1), "usr_b", Role.EDITOR, now_ms=2)
    with pytest.raises(errors.RoleTooHigh):
        change_role(ws, actor_role=Role.ADMIN, user_id="usr_b", role=Role.OWNER)
    with pytest.raises(errors.RoleTooHigh):
        remove_member(ws, actor_role=Role.ADMIN, user_id="usr_a")
    with pytest.raises(errors.NotFound):
        change_role(ws, actor_role=Role.OWNER, user_id="usr_elsewhere", role=Role.VIEWER)
    with pytest.raises(errors.AlreadyMember):
        add_member(ws, "usr_b", Role.VIEWER, now_ms=3)


def test_a_full_window_of_failures_waits_until_the_window_ends() -> None:
    count = FailureCount(failures=5, window_start_ms=1_000_000)
    assert retry_after_s(count, limit=5, window_s=900, now_ms=1_000_000 + 100_000) == 800
    assert retry_after_s(count, limit=6, window_s=900, now_ms=1_000_000) is None
    assert retry_after_s(count, limit=5, window_s=900, now_ms=1_000_000 + 900_000) is None


def test_a_refresh_token_names_its_family_and_a_rotated_one_counts_as_reuse() -> None:
    token = "gmr_secret.ses_01ABC"
    assert family_of(token) == "ses_01ABC"
    assert family_of("gmj_key") is None and family_of("gmr_x.usr_1") is None
    family = RefreshFamily(
        id="ses_01ABC",
        user_id="usr_1",
        tenant_id="",
        current_hash=digest(token),
        used={},
        created_at_ms=0,
        expires_at_ms=10,
    )
    assert classify(family, token, now_ms=5) is Presented.CURRENT
    assert classify(family, token, now_ms=10) is Presented.INVALID
    rotated = msgspec.structs.replace(family, current_hash="other", used={digest(token): 3})
    assert classify(rotated, token, now_ms=5) is Presented.REUSED


def test_the_key_schedule_publishes_the_next_key_ahead_of_its_turn() -> None:
    schedule = KeySchedule(rotation_s=1000, lead_s=100, token_ttl_s=60)
    first = periods_to_add([], schedule, now_ms=0)
    assert [(p.sign_from_ms, p.sign_until_ms) for p in first] == [(0, 1_000_000)]
    assert periods_to_add(first, schedule, now_ms=500_000) == []
    ahead = periods_to_add(first, schedule, now_ms=950_000)
    assert [(p.sign_from_ms, p.sign_until_ms) for p in ahead] == [(1_000_000, 2_000_000)]
    both = first + ahead
    assert signing_period(both, now_ms=999_999) == 0 and signing_period(both, now_ms=1_000_000) == 1
    assert first[0].expires_at_ms > first[0].sign_until_ms + 60_000  # outlives its last token


def test_the_api_key_prefix_and_email_rule_are_the_ones_the_gateway_uses() -> None:
    assert API_KEY_PREFIX == contracts.API_KEY_PREFIX
    assert EMAIL_PATTERN == contracts.EMAIL_PATTERN


@pytest.mark.parametrize("odd", ["a@b.c\n", "a@b.c\x0b", "a b@c.d"])
def test_python_refuses_what_the_ecma_schema_pattern_refuses(odd: str) -> None:
    assert re.search(EMAIL_PATTERN, odd) is None
