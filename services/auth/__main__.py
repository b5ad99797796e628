"""`python -m services.auth` starts the auth service."""

from services.auth.bootstrap import SERVICE, build
from shared.runtime import run_service

if __name__ == "__main__":
    run_service(SERVICE, build)
