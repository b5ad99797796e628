"""The web application's settings, read from GAMONTJ_WEB_* variables (README, Configuration)."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import msgspec

from shared.settings import SettingsError, load_env_struct

WEB_ROOT = Path(__file__).resolve().parent


class WebEnv(msgspec.Struct, frozen=True, kw_only=True):
    """Raw variables: GAMONTJ_WEB_HOST, GAMONTJ_WEB_PORT, GAMONTJ_WEB_GATEWAY_URL, …"""

    web_host: str = "127.0.0.1"
    web_port: int = 8090
    web_public_url: str = ""
    web_gateway_url: str = "http://127.0.0.1:8080"
    web_session_key: str = ""
    web_media_origins: str = ""
    web_assets_dir: str = ""
    web_upload_max_bytes: int = 256 * 1024 * 1024
    web_gateway_timeout_s: float = 15.0
    data_dir: Path = Path(".data")


class WebSettings(msgspec.Struct, frozen=True, kw_only=True):
    """What the web process needs; `session_key` is 32 bytes for AES-256-GCM cookies."""

    host: str
    port: int
    public_url: str
    gateway_url: str
    session_key: bytes
    media_origins: tuple[str, ...]
    assets_dir: Path
    upload_max_bytes: int
    gateway_timeout_s: float

    @property
    def secure_cookies(self) -> bool:
        return self.public_url.startswith("https://")


def load_web_settings(environ: dict[str, str] | None = None) -> WebSettings:
    """Settings from the environment; a missing session key becomes a key file under data_dir."""
    raw = load_env_struct(WebEnv, environ)
    public = (raw.web_public_url or f"http://{raw.web_host}:{raw.web_port}").rstrip("/")
    return WebSettings(
        host=raw.web_host,
        port=raw.web_port,
        public_url=public,
        gateway_url=raw.web_gateway_url.rstrip("/"),
        session_key=_session_key(raw),
        media_origins=origins(raw.web_media_origins),
        assets_dir=Path(raw.web_assets_dir) if raw.web_assets_dir else WEB_ROOT / "node_modules",
        upload_max_bytes=raw.web_upload_max_bytes,
        gateway_timeout_s=raw.web_gateway_timeout_s,
    )


def origins(value: str) -> tuple[str, ...]:
    """`scheme://host[:port]` of each comma-separated URL; anything else is a settings error."""
    found: list[str] = []
    for item in filter(None, (part.strip() for part in value.split(","))):
        parts = urlsplit(item)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SettingsError(f"GAMONTJ_WEB_MEDIA_ORIGINS: {item!r} is not an http(s) origin")
        found.append(f"{parts.scheme}://{parts.netloc}")
    return tuple(found)


def _session_key(raw: WebEnv) -> bytes:
    if raw.web_session_key:
        key = base64.b64decode(raw.web_session_key)
        if len(key) != 32:
            raise SettingsError("GAMONTJ_WEB_SESSION_KEY must be 32 bytes, base64-encoded")
        return key
    # Development: a key file that survives restarts, so a restart keeps people signed in.
    path = raw.data_dir / "keys" / "web-session.key"
    if path.exists():
        return base64.b64decode(path.read_text().strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(base64.b64encode(key).decode())
    return key
