"""`python -m sandbox`: serve every provider stand-in on 127.0.0.1:$GAMONTJ_SANDBOX_PORT."""

from __future__ import annotations

import os

import uvicorn

from sandbox.app import create_sandbox_app

DEFAULT_PORT = 8070


def main() -> None:
    """Serve until SIGINT/SIGTERM; uvicorn drains open requests and exits cleanly."""
    port = int(os.environ.get("GAMONTJ_SANDBOX_PORT", str(DEFAULT_PORT)))
    uvicorn.run(
        create_sandbox_app(),
        host="127.0.0.1",
        port=port,
        access_log=False,
        log_level=os.environ.get("GAMONTJ_SANDBOX_LOG_LEVEL", "info"),
        timeout_graceful_shutdown=3,
    )


if __name__ == "__main__":
    main()
