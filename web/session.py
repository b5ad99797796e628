"""The signed-in person's state, kept in an AES-GCM encrypted cookie (tokens never leave it)."""

from __future__ import annotations

import time
from typing import Any

from litestar.middleware.session.client_side import CookieBackendConfig

from web.settings import WebSettings

SESSION_COOKIE = "gamontj_session"


def session_config(settings: WebSettings) -> CookieBackendConfig:
    """HttpOnly, SameSite=Lax, Secure when served over https; Litestar encrypts with AES-GCM."""
    return CookieBackendConfig(
        secret=settings.session_key,
        key=SESSION_COOKIE,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=30 * 24 * 3600,
        exclude=["/static", "/healthz"],
    )


class UserSession:
    """Typed access to the session dict; every write marks it for the next response."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    @property
    def signed_in(self) -> bool:
        return bool(self._data.get("rt"))

    @property
    def access_token(self) -> str:
        return str(self._data.get("at", ""))

    @property
    def refresh_token(self) -> str:
        return str(self._data.get("rt", ""))

    @property
    def access_expires_at(self) -> float:
        return float(self._data.get("exp", 0))

    @property
    def workspace_id(self) -> str:
        return str(self._data.get("ws", ""))

    @property
    def role(self) -> str:
        return str(self._data.get("role", ""))

    @property
    def email(self) -> str:
        return str(self._data.get("email", ""))

    def store_tokens(self, pair: dict[str, Any]) -> None:
        self._data["at"] = pair["access_token"]
        self._data["rt"] = pair["refresh_token"]
        self._data["exp"] = time.time() + int(pair.get("expires_in") or 0)
        if pair.get("workspace_id"):
            self._data["ws"] = pair["workspace_id"]
        if pair.get("role"):
            self._data["role"] = pair["role"]

    def remember_email(self, email: str) -> None:
        self._data["email"] = email

    def flash(self, message: str, kind: str = "info") -> None:
        """A one-time message shown on the next page (after a redirect)."""
        self._data["flash"] = [kind, message]

    def take_flash(self) -> tuple[str, str] | None:
        found = self._data.pop("flash", None)
        if isinstance(found, list) and len(found) == 2:
            return str(found[0]), str(found[1])
        return None

    def clear(self) -> None:
        self._data.clear()
