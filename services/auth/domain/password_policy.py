"""What makes a password acceptable: long enough, bounded, and not the e-mail address itself."""

from __future__ import annotations

MIN_LENGTH = 12
# argon2 accepts any length; the bound only keeps absurd inputs away from the hasher.
MAX_LENGTH = 1024


def weak_password_reasons(password: str, email: str) -> list[str]:
    """Every reason the password is refused (empty when acceptable)."""
    reasons: list[str] = []
    if len(password) < MIN_LENGTH:
        reasons.append("too_short")
    if len(password) > MAX_LENGTH:
        reasons.append("too_long")
    if password.strip().lower() == email.strip().lower():
        reasons.append("same_as_email")
    return reasons


REASON_TEXT = {
    "too_short": f"use at least {MIN_LENGTH} characters",
    "too_long": f"use at most {MAX_LENGTH} characters",
    "same_as_email": "the password must not be your e-mail address",
}
