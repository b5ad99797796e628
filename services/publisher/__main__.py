"""`python -m services.publisher` starts the publisher service."""

from services.publisher.bootstrap import SERVICE, build
from shared.runtime import run_service

if __name__ == "__main__":
    run_service(SERVICE, build)
