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
