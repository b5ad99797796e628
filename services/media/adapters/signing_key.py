"""Where the URL signing key comes from: configuration, or a generated file in development."""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from pathlib import Path

from services.media.adapters.hmac_url_signer import MIN_KEY_BYTES
from shared.settings import SettingsError

KEY_FILE = Path("media") / "signing.key"


def load_signing_key(configured: str, *, data_dir: Path, env: str) -> bytes:
    """`GAMONTJ_MEDIA_SIGNING_KEY` (base64, at least 32 bytes) is required in prod; elsewhere a
    random key is created once under the data directory, readable by its owner only."""
    if configured:
        # Standard (`openssl rand -base64 32`) or URL-safe alphabet, padding optional.
        text = configured.strip().replace("-", "+").replace("_", "/")
        try:
            key = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise SettingsError("GAMONTJ_MEDIA_SIGNING_KEY is not base64") from exc
        if len(key) < MIN_KEY_BYTES:
            raise SettingsError(f"GAMONTJ_MEDIA_SIGNING_KEY needs {MIN_KEY_BYTES}+ bytes")
        return key
    if env == "prod":
        raise SettingsError("GAMONTJ_MEDIA_SIGNING_KEY must be set when GAMONTJ_ENV=prod")
    path = data_dir / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process of this installation made it first
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(base64.b64encode(secrets.token_bytes(MIN_KEY_BYTES)))
    return base64.b64decode(path.read_bytes().strip())
