"""`python -m services.gateway` serves the public API on GAMONTJ_HTTP_HOST:GAMONTJ_HTTP_PORT."""

import sys

import uvicorn

from services.gateway.bootstrap import SERVICE, build
from shared.logs import configure_logging
from shared.settings import SettingsError, load_settings
from shared.telemetry import setup_telemetry, shutdown_telemetry


def main() -> None:
    try:
        settings = load_settings()
    except SettingsError as exc:
        sys.exit(f"{SERVICE}: {exc}")
    configure_logging(SERVICE, settings.log_level)
    gateway = build(settings, setup_telemetry(SERVICE, settings))
    config = uvicorn.Config(
        gateway.app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=int(settings.drain_timeout_s),
    )
    try:
        uvicorn.Server(config).run()
    finally:
        shutdown_telemetry()


if __name__ == "__main__":
    main()
