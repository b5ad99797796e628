"""Identifiers: ULIDs, sortable by creation time, with a readable kind prefix."""

from __future__ import annotations

from ulid import ULID


def new_id(prefix: str = "") -> str:
    """A new ULID string, e.g. `evt_01J…` when a prefix is given."""
    value = str(ULID())
    return f"{prefix}_{value}" if prefix else value
