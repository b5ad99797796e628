"""Part 2's page controllers (team, approvals, audit, privacy), registered by web/app.py."""

from __future__ import annotations

from typing import Any

from web.pages.api_key_pages import ApiKeyPages
from web.pages.approval_pages import ApprovalPages
from web.pages.audit_pages import AuditPages, OpsPages
from web.pages.invitation_pages import InvitationPages
from web.pages.member_pages import MemberPages
from web.pages.privacy_pages import PrivacyPages
from web.pages.privacy_settings_pages import DisclosurePages, RetentionPages

TEAM_PAGES: list[Any] = [
    ApprovalPages,
    MemberPages,
    InvitationPages,
    ApiKeyPages,
    AuditPages,
    OpsPages,
    PrivacyPages,
    RetentionPages,
    DisclosurePages,
]
