"""Provider endpoints and client credentials, from the environment (sandbox defaults for dev)."""

from __future__ import annotations

import msgspec

from shared.settings import load_env_struct

SANDBOX = "http://127.0.0.1:8070"


class ProviderSettings(msgspec.Struct, frozen=True, kw_only=True):
    """`GAMONTJ_<FIELD>` variables; defaults point at the local sandbox that `make run` starts."""

    public_base_url: str = ""  # empty: http://127.0.0.1:<GAMONTJ_HTTP_PORT>
    tiktok_auth_url: str = f"{SANDBOX}/tiktok"
    tiktok_api_url: str = f"{SANDBOX}/tiktok"
    tiktok_client_key: str = "sandbox-tiktok-client"
    tiktok_client_secret: str = "sandbox-tiktok-secret"  # noqa: S105 - the sandbox's public dev credential
    tiktok_scopes: str = "user.info.basic,video.upload,video.publish"
    mastodon_instance_url: str = f"{SANDBOX}/mastodon"
    mastodon_scopes: str = "read:accounts write:statuses write:media"
    bluesky_pds_url: str = f"{SANDBOX}/bluesky"
    provider_timeout_s: float = 10.0

    def redirect_uri(self, provider: str) -> str:
        """One exact redirect URI per provider (mix-up defence)."""
        return f"{self.public_base_url}/v1/oauth/{provider}/callback"


def load_provider_settings() -> ProviderSettings:
    return load_env_struct(ProviderSettings)
