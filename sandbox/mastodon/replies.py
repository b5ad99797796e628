"""Mastodon answer shapes: `{"error": …}` bodies and X-RateLimit-* headers."""

from __future__ import annotations

import time

from sandbox.ratelimit import Verdict
from sandbox.replies import ProviderError, Reply


def error(status: int, message: str, description: str | None = None) -> ProviderError:
    body = {"error": message}
    if description is not None:
        body["error_description"] = description
    return ProviderError(Reply(status=status, body=body))


def unprocessable(message: str) -> ProviderError:
    """422 with Mastodon's validation wording."""
    return error(422, message)


def iso_time(epoch: float) -> str:
    millis = int((epoch % 1) * 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch)) + f".{millis:03d}Z"


class MastodonStyle:
    """Injected faults and limits the way Mastodon (Rack::Attack) answers them."""

    def fault_error(self, endpoint: str, status: int) -> Reply:
        return Reply(status=status, body={"error": "Simulated server error"})

    def rate_limited(self, endpoint: str, verdict: Verdict, now: float) -> Reply:
        headers = self.limit_headers(verdict, now)
        return Reply(status=429, body={"error": "Too many requests"}, headers=headers)

    def limit_headers(self, verdict: Verdict, now: float) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(verdict.limit),
            "X-RateLimit-Remaining": str(max(verdict.remaining, 0)),
            "X-RateLimit-Reset": iso_time(verdict.reset_at),
        }
