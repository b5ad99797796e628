"""Domain errors translated into problems (stable codes, statuses) in one place."""

from __future__ import annotations

from services.auth.domain import errors as e
from services.auth.domain.password_policy import REASON_TEXT
from shared.errors import Problem, ProblemCode

_SIMPLE: dict[type[e.AuthError], tuple[str, int, str]] = {
    e.InvalidEmail: ("invalid_email", 422, "this is not a valid e-mail address"),
    e.EmailTaken: ("email_taken", 409, "an account with this e-mail address already exists"),
    e.InvalidCredentials: (ProblemCode.UNAUTHENTICATED, 401, "wrong e-mail or password"),
    e.InvalidRefreshToken: ("invalid_refresh_token", 401, "the refresh token is not valid"),
    e.RefreshTokenReused: (
        "refresh_token_reused",
        401,
        "this refresh token was already used; the session has been ended, sign in again",
    ),
    e.InvalidApiKey: ("invalid_api_key", 401, "the API key is not valid"),
    e.PermissionDenied: (ProblemCode.FORBIDDEN, 403, "your role does not allow this"),
    e.RoleTooHigh: ("role_too_high", 403, "you cannot grant or change a role above your own"),
    e.LastOwner: ("last_owner", 409, "a workspace must keep at least one owner"),
    e.AlreadyMember: ("already_member", 409, "this person is already a member"),
    e.InvalidRole: ("invalid_role", 422, "role must be one of owner, admin, editor, viewer"),
    e.InvalidName: ("invalid_name", 422, "a name has 1 to 100 characters"),
    e.WorkspaceRequired: ("workspace_required", 403, "this needs a workspace; create or join one"),
    e.UserCredentialRequired: (
        "user_credential_required",
        403,
        "only a signed-in user can do this, not an API key",
    ),
    # 422 as the IETF Idempotency-Key draft says, and as posts, media and privacy requests
    # answer: one status for one code across the platform (decision 0016).
    e.IdempotencyKeyReused: (
        "idempotency_key_reused",
        422,
        "this Idempotency-Key was already used for a different request",
    ),
    e.IdempotentResultGone: (
        "idempotency_key_spent",
        409,
        "what this Idempotency-Key created no longer exists; send a new key",
    ),
    e.ConcurrentUpdate: (ProblemCode.CONFLICT, 409, "changed concurrently; try again"),
}


def to_problem(error: e.AuthError) -> Problem:
    """The problem a caller sees for a domain refusal."""
    if isinstance(error, e.WeakPassword):
        reasons = [{"reason": r, "message": REASON_TEXT[r]} for r in error.reasons]
        return Problem("weak_password", "the password is too weak", status=422, errors=reasons)
    if isinstance(error, e.LoginThrottled):
        return Problem(
            ProblemCode.RATE_LIMITED,
            "too many failed sign-ins; try again later",
            status=429,
            errors=[{"retry_after_s": error.retry_after_s}],
        )
    if isinstance(error, e.NotFound):
        return Problem(ProblemCode.NOT_FOUND, f"{error.what.replace('_', ' ')} not found")
    for kind, (code, status, detail) in _SIMPLE.items():
        if isinstance(error, kind):
            return Problem(code, detail, status=status)
    return Problem(ProblemCode.BAD_REQUEST, "the request was refused")
