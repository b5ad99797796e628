"""A post with the progress of each of its targets: what every use case answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from services.publisher.app.context import Publisher
from services.publisher.domain.errors import NotFound
from services.publisher.domain.post import Post, TargetSpec
from services.publisher.domain.record import TargetRecord
from services.publisher.domain.target_state import TargetState
from services.publisher.domain.validation import Notice


@dataclass(frozen=True)
class PostDetails:
    post: Post
    records: dict[str, TargetRecord]  # by target id; every target of the post has one
    notices: list[Notice] = field(default_factory=list)

    def record(self, target_id: str) -> TargetRecord:
        return self.records[target_id]


def draft_record(post: Post, spec: TargetSpec) -> TargetRecord:
    return TargetRecord(
        id=spec.id,
        tenant_id=post.tenant_id,
        post_id=post.id,
        connection_id=spec.connection_id,
        provider=spec.provider,
        state=TargetState.DRAFT,
        updated_at=post.updated_at,
    )


def assemble(post: Post, records: Sequence[TargetRecord], notices: list[Notice]) -> PostDetails:
    """Targets whose record is missing (a crash between two writes) read as drafts."""
    known = {r.id: r for r in records if r.post_id == post.id}
    return PostDetails(
        post=post,
        records={s.id: known.get(s.id) or draft_record(post, s) for s in post.targets},
        notices=notices,
    )


async def load_post(core: Publisher, tenant_id: str, post_id: str) -> Post:
    post = await core.posts.get(tenant_id=tenant_id, post_id=post_id)
    if post is None:
        raise NotFound(f"no post {post_id}", code="post_not_found")
    return post


async def load_details(
    core: Publisher, tenant_id: str, post_id: str, notices: list[Notice] | None = None
) -> PostDetails:
    post = await load_post(core, tenant_id, post_id)
    records = await core.targets.for_post(tenant_id=tenant_id, post_id=post_id)
    return assemble(post, records, notices or [])
