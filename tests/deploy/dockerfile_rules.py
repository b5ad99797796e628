"""Checks on the Dockerfile: pinned slim base, non-root user, no secrets, no bytecode writes."""

from __future__ import annotations

import re

PINNED_PYTHON = re.compile(r"python:3\.11\.\d+-slim-bookworm")
SECRET_NAME = re.compile(r"(PASSWORD|SECRET|TOKEN|_KEY|CREDENTIALS?)\b", re.IGNORECASE)


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    joined = re.sub(
        r"\\\n",
        " ",
        "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")),
    )
    result = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, rest = line.strip().partition(" ")
            result.append((keyword.upper(), rest.strip()))
    return result


def dockerfile_violations(text: str) -> list[str]:
    """Everything the Dockerfile does against the project's image rules."""
    steps = instructions(text)
    defaults = {
        name: value
        for keyword, rest in steps
        if keyword == "ARG"
        for name, _, value in [rest.partition("=")]
    }
    violations: list[str] = []
    stages: list[str] = []
    final_user: str | None = None
    final_env = ""
    for keyword, rest in steps:
        if keyword == "FROM":
            image, _, alias = rest.partition(" AS ")
            image = re.sub(r"\$\{?(\w+)\}?", lambda m: defaults.get(m[1], m[0]), image.strip())
            if image not in stages and not PINNED_PYTHON.fullmatch(image):
                violations.append(f"base image {image!r} is not python:3.11.<patch>-slim-bookworm")
            stages.append(alias.strip())
            final_user, final_env = None, ""
        elif keyword == "USER":
            final_user = rest.split(":")[0]
        elif keyword == "ENV":
            final_env += " " + rest
        if keyword in {"ARG", "ENV"}:
            names = re.findall(r"(\w+)=", rest) or rest.split()[:1]
            violations += [
                f"{keyword} {name} bakes a secret into the image"
                for name in names
                if SECRET_NAME.search(name)
            ]
    if final_user is None or not final_user.isdigit() or int(final_user) == 0:
        violations.append(
            f"the final stage runs as {final_user or 'root'}, not a numeric non-root uid"
        )
    if "PYTHONDONTWRITEBYTECODE=1" not in final_env:
        violations.append("the final stage does not set PYTHONDONTWRITEBYTECODE=1")
    return violations
