"""`python -m web`: serve the web application (what `make run` starts at :8090)."""

from __future__ import annotations

import logging
import sys

import uvicorn

from shared.logs import configure_logging
from shared.settings import SettingsError
from web.app import create_app
from web.settings import load_web_settings


def main() -> int:
    try:
        settings = load_web_settings()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    configure_logging("web", "INFO")
    app = create_app(settings)
    logging.getLogger("gamontj.web").info("web application on %s", settings.public_url)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,  # form posts carry passwords in bodies, never in URLs; still no need
        server_header=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
