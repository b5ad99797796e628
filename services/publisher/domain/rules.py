"""The rule set of each provider, by provider name."""

from __future__ import annotations

from collections.abc import Mapping

from services.publisher.domain.rules_bluesky import check_bluesky
from services.publisher.domain.rules_mastodon import check_mastodon
from services.publisher.domain.rules_tiktok import check_tiktok
from services.publisher.domain.validation import ProviderRules

PROVIDER_RULES: Mapping[str, ProviderRules] = {
    "tiktok": check_tiktok,
    "mastodon": check_mastodon,
    "bluesky": check_bluesky,
}
