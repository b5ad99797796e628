"""E-mail addresses: one normal form so that lookups and uniqueness do not depend on case."""

from __future__ import annotations

import re

from services.auth.domain.errors import InvalidEmail

MAX_LENGTH = 254
# Same rule as the gateway's schema (shared/contracts/auth.py), so valid input is never refused.
PATTERN = r"^[^@ \t\n\r\f\v]+@[^@ \t\n\r\f\v]+\.[^@ \t\n\r\f\v]+$(?!\n)"
_SHAPE = re.compile(PATTERN)
_ASCII_SPACE = " \t\n\r\f\v"


def normalize_email(raw: str) -> str:
    """Trimmed and lower-cased; every mail provider we deal with treats addresses that way."""
    email = raw.strip(_ASCII_SPACE)
    if len(email) > MAX_LENGTH or not _SHAPE.search(email):
        raise InvalidEmail("not a valid e-mail address")
    return email.lower()
