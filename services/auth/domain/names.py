"""Names people give to workspaces and API keys."""

from __future__ import annotations

from services.auth.domain.errors import InvalidName

MAX_NAME = 100


def clean_name(raw: str, *, default: str) -> str:
    """Whitespace collapsed; a blank name becomes `default` rather than an error."""
    name = " ".join(raw.split()) or default
    if not name or len(name) > MAX_NAME:
        raise InvalidName(f"a name has 1 to {MAX_NAME} characters")
    return name
