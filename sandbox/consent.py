"""Scripted answers for the auto-approving consent pages (deny, fewer scopes, which account)."""

from __future__ import annotations

import msgspec


class Consent(msgspec.Struct, kw_only=True):
    """How the next `times` authorize requests of `provider` are answered."""

    provider: str
    deny: bool = False
    scopes: list[str] | None = None
    account: str | None = None
    times: int = 1


class ConsentBook:
    """A queue of scripted consents; an empty queue means approve everything as the default user."""

    def __init__(self) -> None:
        self.queue: list[Consent] = []

    def add(self, consent: Consent) -> None:
        self.queue.append(consent)

    def next(self, provider: str) -> Consent | None:
        for consent in self.queue:
            if consent.provider == provider:
                consent.times -= 1
                if consent.times <= 0:
                    self.queue.remove(consent)
                return consent
        return None
