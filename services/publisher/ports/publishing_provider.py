"""Port: one provider's publishing side (capabilities, limits, validate, publish, status)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from services.publisher.domain.inputs import AccessGrant
from services.publisher.domain.limits import AccountLimits, Capabilities
from services.publisher.domain.publishing import (
    ProviderHandle,
    ProviderStatus,
    PublishAccepted,
    PublishRequest,
    Reconciliation,
)
from services.publisher.domain.validation import Findings, TargetCheck


class PublishingProvider(Protocol):
    """A provider adapter; failed calls raise `PublishError` classified by what is known."""

    @property
    def capabilities(self) -> Capabilities: ...

    async def account_limits(self, grant: AccessGrant) -> AccountLimits:
        """Per-account limits asked of the provider (TikTok creator_info, instance config)."""
        ...

    def validate(self, check: TargetCheck) -> Findings:
        """Every rule of this provider the target breaks, plus notices (no I/O)."""
        ...

    async def publish(self, request: PublishRequest, grant: AccessGrant) -> PublishAccepted:
        """Send the post under `request.key`; returns the handle as soon as there is one."""
        ...

    async def check_status(self, handle: ProviderHandle, grant: AccessGrant) -> ProviderStatus:
        """Where an accepted, asynchronous post stands now."""
        ...

    async def reconcile(
        self, request: PublishRequest, handle: ProviderHandle | None, grant: AccessGrant
    ) -> Reconciliation:
        """After an ambiguous outcome: did `request.key` produce a post? Never posts blindly."""
        ...


ProviderRegistry = Mapping[str, PublishingProvider]
