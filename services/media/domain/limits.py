"""Size, pixel, time and lifetime limits the use cases enforce (filled from settings)."""

from __future__ import annotations

import msgspec

from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.media import MediaKind


class MediaLimits(msgspec.Struct, frozen=True, kw_only=True):
    max_image_bytes: int = 50 * 1024 * 1024
    max_video_bytes: int = 4 * 1024 * 1024 * 1024
    max_pixels: int = 50_000_000
    upload_url_ttl_s: int = 900
    download_url_ttl_s: int = 900
    unattached_ttl_s: int = 24 * 3600
    import_max_bytes: int = 512 * 1024 * 1024
    import_timeout_s: float = 60.0
    import_max_redirects: int = 3
    import_allow_loopback: bool = False
    probe_lease_s: float = 300.0

    def max_bytes(self, kind: MediaKind) -> int:
        return self.max_image_bytes if kind is MediaKind.IMAGE else self.max_video_bytes

    def check_declared_size(self, kind: MediaKind, size: int) -> None:
        """Refuse empty files and sizes above the kind's cap before any byte is sent."""
        if size <= 0:
            raise MediaError(ErrorCode.EMPTY_FILE, "the declared size must be at least one byte")
        if size > self.max_bytes(kind):
            raise MediaError(
                ErrorCode.TOO_LARGE, f"{kind} files may be at most {self.max_bytes(kind)} bytes"
            )
