"""The one way the web application talks to Gamontj: the public REST API, over HTTP."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from typing import Any

import httpx

from web.session import UserSession

# Refresh a little before expiry so a token never lapses between our check and the gateway's.
REFRESH_MARGIN_S = 30
# An old refresh token keeps answering with its successor this long: two requests of one
# browser that both saw an expiring token must not look like refresh-token reuse.
ROTATION_GRACE_S = 60.0
_ROTATIONS_KEPT = 1024


class ApiProblem(Exception):
    """A problem+json answer of the gateway (or its absence), with every field error it named."""

    def __init__(
        self, status: int, code: str, detail: str, errors: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        self.errors = errors or []


class SignedOut(Exception):
    """The session has no usable credential any more: the person signs in again."""


class Gateway:
    """JSON calls to the gateway; `call` adds the session's token and refreshes it when due."""

    def __init__(
        self, base_url: str, *, timeout_s: float, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.base_url = base_url
        self._http = httpx.AsyncClient(base_url=base_url, timeout=timeout_s, transport=transport)
        self._rotations: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
        self._locks: dict[str, asyncio.Lock] = {}

    async def close(self) -> None:
        await self._http.aclose()

    async def anonymous(self, method: str, path: str, *, json: Any = None) -> Any:
        """A call without credentials (sign-up, sign-in)."""
        return _body(await self._send(method, path, json=json))

    async def call(
        self,
        session: UserSession,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """An authenticated call; a 401 gets one refresh and one retry, then SignedOut."""
        if not session.signed_in:
            raise SignedOut
        if session.access_expires_at - time.time() < REFRESH_MARGIN_S:
            await self.refresh(session)
        answer = await self._send(
            method, path, json=json, params=params, headers=headers, session=session
        )
        if answer.status_code == 401:
            await self.refresh(session)
            answer = await self._send(
                method, path, json=json, params=params, headers=headers, session=session
            )
            if answer.status_code == 401:
                session.clear()
                raise SignedOut
        return _body(answer)

    async def refresh(self, session: UserSession) -> None:
        """Rotate the refresh token once per old token, however many requests ask at once."""
        old = session.refresh_token
        key = hashlib.sha256(old.encode()).hexdigest()
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            pair = self._recent(key)
            if pair is None:
                try:
                    pair = await self.anonymous(
                        "POST", "/v1/auth/refresh", json={"refresh_token": old}
                    )
                except ApiProblem as problem:
                    if problem.status in (400, 401, 403):
                        session.clear()
                        raise SignedOut from problem
                    raise
                self._remember(key, pair)
        self._locks.pop(key, None)
        session.store_tokens(pair)

    async def put_bytes(self, url: str, content: Any, content_type: str, size: int) -> None:
        """Stream an upload to a signed URL (the form fallback when the browser runs no JS)."""
        try:
            answer = await self._http.put(
                url,
                content=content,
                headers={"Content-Type": content_type, "Content-Length": str(size)},
                timeout=None,
            )
        except httpx.HTTPError as exc:
            raise ApiProblem(503, "media_unavailable", "the upload did not reach storage") from exc
        _body(answer)

    def _recent(self, key: str) -> dict[str, Any] | None:
        now = time.monotonic()
        while self._rotations:
            oldest, (at, _) = next(iter(self._rotations.items()))
            if now - at < ROTATION_GRACE_S and len(self._rotations) <= _ROTATIONS_KEPT:
                break
            self._rotations.pop(oldest)
        found = self._rotations.get(key)
        return None if found is None else found[1]

    def _remember(self, key: str, pair: dict[str, Any]) -> None:
        self._rotations[key] = (time.monotonic(), pair)

    async def _send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        session: UserSession | None = None,
    ) -> httpx.Response:
        sent = dict(headers or {})
        if session is not None:
            sent["Authorization"] = f"Bearer {session.access_token}"
        try:
            return await self._http.request(method, path, json=json, params=params, headers=sent)
        except httpx.TimeoutException as exc:
            raise ApiProblem(504, "gateway_timeout", "Gamontj took too long to answer") from exc
        except httpx.HTTPError as exc:
            raise ApiProblem(503, "gateway_unavailable", "Gamontj cannot be reached") from exc


def _body(answer: httpx.Response) -> Any:
    if answer.status_code < 400:
        return answer.json() if answer.content else {}
    try:
        problem = answer.json()
    except ValueError:
        problem = {}
    if not isinstance(problem, dict):
        problem = {}
    return _raise(answer.status_code, problem)


def _raise(status: int, problem: dict[str, Any]) -> Any:
    errors = problem.get("errors")
    raise ApiProblem(
        status,
        str(problem.get("code") or "http_error"),
        str(problem.get("detail") or problem.get("title") or f"HTTP {status}"),
        errors if isinstance(errors, list) else [],
    )
