"""Public sign-up and session endpoints: register, login, refresh, logout."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, post
from litestar.params import JSONBody, KwargDefinition

from services.gateway.entrypoints.http.authentication import client_address
from services.gateway.entrypoints.http.identity import call_auth, identity_of
from services.gateway.entrypoints.http.openapi import problem_responses
from shared.contracts import auth as c
from shared.contracts import auth_views as v

# The shape auth enforces too (one pattern for both), so a mismatch is a 400 here.
EmailField = Annotated[str, msgspec.Meta(pattern=c.EMAIL_PATTERN, max_length=c.EMAIL_MAX_LENGTH)]
# Documented bounds only: auth checks them and answers 422 with every reason at once.
NewPassword = Annotated[str, KwargDefinition(min_length=12, max_length=1024)]
AnyPassword = Annotated[str, msgspec.Meta(max_length=4096)]
Name = Annotated[str, msgspec.Meta(max_length=100)]
OpaqueToken = Annotated[str, msgspec.Meta(min_length=1, max_length=512)]


class RegisterBody(msgspec.Struct, frozen=True, kw_only=True):
    email: EmailField
    password: NewPassword
    workspace_name: Name = ""


class LoginBody(msgspec.Struct, frozen=True, kw_only=True):
    email: Annotated[str, msgspec.Meta(max_length=254)]
    password: AnyPassword


class RefreshBody(msgspec.Struct, frozen=True, kw_only=True):
    refresh_token: OpaqueToken


class AuthController(Controller):
    """No credential needed here: these endpoints are how one is obtained."""

    path = "/v1/auth"
    tags = ["auth"]

    @post(
        "/register",
        operation_id="register",
        summary="Create an account and its first workspace (you are its owner); signs you in",
        status_code=201,
        responses=problem_responses(400, 409, 413, 422, 503, 504),
    )
    async def register(
        self, data: JSONBody[RegisterBody], request: Request[Any, Any, Any]
    ) -> v.Registered:
        """Weak passwords are 422 `weak_password` with every reason; a used e-mail is 409."""
        rpc_request = c.RegisterRequest(
            email=data.email, password=data.password, workspace_name=data.workspace_name
        )
        return await call_auth(request, c.REGISTER, rpc_request, v.Registered)

    @post(
        "/login",
        operation_id="login",
        summary="Sign in with e-mail and password (throttled per account and per address)",
        status_code=200,
        responses=problem_responses(400, 401, 413, 429, 503, 504),
    )
    async def login(
        self, data: JSONBody[LoginBody], request: Request[Any, Any, Any]
    ) -> v.TokenPair:
        """Wrong e-mail or password: one 401. Too many failures: 429 with `Retry-After`."""
        address = client_address(request, identity_of(request).trusted_proxies)
        rpc_request = c.LoginRequest(email=data.email, password=data.password, client_ip=address)
        return await call_auth(request, c.LOGIN, rpc_request, v.TokenPair)

    @post(
        "/refresh",
        operation_id="refresh",
        summary="Exchange a refresh token for new tokens (the old one stops working)",
        status_code=200,
        responses=problem_responses(400, 401, 413, 503, 504),
    )
    async def refresh(
        self, data: JSONBody[RefreshBody], request: Request[Any, Any, Any]
    ) -> v.TokenPair:
        """Reusing an already exchanged refresh token ends the whole session (401)."""
        rpc_request = c.RefreshRequest(refresh_token=data.refresh_token)
        return await call_auth(request, c.REFRESH, rpc_request, v.TokenPair)

    @post(
        "/logout",
        operation_id="logout",
        summary="End the session the refresh token belongs to",
        status_code=204,
        responses=problem_responses(400, 413, 503, 504),
    )
    async def logout(self, data: JSONBody[RefreshBody], request: Request[Any, Any, Any]) -> None:
        """Always 204: the answer says nothing about the token it was given."""
        rpc_request = c.LogoutRequest(refresh_token=data.refresh_token)
        await call_auth(request, c.LOGOUT, rpc_request, v.Done)
