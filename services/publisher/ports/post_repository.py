"""Port: posts (content, targets' settings, approval, schedule intent) with optimistic versions."""

from __future__ import annotations

from typing import Protocol

from services.publisher.domain.post import Post


class PostRepository(Protocol):
    """Every method is scoped by tenant; another workspace's post behaves as absent."""

    async def add(self, post: Post, *, idempotency_key: str, fingerprint: str) -> Post:
        """Store a new post; a reused key returns the first post (or IdempotencyMismatch)."""
        ...

    async def get(self, *, tenant_id: str, post_id: str) -> Post | None:
        """A live post (soft-deleted posts are absent)."""
        ...

    async def get_many(self, *, tenant_id: str, post_ids: list[str]) -> list[Post]:
        """Live posts among `post_ids`, in no particular order."""
        ...

    async def list_recent(self, *, tenant_id: str, before: str | None, limit: int) -> list[Post]:
        """Newest first, starting after the post id `before` (a cursor)."""
        ...

    async def save(self, post: Post, *, expected_version: int) -> Post:
        """Replace the post if nobody changed it and publishing has not started (else Conflict)."""
        ...

    async def start_publishing(self, *, tenant_id: str, post_id: str) -> Post | None:
        """Freeze the content from now on and return it; None if the post was deleted."""
        ...

    async def delete(self, *, tenant_id: str, post_id: str, expected_version: int) -> bool:
        """Soft delete; False if the post changed meanwhile."""
        ...
