"""The main navigation: one entry per area; a page module adds its line here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    href: str
    label: str
    roles: frozenset[str] | None = None  # None: every member sees it

    def visible_to(self, role: str) -> bool:
        return self.roles is None or role in self.roles


NAV: tuple[NavItem, ...] = (
    NavItem("/calendar", "Calendar"),
    NavItem("/compose", "Compose"),
    NavItem("/media", "Media"),
    NavItem("/connections", "Connections"),
    NavItem("/approvals", "Approvals", frozenset({"owner", "admin"})),
    NavItem("/members", "Team"),
    NavItem("/api-keys", "API keys", frozenset({"owner", "admin"})),
    NavItem("/audit", "Audit", frozenset({"owner", "admin"})),
    NavItem("/ops", "Ops log"),
    NavItem("/privacy", "Privacy"),
)


def nav_for(role: str) -> list[NavItem]:
    return [item for item in NAV if item.visible_to(role)]
