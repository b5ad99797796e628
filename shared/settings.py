"""Environment-driven settings shared by every service (one msgspec struct, read once)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

import msgspec

ENV_PREFIX = "GAMONTJ_"


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """What a process needs to reach its infrastructure; every field has an env variable."""

    env: str = "dev"
    nats_url: str = "nats://127.0.0.1:4222"
    mongodb_url: str = "mongodb://127.0.0.1:27017"
    db_prefix: str = "gamontj"
    data_dir: Path = Path(".data")
    master_key_file: Path | None = None
    connect_return_url: str = ""
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    max_request_bytes: int = 1_048_576
    rpc_timeout_s: float = 5.0
    readiness_timeout_s: float = 1.0
    connect_timeout_s: int = 3
    events_max_age_s: float = 7 * 24 * 3600.0
    dead_max_age_s: float = 30 * 24 * 3600.0
    duplicate_window_s: float = 120.0
    max_deliver: int = 5
    ack_wait_s: float = 30.0
    outbox_poll_s: float = 0.25
    drain_timeout_s: float = 15.0
    otlp_endpoint: str = ""
    log_level: str = "INFO"
    # Publisher: scheduler and exactly-once engine (docs/decisions/0041, 0043).
    publisher_scheduler: bool = True  # run the scheduler worker in this process
    publisher_lease_s: float = 30.0
    publisher_claim_batch: int = 64
    publisher_concurrency: int = 32
    publisher_idle_s: float = 1.0
    publisher_max_sends: int = 5
    publisher_backoff_base_s: float = 2.0
    publisher_backoff_cap_s: float = 300.0
    publisher_poll_gap_s: float = 5.0
    publisher_poll_cap_s: float = 60.0
    publisher_poll_timeout_s: float = 6 * 3600.0
    publisher_reconcile_delay_s: float = 5.0
    publisher_reconcile_max: int = 8
    publisher_media_url_ttl_s: int = 3600
    publisher_http_timeout_s: float = 20.0  # each provider HTTP call
    # Identity (auth service and gateway): see docs/decisions/0010-0019.
    jwt_issuer: str = "https://gamontj.dev/auth"
    jwt_audience: str = "gamontj-api"
    access_token_ttl_s: int = 900
    refresh_token_ttl_s: int = 30 * 24 * 3600
    signing_key_rotation_s: int = 7 * 24 * 3600
    signing_key_lead_s: int = 3600
    jwks_cache_s: float = 300.0
    jwks_refetch_min_s: float = 10.0
    access_policy_cache_s: float = 60.0
    api_key_cache_s: float = 5.0
    # RFC 9106 low-memory profile (argon2id, t=3, 64 MiB, p=4) is the floor in production.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4
    login_window_s: int = 900
    login_max_failures_per_account: int = 5
    login_max_failures_per_ip: int = 50
    trusted_proxies: str = ""
    invitation_ttl_s: int = 7 * 24 * 3600
    invitation_url: str = "http://127.0.0.1:8080/v1/invitations/{token}/accept"
    privacy_policy_version: str = "2026-11-29"
    # Media service (docs/decisions/0020-0029). The data plane binds a free port unless one is
    # set (deployments set it, e.g. 8081, with the public URL); an empty public URL is derived
    # from the bound address. An empty signing key makes a development key file under data_dir
    # (refused when env=prod). S3 credentials come from boto3's standard chain
    # (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, instance roles), never from here.
    media_http_host: str = "127.0.0.1"
    media_http_port: int = 0
    media_public_url: str = ""
    media_internal_url: str = ""
    media_signing_key: str = ""
    media_storage: str = "fs"
    media_s3_endpoint_url: str = ""
    media_s3_bucket: str = "gamontj-media"
    media_s3_region: str = "us-east-1"
    media_max_image_bytes: int = 50 * 1024 * 1024
    media_max_video_bytes: int = 4 * 1024 * 1024 * 1024
    media_max_pixels: int = 50_000_000
    media_upload_url_ttl_s: int = 900
    media_download_url_ttl_s: int = 900
    media_unattached_ttl_s: int = 24 * 3600
    media_purge_interval_s: float = 300.0
    media_import_max_bytes: int = 512 * 1024 * 1024
    media_import_timeout_s: float = 60.0
    media_import_max_redirects: int = 3
    media_import_allow_loopback_for_tests: bool = False

    def database_name(self, service: str) -> str:
        """One database per service, e.g. `gamontj_auth`."""
        return f"{self.db_prefix}_{service}"


# Conventional names kept without our prefix because operators and tools expect them.
_UNPREFIXED = {
    "nats_url": "NATS_URL",
    "mongodb_url": "MONGODB_URL",
    "otlp_endpoint": "OTEL_EXPORTER_OTLP_ENDPOINT",
}


def env_name(field: str) -> str:
    return _UNPREFIXED.get(field, ENV_PREFIX + field.upper())


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings from the environment; a malformed value fails with the variable's name."""
    return load_env_struct(Settings, environ)


S = TypeVar("S", bound=msgspec.Struct)


def load_env_struct(kind: type[S], environ: Mapping[str, str] | None = None) -> S:
    """Fill any settings struct from GAMONTJ_<FIELD> variables (services keep their own)."""
    source = os.environ if environ is None else environ
    raw: dict[str, str] = {}
    for field in kind.__struct_fields__:
        value = source.get(env_name(field))
        if value is not None and value != "":
            raw[field] = value
    try:
        return msgspec.convert(raw, kind, strict=False, dec_hook=_decode_path)
    except msgspec.ValidationError as exc:
        raise SettingsError(f"invalid configuration: {exc} (see README, Configuration)") from exc


def _decode_path(kind: type, value: object) -> object:
    if kind is Path and isinstance(value, str):
        return Path(value)
    raise TypeError(f"no conversion to {kind}")


class SettingsError(RuntimeError):
    """The environment holds a value that cannot be used."""
