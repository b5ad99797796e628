"""Use case: erase a subject from auth: revoke at the providers, shred keys, forget the person."""

from __future__ import annotations

from collections import Counter

from services.auth.app.erase_subject_scope import SubjectContext
from services.auth.app.token_cipher import TokenUnreadable
from services.auth.domain.connection import Connection
from services.auth.domain.provider_grant import ProviderError
from services.auth.ports.provider_registry import UnknownProvider
from shared.contracts.privacy import ServicePart, SubjectCall, SubjectKind


async def erase_subject(ctx: SubjectContext, request: SubjectCall) -> ServicePart:
    """Idempotent: a repeated call (a resumed saga) finds less and erases nothing twice."""
    subject = request.subject
    counts: Counter[str] = Counter()
    notes: list[str] = []
    for tenant_id in subject.whole_workspaces:
        for connection in await ctx.connections.connections.list_all(tenant_id=tenant_id):
            await _revoke_and_drop(ctx, connection, counts, notes)
        # Crypto-shredding: any copy of these tokens (backups, logs) is noise from now on.
        counts["data_keys_destroyed"] += int(
            await ctx.connections.cipher.shred(tenant_id=tenant_id)
        )
        counts.update(await ctx.records.erase_workspace(tenant_id=tenant_id))
    if subject.kind is SubjectKind.USER:
        email = subject.identifiers[0] if subject.identifiers else ""
        for tenant_id in subject.member_workspaces:
            for connection in await ctx.connections.connections.list_all(tenant_id=tenant_id):
                if connection.connected_by == subject.id:
                    await _revoke_and_drop(ctx, connection, counts, notes)
            counts.update(
                await ctx.records.erase_member(tenant_id=tenant_id, user_id=subject.id, email=email)
            )
        counts.update(await ctx.records.erase_account(user_id=subject.id, email=email))
    return ServicePart(service="auth", counts=dict(counts), notes=notes)


async def _revoke_and_drop(
    ctx: SubjectContext, connection: Connection, counts: Counter[str], notes: list[str]
) -> None:
    outcome = await _revoke(ctx, connection)
    counts[f"provider_revocations_{outcome}"] += 1
    if outcome != "revoked":
        notes.append(f"{connection.provider}: revocation {outcome}")
    dropped = await ctx.records.drop_connection(
        tenant_id=connection.tenant_id, connection_id=connection.id
    )
    counts["connections"] += int(dropped)


async def _revoke(ctx: SubjectContext, connection: Connection) -> str:
    # Revoking the refresh token ends the whole grant where providers tell the two apart.
    sealed = await ctx.connections.connections.tokens(
        tenant_id=connection.tenant_id, connection_id=connection.id
    )
    if sealed is None:
        return "not_attempted"
    field, ciphertext = ("refresh", sealed.refresh) if sealed.refresh else ("access", sealed.access)
    try:
        token = await ctx.connections.cipher.decrypt(
            tenant_id=connection.tenant_id,
            connection_id=connection.id,
            field=field,
            ciphertext=ciphertext,
        )
        await ctx.connections.providers.get(connection.provider).revoke(token=token)
    except TokenUnreadable:
        return "unreadable"
    except UnknownProvider:
        return "unknown_provider"
    except ProviderError as error:
        return f"failed_{error.failure.value}"
    return "revoked"
