"""Use cases: what the gateway needs to verify and authorise on its own (keys, table, version)."""

from __future__ import annotations

from services.auth.app.core import AuthCore
from services.auth.domain.permissions import Permission, as_table
from shared.contracts.auth import JwksRequest, PermissionsRequest
from shared.contracts.auth_views import AccessPolicyReply, JwksReply


async def describe_access_policy(core: AuthCore, _: PermissionsRequest) -> AccessPolicyReply:
    """The permission table and the current privacy-policy version."""
    return AccessPolicyReply(
        roles=as_table(),
        permissions=sorted(p.value for p in Permission),
        privacy_policy_version=core.policy.privacy_policy_version,
    )


async def publish_jwks(core: AuthCore, _: JwksRequest) -> JwksReply:
    """Public keys only: the current, the next (published ahead) and those still verifying."""
    return JwksReply(keys=await core.signer.jwks())
