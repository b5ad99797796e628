"""Configuration the media service refuses, and where its signing key comes from."""

from __future__ import annotations

import base64
import stat
from pathlib import Path

import msgspec
import pytest

from services.media.adapters.signing_key import load_signing_key
from services.media.bootstrap import build
from shared.settings import Settings, SettingsError, load_settings
from shared.telemetry import Telemetry


def test_the_loopback_switch_for_tests_is_off_by_default_and_read_from_the_environment() -> None:
    assert load_settings({}).media_import_allow_loopback_for_tests is False
    switched = load_settings({"GAMONTJ_MEDIA_IMPORT_ALLOW_LOOPBACK_FOR_TESTS": "true"})
    assert switched.media_import_allow_loopback_for_tests is True


def test_production_refuses_the_loopback_switch_and_a_missing_signing_key(
    telemetry: Telemetry, tmp_path: Path
) -> None:
    prod = Settings(env="prod", data_dir=tmp_path, media_import_allow_loopback_for_tests=True)
    with pytest.raises(SettingsError, match="LOOPBACK_FOR_TESTS"):
        build(prod, telemetry)
    with pytest.raises(SettingsError, match="MEDIA_SIGNING_KEY must be set"):
        load_signing_key("", data_dir=tmp_path, env="prod")
    with pytest.raises(SettingsError, match="MEDIA_STORAGE"):
        build(msgspec.structs.replace(prod, media_import_allow_loopback_for_tests=False,
                                      media_storage="ftp"), telemetry)  # fmt: skip


def test_development_keeps_one_generated_key_readable_by_its_owner_only(tmp_path: Path) -> None:
    first = load_signing_key("", data_dir=tmp_path, env="dev")
    again = load_signing_key("", data_dir=tmp_path, env="dev")
    assert first == again and len(first) >= 32
    mode = (tmp_path / "media" / "signing.key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_a_configured_key_must_be_long_enough(tmp_path: Path) -> None:
    key = bytes(range(200, 232))  # bytes whose base64 uses `+` and `/` (or `-` and `_`)
    for text in (base64.b64encode(key), base64.urlsafe_b64encode(key).rstrip(b"=")):
        assert load_signing_key(text.decode() + "\n", data_dir=tmp_path, env="prod") == key
    with pytest.raises(SettingsError, match="not base64"):
        load_signing_key("!!not base64!!", data_dir=tmp_path, env="prod")
    with pytest.raises(SettingsError, match="32"):
        load_signing_key(base64.b64encode(b"short").decode(), data_dir=tmp_path, env="prod")
