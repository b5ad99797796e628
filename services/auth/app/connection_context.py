"""What the connection use cases share: store, cipher, providers, clock and timing policy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from services.auth.app.token_cipher import TokenCipher
from services.auth.domain.provider_grant import TokenGrant
from services.auth.ports.connection_repository import ConnectionRepository, SealedTokens
from services.auth.ports.oauth_transaction_repository import OAuthTransactionRepository
from services.auth.ports.provider_registry import ProviderRegistry


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class RefreshPolicy:
    ahead: timedelta = timedelta(minutes=10)
    token_ahead: timedelta = timedelta(minutes=5)
    lease_s: float = 30.0
    retry_delays_s: tuple[float, ...] = (0.2, 0.5, 1.0)


@dataclass(frozen=True)
class ConnectionContext:
    connections: ConnectionRepository
    transactions: OAuthTransactionRepository
    cipher: TokenCipher
    providers: ProviderRegistry
    policy: RefreshPolicy = field(default_factory=RefreshPolicy)
    state_ttl: timedelta = timedelta(minutes=10)
    clock: Callable[[], datetime] = _utc_now

    async def seal(self, *, tenant_id: str, connection_id: str, grant: TokenGrant) -> SealedTokens:
        """Encrypt a grant's tokens, each bound to this workspace, connection and field."""
        access = await self.cipher.encrypt(
            tenant_id=tenant_id,
            connection_id=connection_id,
            field="access",
            plaintext=grant.access_token,
        )
        refresh = None
        if grant.refresh_token:
            refresh = await self.cipher.encrypt(
                tenant_id=tenant_id,
                connection_id=connection_id,
                field="refresh",
                plaintext=grant.refresh_token,
            )
        return SealedTokens(access=access, refresh=refresh)
