"""Minimal valid values built from an OpenAPI document's schemas (for generated tests)."""

from __future__ import annotations

import re
import uuid
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "patch")


class Examples:
    """Builds one schema-valid value per schema: examples and defaults first, then the type."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})

    def request_body(self, operation: dict[str, Any]) -> Any:
        content = operation.get("requestBody", {}).get("content", {})
        media = content.get("application/json")
        return None if media is None else self.value(media.get("schema", {}))

    def value(self, schema: dict[str, Any]) -> Any:
        if "$ref" in schema:
            return self.value(self._schemas[schema["$ref"].rsplit("/", 1)[1]])
        for key in ("const", "default"):
            if key in schema:
                return schema[key]
        if schema.get("examples"):
            return schema["examples"][0]
        if schema.get("enum"):
            return schema["enum"][0]
        for key in ("oneOf", "anyOf", "allOf"):
            branches = [b for b in schema.get(key, []) if b.get("type") != "null"]
            if branches:
                return self.value(branches[0])
        return self._typed(schema)

    def _typed(self, schema: dict[str, Any]) -> Any:
        kind = schema.get("type", "object")
        kind = next((k for k in kind if k != "null"), "string") if isinstance(kind, list) else kind
        if kind == "object":
            properties = schema.get("properties", {})
            return {
                name: self.value(properties.get(name, {})) for name in schema.get("required", [])
            }
        if kind == "array":
            return [self.value(schema.get("items", {}))] * int(schema.get("minItems", 0))
        if kind in ("integer", "number"):
            return max(int(schema.get("minimum", 1)), 1)
        if kind == "boolean":
            return False
        return _string(schema)


def _string(schema: dict[str, Any]) -> str:
    pattern = schema.get("pattern", "")
    if schema.get("format") == "email" or "@" in pattern:
        return f"matrix-{uuid.uuid4().hex[:8]}@example.test"
    if schema.get("format") == "date-time":
        return "2030-01-01T00:00:00Z"
    text = "matrix" + uuid.uuid4().hex[:6]
    return text.ljust(int(schema.get("minLength", 0)), "x")[: int(schema.get("maxLength", 200))]


def path_parameters(path: str) -> list[str]:
    return re.findall(r"{(\w+)}", path)


def is_id_parameter(name: str) -> bool:
    """Names that address one thing: `id`, `*_id`, or a capability `token`."""
    return name == "id" or name.endswith("_id") or name == "token"


def collection_of(path: str, parameter: str) -> str:
    """The path segment naming what `{parameter}` identifies, e.g. `members` for `{user_id}`."""
    segments = path.strip("/").split("/")
    index = segments.index("{" + parameter + "}")
    return segments[index - 1] if index else ""


def random_id() -> str:
    return "zz_" + uuid.uuid4().hex
