"""Schema-driven fuzzing of the public API: every operation in /schema, every applicable check.

Runs against the real processes (the `make run` runner) so that whatever endpoint a later
change adds is fuzzed too. `make fuzz` raises the example count (GAMONTJ_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.processes import running_platform

pytestmark = [pytest.mark.integration, pytest.mark.slow]

EXAMPLES = int(os.environ.get("GAMONTJ_FUZZ_EXAMPLES", "30"))
SEED = 20261129
CONFIG = Path(__file__).with_name("schemathesis.toml")


@pytest.fixture(scope="module")
def platform_url(
    nats_url: str, mongo_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with running_platform(nats_url, mongo_url, tmp_path_factory.mktemp("fuzz")) as url:
        yield url


def schemathesis(*args: str, report_dir: Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).with_name("schemathesis")
    return subprocess.run(
        [
            str(executable),
            "--config-file",
            str(CONFIG),
            "run",
            *args,
            "--report",
            "junit",
            "--report-dir",
            str(report_dir),
        ],
        cwd=report_dir,  # schemathesis keeps its example database in the working directory
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_no_server_error_and_no_schema_violation_anywhere(
    platform_url: str, tmp_path: Path
) -> None:
    result = schemathesis(
        f"{platform_url}/schema/openapi.json",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--no-color",
        report_dir=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout or " passed" in result.stdout, result.stdout[-3000:]
