"""Identity scenarios through the gateway: register people, invite them, read their tokens."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

PASSWORD = "correct horse battery staple"


def unique_email(tag: str = "user") -> str:
    return f"{tag}-{uuid.uuid4().hex[:12]}@example.test"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Session:
    email: str
    password: str
    user_id: str
    workspace_id: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.access_token)

    def adopt(self, tokens: dict[str, Any]) -> Session:
        """This session after a refresh or switch answered `tokens`."""
        self.access_token = tokens["access_token"]
        self.refresh_token = tokens["refresh_token"]
        self.workspace_id = tokens.get("workspace_id") or ""
        return self


async def register(
    http: httpx.AsyncClient, *, email: str | None = None, workspace_name: str = ""
) -> Session:
    email = email or unique_email()
    body = {"email": email, "password": PASSWORD}
    if workspace_name:
        body["workspace_name"] = workspace_name
    response = await http.post("/v1/auth/register", json=body)
    assert response.status_code == 201, response.text
    data = response.json()
    return Session(
        email=email,
        password=PASSWORD,
        user_id=data["user"]["id"],
        workspace_id=data["workspace"]["id"],
        access_token=data["tokens"]["access_token"],
        refresh_token=data["tokens"]["refresh_token"],
    )


async def invite(http: httpx.AsyncClient, inviter: Session, email: str, role: str) -> str:
    """The invitation token, read from the link the inviter receives."""
    response = await http.post(
        "/v1/invitations", json={"email": email, "role": role}, headers=inviter.headers
    )
    assert response.status_code == 201, response.text
    return str(response.json()["link"]).split("/v1/invitations/")[1].split("/")[0]


async def join(http: httpx.AsyncClient, inviter: Session, role: str) -> Session:
    """A new user invited into the inviter's workspace, switched to it."""
    member = await register(http)
    token = await invite(http, inviter, member.email, role)
    accepted = await http.post(f"/v1/invitations/{token}/accept", headers=member.headers)
    assert accepted.status_code == 200, accepted.text
    return await switch(http, member, inviter.workspace_id)


async def switch(http: httpx.AsyncClient, session: Session, workspace_id: str) -> Session:
    response = await http.post(f"/v1/workspaces/{workspace_id}/switch", headers=session.headers)
    assert response.status_code == 200, response.text
    return session.adopt(response.json())
