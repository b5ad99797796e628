"""The media tests' fixtures (the service as its process builds it, with test doubles)."""

from tests.media.conftest import media_settings, start_media

__all__ = ["media_settings", "start_media"]
