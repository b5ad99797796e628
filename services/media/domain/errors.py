"""Domain errors of the media service: one stable code each, translated to problems at the edge."""

from __future__ import annotations

import enum


class ErrorCode(enum.StrEnum):
    """Stable codes; rejection reasons stored on a media record are drawn from the same list."""

    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    INVALID_FILENAME = "invalid_filename"
    TYPE_NOT_ALLOWED = "media_type_not_allowed"
    TYPE_MISMATCH = "media_type_mismatch"
    EMPTY_FILE = "empty_file"
    TOO_LARGE = "media_too_large"
    SIZE_EXCEEDED = "upload_size_exceeded"
    UPLOAD_INCOMPLETE = "upload_incomplete"
    URL_INVALID = "signed_url_invalid"
    URL_EXPIRED = "signed_url_expired"
    UPLOAD_URL_USED = "upload_url_used"
    TOO_MANY_PIXELS = "image_too_many_pixels"
    UNREADABLE = "media_unreadable"
    VIDEO_TRUNCATED = "video_truncated"
    NOT_PENDING_REVIEW = "media_not_pending_review"
    REJECTED_IN_REVIEW = "rejected_in_review"
    NOT_READY = "media_not_ready"
    INVALID_CURSOR = "invalid_cursor"
    INVALID_REQUEST = "invalid_request"
    IMPORT_URL_INVALID = "import_url_invalid"
    IMPORT_SCHEME = "import_scheme_not_allowed"
    IMPORT_BLOCKED = "import_address_blocked"
    IMPORT_UNRESOLVABLE = "import_host_unresolvable"
    IMPORT_REDIRECTS = "import_too_many_redirects"
    IMPORT_TOO_LARGE = "import_too_large"
    IMPORT_TIMEOUT = "import_timeout"
    IMPORT_FAILED = "import_failed"
    INTERRUPTED = "processing_interrupted"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"


class MediaError(Exception):
    """A refusal or failure a caller can act on: `code` is stable, `detail` is for humans."""

    def __init__(self, code: ErrorCode, detail: str = "") -> None:
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code
        self.detail = detail
