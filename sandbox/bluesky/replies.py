"""Bluesky (XRPC) answer shapes: `{"error", "message"}` and `ratelimit-*` headers."""

from __future__ import annotations

from sandbox.ratelimit import Verdict
from sandbox.replies import ProviderError, Reply


def xrpc_error(status: int, name: str, message: str | None = None) -> ProviderError:
    body = {"error": name, "message": message} if message is not None else {"error": name}
    return ProviderError(Reply(status=status, body=body))


def invalid_request(message: str, name: str = "InvalidRequest") -> ProviderError:
    return xrpc_error(400, name, message)


class BlueskyStyle:
    """Injected faults and limits the way the reference PDS answers them."""

    def fault_error(self, endpoint: str, status: int) -> Reply:
        return Reply(
            status=status, body={"error": "InternalServerError", "message": "Internal Server Error"}
        )

    def rate_limited(self, endpoint: str, verdict: Verdict, now: float) -> Reply:
        body = {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}
        return Reply(status=429, body=body, headers=self.limit_headers(verdict, now))

    def limit_headers(self, verdict: Verdict, now: float) -> dict[str, str]:
        return {
            "ratelimit-limit": str(verdict.limit),
            "ratelimit-remaining": str(max(verdict.remaining, 0)),
            "ratelimit-reset": str(int(verdict.reset_at)),
            "ratelimit-policy": f"{verdict.limit};w={int(verdict.window_s)}",
        }
