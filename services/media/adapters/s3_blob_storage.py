"""BlobStorage in an S3-compatible bucket: multipart uploads of fixed parts, streamed reads.

boto3 is synchronous, so every call runs in a thread; one part uploads while the next one
fills. An interrupted upload is aborted so no partial object (or orphan part) stays billed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from collections.abc import AsyncIterable, AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

from services.media.ports.blob_storage import BlobMissing

PART_BYTES = 8 << 20  # S3 wants parts of at least 5 MiB (except the last)
READ_BYTES = 1 << 20


class S3BlobStorage:
    """`client` is a boto3 S3 client; credentials come from boto3's standard chain."""

    def __init__(self, client: Any, bucket: str, *, temp_dir: Path | None = None) -> None:
        self._s3 = client
        self._bucket = bucket
        self._temp_dir = temp_dir

    async def put(self, key: str, chunks: AsyncIterable[bytes]) -> int:
        iterator = aiter(chunks)
        first, done = await _fill(iterator)
        if done:
            await asyncio.to_thread(self._s3.put_object, Bucket=self._bucket, Key=key, Body=first)
            return len(first)
        upload = await asyncio.to_thread(
            self._s3.create_multipart_upload, Bucket=self._bucket, Key=key
        )
        upload_id = upload["UploadId"]
        try:
            parts, size = await self._upload_parts(key, upload_id, first, iterator)
            await asyncio.to_thread(
                self._s3.complete_multipart_upload,
                Bucket=self._bucket,
                Key=key,
                UploadId=upload_id,
                MultipartUpload={"Parts": parts},
            )
        except BaseException:
            await asyncio.shield(asyncio.to_thread(self._abort, key, upload_id))
            raise
        return size

    async def _upload_parts(
        self, key: str, upload_id: str, first: bytearray, rest: AsyncIterator[bytes]
    ) -> tuple[list[dict[str, Any]], int]:
        parts: list[dict[str, Any]] = []
        block, done, size = first, False, 0
        while block:
            sending = asyncio.ensure_future(self._part(key, upload_id, len(parts) + 1, block))
            size += len(block)
            try:
                # The next part fills while this one uploads.
                block, done = (bytearray(), True) if done else await _fill(rest)
            finally:
                part = await asyncio.shield(sending)
            parts.append(part)
        return parts, size

    async def _part(self, key: str, upload_id: str, number: int, body: bytearray) -> dict[str, Any]:
        answer = await asyncio.to_thread(
            self._s3.upload_part,
            Bucket=self._bucket,
            Key=key,
            UploadId=upload_id,
            PartNumber=number,
            Body=bytes(body),
        )
        return {"ETag": answer["ETag"], "PartNumber": number}

    def _abort(self, key: str, upload_id: str) -> None:
        with contextlib.suppress(ClientError):
            self._s3.abort_multipart_upload(Bucket=self._bucket, Key=key, UploadId=upload_id)

    async def size(self, key: str) -> int | None:
        try:
            head = await asyncio.to_thread(self._s3.head_object, Bucket=self._bucket, Key=key)
        except ClientError as exc:
            if _missing(exc):
                return None
            raise
        return int(head["ContentLength"])

    async def read(self, key: str) -> AsyncIterator[bytes]:
        try:
            answer = await asyncio.to_thread(self._s3.get_object, Bucket=self._bucket, Key=key)
        except ClientError as exc:
            if _missing(exc):
                raise BlobMissing(key) from exc
            raise
        body = answer["Body"]
        try:
            while chunk := await asyncio.to_thread(body.read, READ_BYTES):
                yield chunk
        finally:
            body.close()

    @asynccontextmanager
    async def local_file(self, key: str) -> AsyncIterator[Path]:
        fd, name = tempfile.mkstemp(prefix="media-", dir=self._temp_dir)
        path = Path(name)
        try:
            with os.fdopen(fd, "wb") as handle:
                async for chunk in self.read(key):
                    await asyncio.to_thread(handle.write, chunk)
            yield path
        finally:
            await asyncio.to_thread(path.unlink, missing_ok=True)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._s3.delete_object, Bucket=self._bucket, Key=key)

    async def keys(self, prefix: str) -> list[str]:
        return await asyncio.to_thread(self._keys_sync, prefix)

    def _keys_sync(self, prefix: str) -> list[str]:
        pages = self._s3.get_paginator("list_objects_v2").paginate(
            Bucket=self._bucket, Prefix=prefix
        )
        found = sorted(item["Key"] for page in pages for item in page.get("Contents", []))
        uploads = self._s3.list_multipart_uploads(Bucket=self._bucket, Prefix=prefix)
        # Unfinished multipart uploads hold bytes too: list them so "nothing stored" is honest.
        return found + [f"{u['Key']}#multipart" for u in uploads.get("Uploads", [])]


async def _fill(chunks: AsyncIterator[bytes]) -> tuple[bytearray, bool]:
    """Up to one part of bytes, and whether the stream ended."""
    block = bytearray()
    async for chunk in chunks:
        block += chunk
        if len(block) >= PART_BYTES:
            return block, False
    return block, True


def _missing(error: ClientError) -> bool:
    code = str(error.response.get("Error", {}).get("Code", ""))
    return code in {"404", "NoSuchKey", "NotFound"}
