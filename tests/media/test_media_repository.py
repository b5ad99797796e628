"""The Mongo repository's guarantees the workers rely on (claims, versions, tombstones)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.media.adapters.mongo_media_repository import INDEXES, MongoMediaRepository
from services.media.domain.media import Media, MediaKind, MediaSource, MediaStatus
from shared.store.indexes import ensure_indexes

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def _media(media_id: str, source: MediaSource) -> Media:
    return Media(
        id=media_id,
        tenant_id="t_repo",
        kind=MediaKind.IMAGE,
        content_type="image/png",
        filename="a.png",
        declared_size=10,
        source=source,
        created_at=NOW,
        created_by="usr_1",
    )


async def test_claims_take_only_the_asked_source_and_respect_live_leases(
    db: AsyncDatabase[Any],
) -> None:
    await ensure_indexes(db, INDEXES)
    repo = MongoMediaRepository(db)
    await repo.add(
        _media("med_upload", MediaSource.UPLOAD), upload_nonce="n1", idempotency=None, events=[]
    )
    await repo.add(
        _media("med_import", MediaSource.IMPORT), upload_nonce="", idempotency=None, events=[]
    )
    kwargs: dict[str, Any] = {"status": MediaStatus.UPLOADING, "now": NOW, "lease_s": 60}
    claim = await repo.claim(source=MediaSource.IMPORT, **kwargs)
    assert claim is not None and (claim.media.id, claim.attempt) == ("med_import", 1)
    assert await repo.claim(source=MediaSource.IMPORT, **kwargs) is None


async def test_a_stale_version_loses_and_a_nonce_is_spent_once(db: AsyncDatabase[Any]) -> None:
    repo = MongoMediaRepository(db)
    media = _media("med_v", MediaSource.UPLOAD)
    await repo.add(media, upload_nonce="nonce", idempotency=None, events=[])
    spent = await repo.spend_upload_nonce(tenant_id="t_repo", media_id="med_v", nonce="nonce")
    assert spent is not None and spent.version == 2
    assert (
        await repo.spend_upload_nonce(tenant_id="t_repo", media_id="med_v", nonce="nonce") is None
    )
    assert await repo.save(media.moved_to(MediaStatus.PROCESSING), events=[]) is None
    saved = await repo.save(spent.moved_to(MediaStatus.PROCESSING), events=[])
    assert saved is not None and saved.version == 3
    other_tenant = await repo.get(tenant_id="t_other", media_id="med_v")
    assert other_tenant is None
