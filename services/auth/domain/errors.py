"""Domain errors of the auth service; entrypoints translate them into problems in one place."""

from __future__ import annotations


class AuthError(Exception):
    """Base of every refusal the auth core expresses."""


class InvalidEmail(AuthError):
    """The address is not a usable e-mail address."""


class WeakPassword(AuthError):
    def __init__(self, reasons: list[str]) -> None:
        super().__init__(", ".join(reasons))
        self.reasons = reasons


class EmailTaken(AuthError):
    """An account with this e-mail already exists."""


class InvalidCredentials(AuthError):
    """Wrong e-mail or password: deliberately one answer for both."""


class LoginThrottled(AuthError):
    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"retry after {retry_after_s}s")
        self.retry_after_s = retry_after_s


class InvalidRefreshToken(AuthError):
    """Unknown, expired or revoked refresh token."""


class RefreshTokenReused(AuthError):
    """A rotated refresh token came back: its whole family is now revoked."""


class InvalidApiKey(AuthError):
    """Unknown or revoked API key."""


class NotFound(AuthError):
    """Absent, or belonging to another workspace: the two are indistinguishable on purpose."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class PermissionDenied(AuthError):
    """The caller's role in this workspace does not include the permission."""


class RoleTooHigh(AuthError):
    """Nobody grants, changes or removes a role above their own."""


class LastOwner(AuthError):
    """A workspace always keeps at least one owner."""


class AlreadyMember(AuthError):
    """The user is already a member of the workspace."""


class InvalidRole(AuthError):
    """Not one of owner, admin, editor, viewer."""


class InvalidName(AuthError):
    """A name that is empty or too long."""


class WorkspaceRequired(AuthError):
    """The credential names no workspace (e.g. a user who belongs to none)."""


class UserCredentialRequired(AuthError):
    """Only a signed-in user may do this, not an API key."""


class IdempotencyKeyReused(AuthError):
    """The Idempotency-Key was already used for a different request."""


class IdempotentResultGone(AuthError):
    """The Idempotency-Key's earlier result no longer exists (e.g. that API key was revoked)."""


class ConcurrentUpdate(AuthError):
    """Someone else changed the same thing at the same moment; trying again is safe."""
