"""`python -m shared.localstack` (what `make run` calls): run the whole platform locally."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from shared.localstack.runner import Stack

DEFAULT_HTTP_PORT = 8080


def main() -> int:
    # `make run` starts us from the repository root, which is also where services import from.
    repo_root = Path.cwd()
    data_dir = Path(os.environ.get("GAMONTJ_DATA_DIR") or repo_root / ".data").resolve()
    raw_port = os.environ.get("GAMONTJ_HTTP_PORT") or str(DEFAULT_HTTP_PORT)
    try:
        http_port = int(raw_port)
    except ValueError:
        print(f"error: GAMONTJ_HTTP_PORT must be a port number, got {raw_port!r}")
        return 2
    return Stack(repo_root, data_dir, http_port).run()


if __name__ == "__main__":
    sys.exit(main())
