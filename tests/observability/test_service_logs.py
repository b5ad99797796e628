"""The JSON log lines the real service processes write during a publish story.

The platform runs as `make run` runs it (one process per service, logs in <data dir>/logs);
every line a Gamontj service writes must be one JSON object with the fields operators query,
the trace and span ids while a span is active, and never a secret, an e-mail or post text.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import uuid4

import httpx
import pytest

from tests.auth.helpers import PASSWORD, unique_email
from tests.support.processes import running_platform

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SERVICES = ("auth", "media", "publisher", "audit", "gateway")
TRACE_ID = re.compile(r"[0-9a-f]{32}")
SPAN_ID = re.compile(r"[0-9a-f]{16}")
# Shapes of credentials, whoever they belong to (a provider's token included).
CREDENTIAL_SHAPES = [
    re.compile(r"bearer\s+[\w.~+/-]{8,}", re.I),
    re.compile(r"eyJ[\w-]{8,}\.eyJ[\w-]{8,}"),  # a JWT
    re.compile(r"(access|refresh)_token\W+[\w.~+/-]{8,}", re.I),
]


@pytest.fixture(scope="module")
def platform(
    nats_url: str, mongo_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    data_dir = tmp_path_factory.mktemp("logs-story")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GAMONTJ_LOG_LEVEL", "DEBUG")  # the most a service can say
        env.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
        with running_platform(nats_url, mongo_url, data_dir) as url:
            yield url, data_dir


def publish_story(base_url: str) -> tuple[dict[str, str], str]:
    """Register, connect Mastodon, create an upload, schedule a post due now, see it publish."""
    email = unique_email("logs")
    text = f"Logged words {uuid4().hex}"
    with httpx.Client(base_url=base_url, timeout=10) as api:
        registered = api.post("/v1/auth/register", json={"email": email, "password": PASSWORD})
        assert registered.status_code == 201, registered.text
        tokens = registered.json()["tokens"]
        auth = {"Authorization": f"Bearer {tokens['access_token']}"}
        started = api.post("/v1/connections/mastodon/authorize", headers=auth)
        consent = httpx.get(started.json()["authorize_url"])
        back = urlsplit(consent.headers["location"])
        connection = api.get(f"{back.path}?{back.query}")
        assert connection.status_code == 200, connection.text
        upload = api.post(
            "/v1/media",
            json={"filename": "cat.png", "content_type": "image/png", "size": 68},
            headers=auth,
        )
        assert upload.status_code == 201, upload.text
        target = {"connection_id": connection.json()["id"], "provider": "mastodon"}
        post = api.post("/v1/posts", json={"text": text, "targets": [target]}, headers=auth)
        assert post.status_code == 201, post.text
        post_id = post.json()["post_id"]
        now = datetime.now(UTC).replace(tzinfo=None, microsecond=0).isoformat()
        scheduled = api.post(
            f"/v1/posts/{post_id}/schedule",
            json={"local_time": now, "timezone": "UTC"},
            headers=auth,
        )
        assert scheduled.status_code == 200, scheduled.text
        state = wait_for_outcome(api, auth, post_id)
        assert state == "published"
        attempts = api.get(f"/v1/posts/{post_id}/attempts", headers=auth).json()["items"]
    secrets = {
        "email": email,
        "password": PASSWORD,
        "access token": tokens["access_token"],
        "refresh token": tokens["refresh_token"],
        "post text": text,
    }
    return secrets, attempts[-1]["trace_id"]


def wait_for_outcome(api: httpx.Client, auth: dict[str, str], post_id: str) -> str:
    deadline = time.monotonic() + 30
    while True:
        state = str(api.get(f"/v1/posts/{post_id}", headers=auth).json()["targets"][0]["state"])
        if state in {"published", "failed"} or time.monotonic() > deadline:
            return state
        time.sleep(0.1)


def log_lines(data_dir: Path) -> dict[str, list[str]]:
    return {name: (data_dir / "logs" / f"{name}.log").read_text().splitlines() for name in SERVICES}


def test_every_service_line_is_json_with_trace_ids_and_no_secret(
    platform: tuple[str, Path],
) -> None:
    base_url, data_dir = platform
    secrets, publish_trace = publish_story(base_url)

    lines = log_lines(data_dir)
    publish_lines: list[dict[str, Any]] = []
    for service, service_lines in lines.items():
        assert service_lines, f"{service} wrote no log line"
        for line in service_lines:
            entry: dict[str, Any] = json.loads(line)  # fails on any line that is not JSON
            assert isinstance(entry, dict), line
            assert entry["service"] == service, line
            assert entry["level"] in {"debug", "info", "warning", "error", "critical"}, line
            assert isinstance(entry["message"], str), line
            if "trace_id" in entry or "span_id" in entry:
                assert TRACE_ID.fullmatch(entry["trace_id"]), line
                assert SPAN_ID.fullmatch(entry["span_id"]), line
                if entry["trace_id"] == publish_trace:
                    publish_lines.append(entry)
            for what, secret in secrets.items():
                assert secret not in line, f"{what} in a {service} log line: {line}"
            for shape in CREDENTIAL_SHAPES:
                assert not shape.search(line), f"a credential in a {service} log line: {line}"
    # The provider call that published the post was logged inside the engine's span, so an
    # operator can go from the attempt's trace id to its log lines (and back).
    assert any(
        e["service"] == "publisher" and "/mastodon/api/v1/statuses" in e["message"]
        for e in publish_lines
    ), publish_lines
