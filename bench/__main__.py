"""`python -m bench` (what `make bench` calls): run every section, print one JSON document."""

from __future__ import annotations

import asyncio
import json
import os
import platform
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bench.audit_ingest import audit_ingest
from bench.baseline import BenchContext, Section, baseline
from bench.media_upload import media_upload
from bench.publisher_wave import publisher_wave
from shared.localstack.servers import MissingBinaryError, ServerStartError, start_mongo, start_nats

# Later benchmarks append (name, section) here; each name becomes a top-level JSON key.
SECTIONS: list[tuple[str, Section]] = [
    ("baseline", baseline),
    ("audit_ingest", audit_ingest),
    ("media_upload", media_upload),
    ("publisher_wave", publisher_wave),
]


async def run_sections(ctx: BenchContext) -> tuple[dict[str, object], bool]:
    """Every section's figures; a failing section reports its error and the rest still run."""
    results: dict[str, object] = {}
    ok = True
    for name, section in SECTIONS:
        ctx.say(f"section {name}")
        try:
            results[name] = await section(ctx)
        except Exception as exc:
            results[name] = {"error": f"{type(exc).__name__}: {exc}"}
            ok = False
    return results, ok


def machine() -> dict[str, object]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def main() -> int:
    with ExitStack() as stack:
        work_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="gamontj-bench-")))
        try:
            ctx = BenchContext(
                nats_url=os.environ.get("NATS_URL") or _start(stack, "nats", work_dir),
                mongo_url=os.environ.get("MONGODB_URL") or _start(stack, "mongo", work_dir),
                work_dir=work_dir,
            )
        except (MissingBinaryError, ServerStartError) as exc:
            sys.stderr.write(f"bench: {exc}\n")
            return 1
        results, ok = asyncio.run(run_sections(ctx))
    sys.stdout.write(json.dumps({"machine": machine(), **results}, indent=2) + "\n")
    return 0 if ok else 1


def _start(stack: ExitStack, which: str, work_dir: Path) -> str:
    BenchContext.say_to_stderr(f"starting {which} in {work_dir}")
    server = start_nats(work_dir) if which == "nats" else start_mongo(work_dir)
    # Registered at once, so a later failure still stops it (before the temp dir goes).
    stack.callback(server.stop)
    return server.url


if __name__ == "__main__":
    sys.exit(main())
