"""`python -m services.media` starts the media service."""

from services.media.bootstrap import SERVICE, build
from shared.runtime import run_service

if __name__ == "__main__":
    run_service(SERVICE, build)
