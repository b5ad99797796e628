"""The gateway's identity pieces on their own: JWKS caching, API-key cache, guards, addresses."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import OKPKey
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler

from services.auth.domain.permissions import Permission
from services.gateway.adapters.jwks_credential_verifier import JwksCredentialVerifier
from services.gateway.entrypoints.http.app import create_app
from services.gateway.entrypoints.http.authentication import client_address
from services.gateway.entrypoints.http.dependencies import GatewayDeps
from services.gateway.entrypoints.http.guards import PERMISSION, USER_ONLY, authorize
from services.gateway.entrypoints.http.identity import parse_networks
from services.gateway.entrypoints.http.identity_routes import IDENTITY_ROUTES
from services.gateway.ports.credential_verifier import CredentialRejected
from shared.contracts import auth as c
from shared.contracts import auth_views as v
from shared.errors import Problem
from tests.support.fakes import FakeHealthProbe


class FakeRpc:
    """Answers JWKS and API-key RPCs like auth would, counting the calls."""

    def __init__(self, keys: list[dict[str, Any]]) -> None:
        self.keys = keys
        self.calls: list[str] = []
        self.api_keys: dict[str, v.ApiKeyIdentity] = {}

    async def call(self, subject: str, request: Any, response_type: Any) -> Any:
        self.calls.append(subject)
        if subject == c.JWKS:
            return v.JwksReply(keys=self.keys)
        if request.key in self.api_keys:
            return self.api_keys[request.key]
        raise Problem("invalid_api_key", status=401)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def verifier(rpc: FakeRpc, clock: Clock) -> JwksCredentialVerifier:
    return JwksCredentialVerifier(
        rpc,  # type: ignore[arg-type]
        issuer="iss",
        audience="aud",
        jwks_cache_s=300,
        jwks_refetch_min_s=10,
        api_key_cache_s=5,
        monotonic=clock,
    )


def token_with_kid(kid: str) -> str:
    key = OKPKey.generate_key("Ed25519")
    header = {"alg": "Ed25519", "typ": "at+jwt", "kid": kid}
    return jwt.encode(header, {"sub": "x"}, key, algorithms=["Ed25519"])


async def test_unknown_kids_refetch_the_jwks_at_most_once_per_interval() -> None:
    rpc, clock = FakeRpc([]), Clock()
    gate = verifier(rpc, clock)
    for n in range(5):
        with pytest.raises(CredentialRejected):
            await gate.verify(token_with_kid(f"random-{n}"))
    assert rpc.calls == [c.JWKS]
    clock.now += 10
    with pytest.raises(CredentialRejected):
        await gate.verify(token_with_kid("random-again"))
    assert rpc.calls == [c.JWKS, c.JWKS]


async def test_api_key_answers_are_cached_briefly_and_refusals_not_at_all() -> None:
    rpc, clock = FakeRpc([]), Clock()
    rpc.api_keys["gmj_good"] = v.ApiKeyIdentity(
        api_key_id="key_1", tenant_id="wsp_1", role="viewer"
    )
    gate = verifier(rpc, clock)
    first = await gate.verify("gmj_good")
    assert (first.kind, first.subject, first.tenant_id) == ("api_key", "key_1", "wsp_1")
    await gate.verify("gmj_good")
    assert len(rpc.calls) == 1
    del rpc.api_keys["gmj_good"]  # revoked
    clock.now += 5  # the documented bound: a revoked key works at most this long here
    with pytest.raises(CredentialRejected):
        await gate.verify("gmj_good")
    for _ in range(2):
        with pytest.raises(CredentialRejected):
            await gate.verify("gmj_bad")
    assert len(rpc.calls) == 4


def test_every_identity_route_is_guarded_and_declares_what_it_needs() -> None:
    app = Litestar(route_handlers=IDENTITY_ROUTES)
    declared: dict[str, str] = {}
    for route in app.routes:
        if not route.path.startswith("/v1/"):
            continue
        for handler in getattr(route, "route_handlers", []):
            assert isinstance(handler, HTTPRouteHandler)
            method = sorted(handler.http_methods)[0]
            if method == "OPTIONS":  # Litestar's automatic CORS/OPTIONS handler
                continue
            if route.path.startswith("/v1/auth/"):
                assert authorize not in handler.resolve_guards(), route.path
                continue
            assert authorize in handler.resolve_guards(), route.path
            need = handler.opt.get(PERMISSION) or ("user" if handler.opt.get(USER_ONLY) else "")
            assert need, f"{method} {route.path} declares neither a permission nor user_only"
            declared[f"{method} {route.path}"] = need
    known = {p.value for p in Permission} | {"user"}
    assert set(declared.values()) <= known
    assert declared["PATCH /v1/members/{user_id:str}"] == "members:manage"


def test_forwarded_addresses_count_only_from_trusted_proxies() -> None:
    class Conn:
        def __init__(self, peer: str, forwarded: str) -> None:
            self.client = type("Client", (), {"host": peer})()
            self.headers = {"x-forwarded-for": forwarded}

    trusted = parse_networks("10.0.0.0/8, 127.0.0.1")
    spoofed = Conn("198.51.100.7", "1.2.3.4")
    assert client_address(spoofed, trusted) == "198.51.100.7"  # type: ignore[arg-type]
    assert client_address(spoofed, ()) == "198.51.100.7"  # type: ignore[arg-type]
    proxied = Conn("10.1.2.3", "1.2.3.4, 203.0.113.5, 10.9.9.9")
    assert client_address(proxied, trusted) == "203.0.113.5"  # type: ignore[arg-type]


async def test_options_lists_every_method_of_a_path_without_needing_a_credential() -> None:
    deps = GatewayDeps(FakeHealthProbe(), 1.0, dict)
    app = create_app(deps, max_request_bytes=1024, route_handlers=IDENTITY_ROUTES)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
        workspaces = await http.options("/v1/workspaces")
        member = await http.options("/v1/members/usr_1")
    assert (workspaces.status_code, workspaces.headers["allow"]) == (204, "GET, OPTIONS, POST")
    assert member.headers["allow"] == "DELETE, OPTIONS, PATCH"
