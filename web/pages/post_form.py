"""The composer's form, both ways: browser fields -> API bodies, API post -> field values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from litestar.datastructures import FormMultiDict

# TikTok's documented privacy levels; each creator may allow a subset (creator_info), which the
# API names in its validation message when a choice is refused (decision 0104).
TIKTOK_PRIVACY_LEVELS = (
    ("PUBLIC_TO_EVERYONE", "Everyone"),
    ("MUTUAL_FOLLOW_FRIENDS", "Friends (mutual followers)"),
    ("FOLLOWER_OF_CREATOR", "Followers"),
    ("SELF_ONLY", "Only me"),
)
TIKTOK_SWITCHES = ("disable_comment", "disable_duet", "disable_stitch")
MASTODON_VISIBILITY = ("public", "unlisted", "private", "direct")
ACTIONS = ("draft", "schedule", "now")


@dataclass
class Draft:
    """What the person typed, kept to re-render the form exactly as it was."""

    text: str = ""
    media: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)  # connection ids
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)  # per connection id
    action: str = "schedule"
    local_time: str = ""
    timezone: str = ""
    post_id: str = ""
    version: int | None = None
    nonce: str = ""

    def schedule(self) -> dict[str, str]:
        return {"local_time": _with_seconds(self.local_time), "timezone": self.timezone or "UTC"}


def read_form(form: FormMultiDict, providers_by_connection: dict[str, str]) -> Draft:
    """Parse the posted form; per-target fields are named `<setting>__<connection id>`."""
    draft = Draft(
        text=str(form.get("text") or "")[:20_000],
        media=[str(m) for m in form.getall("media", [])][:35],
        targets=[str(t) for t in form.getall("target", []) if str(t) in providers_by_connection],
        action=str(form.get("action") or "schedule"),
        local_time=str(form.get("local_time") or ""),
        timezone=str(form.get("timezone") or ""),
        post_id=str(form.get("post_id") or ""),
        nonce=str(form.get("nonce") or "")[:64],
    )
    version = str(form.get("version") or "")
    draft.version = int(version) if version.isdigit() else None
    if draft.action not in ACTIONS:
        draft.action = "schedule"
    for connection_id, provider in providers_by_connection.items():
        draft.settings[connection_id] = _settings(form, provider, connection_id)
    return draft


def _settings(form: FormMultiDict, provider: str, connection_id: str) -> dict[str, Any]:
    def value(name: str) -> str:
        return str(form.get(f"{name}__{connection_id}") or "")

    if provider == "tiktok":
        found: dict[str, Any] = {"privacy_level": value("privacy_level") or None}
        for switch in TIKTOK_SWITCHES:
            found[switch] = value(switch) == "on"
        return found
    if provider == "mastodon":
        visibility = value("visibility")
        return {
            "visibility": visibility if visibility in MASTODON_VISIBILITY else "public",
            "spoiler_text": value("spoiler_text")[:500],
        }
    return {}


def post_body(draft: Draft, providers_by_connection: dict[str, str]) -> dict[str, Any]:
    """The NewPost / PostChanges body of the API."""
    targets = []
    for connection_id in draft.targets:
        provider = providers_by_connection[connection_id]
        target: dict[str, Any] = {"connection_id": connection_id, "provider": provider}
        settings = draft.settings.get(connection_id) or {}
        if provider in ("tiktok", "mastodon") and settings:
            target[provider] = settings
        targets.append(target)
    body: dict[str, Any] = {"text": draft.text, "media": draft.media, "targets": targets}
    if draft.version is not None:
        body["version"] = draft.version
    return body


def from_post(post: dict[str, Any]) -> Draft:
    """Field values for editing an existing post."""
    draft = Draft(
        text=post["text"],
        media=list(post["media"]),
        targets=[t["connection_id"] for t in post["targets"]],
        post_id=post["post_id"],
        version=post.get("version"),
    )
    for target in post["targets"]:
        settings = (
            target.get(target["provider"]) if target["provider"] in ("tiktok", "mastodon") else None
        )
        draft.settings[target["connection_id"]] = dict(settings or {})
    schedule = post.get("schedule")
    if schedule:
        draft.local_time = str(schedule["local_time"])[:16]
        draft.timezone = str(schedule["timezone"])
    return draft


def errors_by_connection(errors: dict[str, str], post: dict[str, Any] | None) -> dict[str, str]:
    """Re-key `<target_id>:<field>` errors to `<connection_id>:<field>` (what the form knows)."""
    if post is None:
        return errors
    connection_of = {t["target_id"]: t["connection_id"] for t in post.get("targets", [])}
    found: dict[str, str] = {}
    for key, message in errors.items():
        target, sep, name = key.partition(":")
        if sep and target in connection_of:
            key = f"{connection_of[target]}:{name}"
        found[key] = f"{found[key]}; {message}" if key in found else message
    return found


def _with_seconds(local_time: str) -> str:
    # <input type=datetime-local> sends minutes only; the API wants an ISO local time.
    return f"{local_time}:00" if len(local_time) == 16 else local_time
