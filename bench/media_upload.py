"""1 GiB through the media data plane (a real process) next to a plain local copy of it."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from bench.baseline import BenchContext
from shared.contracts import media as contract
from shared.contracts.rpc import HealthReply, HealthRequest
from shared.errors import Problem
from shared.localstack.processes import free_port, wait_for_tcp
from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.rpc import RpcClient
from shared.settings import Settings
from shared.tenancy import RequestContext, TenantId

SIZE_ENV = "GAMONTJ_BENCH_MEDIA_BYTES"
DEFAULT_SIZE = 1 << 30
BLOCK = 1 << 20
MIB = 1024 * 1024


async def media_upload(ctx: BenchContext) -> dict[str, object]:
    size = int(os.environ.get(SIZE_ENV, DEFAULT_SIZE))
    source = ctx.work_dir / "media-source.mp4"
    ctx.say(f"media: writing {size // MIB} MiB of test bytes")
    digest = await asyncio.to_thread(_write_source, source, size)
    ctx.say("media: plain local copy of the same bytes")
    # Each measurement starts with no dirty pages, so neither pays for the other's writeback.
    os.sync()
    copy_s = await asyncio.to_thread(_timed_copy, source, ctx.work_dir / "media-copy.mp4")
    (ctx.work_dir / "media-copy.mp4").unlink()
    os.sync()
    port = free_port()
    process, log_path = _start_media(ctx, port, size)
    try:
        await asyncio.to_thread(wait_for_tcp, "127.0.0.1", port, 30.0)
        ticket = await _create_upload(ctx, size)
        rss_before = _rss_kib(process.pid, "VmRSS")
        ctx.say(f"media: PUT {size // MIB} MiB through the data plane")
        started = time.perf_counter()
        answer = await _put_file(ticket.upload_url, source, size)
        upload_s = time.perf_counter() - started
        peak = _rss_kib(process.pid, "VmHWM")
    finally:
        _stop(process)
        source.unlink(missing_ok=True)
    if b'"status":"processing"' not in answer:
        raise RuntimeError(f"upload refused: {answer[:300]!r} (log: {log_path})")
    upload_rate, copy_rate = size / MIB / upload_s, size / MIB / copy_s
    return {
        "bytes": size,
        "upload_mb_s": round(upload_rate, 1),
        "local_copy_mb_s": round(copy_rate, 1),
        "upload_vs_copy": round(upload_rate / copy_rate, 2),
        "sha256_matches": digest in answer.decode(errors="replace"),
        "media_rss_before_upload_mb": round(rss_before / 1024, 1),
        "media_peak_rss_mb": round(peak / 1024, 1),
    }


def _write_source(path: Path, size: int) -> str:
    """An ISO BMFF signature (so the type check passes), then incompressible filler."""
    header = b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41"
    filler = os.urandom(BLOCK)
    digest = hashlib.sha256()
    with path.open("wb") as handle:
        written = 0
        while written < size:
            block = (header + filler)[:BLOCK] if written == 0 else filler
            block = block[: size - written]
            handle.write(block)
            digest.update(block)
            written += len(block)
    return digest.hexdigest()


def _timed_copy(source: Path, target: Path) -> float:
    started = time.perf_counter()
    shutil.copyfile(source, target)
    return time.perf_counter() - started


def _start_media(ctx: BenchContext, port: int, size: int) -> tuple[subprocess.Popen[bytes], Path]:
    env = dict(os.environ)
    env.update(
        NATS_URL=ctx.nats_url,
        MONGODB_URL=ctx.mongo_url,
        GAMONTJ_DATA_DIR=str(ctx.work_dir / "media-data"),
        GAMONTJ_DB_PREFIX=f"bench{uuid.uuid4().hex[:8]}",
        GAMONTJ_MEDIA_HTTP_PORT=str(port),
        GAMONTJ_MEDIA_MAX_VIDEO_BYTES=str(max(size, 1)),
        GAMONTJ_LOG_LEVEL="WARNING",
    )
    log_path = ctx.work_dir / "media-bench.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "services.media"], env=env, stdout=log, stderr=log
        )
    return process, log_path


async def _create_upload(ctx: BenchContext, size: int) -> contract.CreateUploadReply:
    """Ask for an upload URL as the gateway would, once the service answers its health RPC."""
    settings = Settings(nats_url=ctx.nats_url)
    broker = make_broker(settings, service="bench")
    await connect_broker(broker, settings)
    rpc = RpcClient(broker, timeout_s=10.0)
    try:
        for _ in range(300):
            try:
                await rpc.call(contract.HEALTH, HealthRequest(), HealthReply, timeout_s=1.0)
                break
            except Problem:
                await asyncio.sleep(0.1)
        caller = RequestContext(tenant_id=TenantId("t_bench"), actor="usr_bench", role="owner")
        request = contract.CreateUploadRequest(
            ctx=caller, filename="bench.mp4", content_type="video/mp4", size=size
        )
        return await rpc.call(contract.CREATE_UPLOAD, request, contract.CreateUploadReply)
    finally:
        await broker.stop()


async def _put_file(url: str, source: Path, size: int) -> bytes:
    """A minimal HTTP/1.1 PUT that sends the file with sendfile(2): the client costs ~nothing."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    head = (
        f"PUT {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: video/mp4\r\n"
        f"Content-Length: {size}\r\nConnection: close\r\n\r\n"
    )
    writer.write(head.encode())
    with source.open("rb") as handle:
        await asyncio.get_running_loop().sendfile(writer.transport, handle)
    answer = await reader.read()
    writer.close()
    return answer


def _rss_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
