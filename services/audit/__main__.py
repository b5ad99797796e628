"""`python -m services.audit` starts the audit service."""

from services.audit.bootstrap import SERVICE, build
from shared.runtime import run_service

if __name__ == "__main__":
    run_service(SERVICE, build)
