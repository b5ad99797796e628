"""`python -m bench.wave_main`: the publisher wave alone (same figures as in `make bench`).

Starts its own store and broker unless MONGODB_URL / NATS_URL name running ones;
GAMONTJ_BENCH_WAVE_TARGETS scales the wave (10,000 by default).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bench.baseline import BenchContext
from bench.publisher_wave import publisher_wave
from shared.localstack.servers import start_mongo, start_nats


def main() -> int:
    with ExitStack() as stack:
        work_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="gamontj-wave-")))
        urls = {}
        for which, env in (("nats", "NATS_URL"), ("mongo", "MONGODB_URL")):
            urls[which] = os.environ.get(env) or _start(stack, which, work_dir)
        ctx = BenchContext(nats_url=urls["nats"], mongo_url=urls["mongo"], work_dir=work_dir)
        figures = asyncio.run(publisher_wave(ctx))
    load = os.getloadavg()
    report = {"load_average_1_5_15": [round(x, 2) for x in load], "publisher_wave": figures}
    sys.stdout.write(json.dumps(report, indent=2) + "\n")
    return 0


def _start(stack: ExitStack, which: str, work_dir: Path) -> str:
    BenchContext.say_to_stderr(f"starting {which} in {work_dir}")
    server = start_nats(work_dir) if which == "nats" else start_mongo(work_dir)
    stack.callback(server.stop)
    return server.url


if __name__ == "__main__":
    sys.exit(main())
