"""`python -m services.media` starts the media service."""

import asyncio

import uvloop

from services.media.bootstrap import SERVICE, build
from shared.runtime import run_service

if __name__ == "__main__":
    # uvloop moves upload bytes about a quarter faster than the default loop (bench/media_upload).
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    run_service(SERVICE, build)
