"""The image: one Dockerfile, pinned slim base, non-root, nothing secret, only sources sent."""

from __future__ import annotations

import pytest

from tests.deploy.dockerfile_rules import dockerfile_violations
from tests.deploy.layout import REPO

DOCKERFILE = (REPO / "Dockerfile").read_text()


def test_the_dockerfile_obeys_the_image_rules() -> None:
    assert dockerfile_violations(DOCKERFILE) == []


def test_the_build_context_excludes_everything_but_the_sources() -> None:
    patterns = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert patterns[0] == "*"  # an allow-list: .venv, .data, .git and secrets never travel
    assert {"!pyproject.toml", "!constraints.txt", "!services/", "!shared/"} <= set(patterns)


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("python:3.11.14-slim-bookworm", "python:3.11-slim", "python:3.11-slim"),
        ("python:3.11.14-slim-bookworm", "python:latest", "python:latest"),
        ("USER 10001:10001", "USER root", "runs as root"),
        ("USER 10001:10001\n", "", "runs as root"),
        ("ARG SERVICE=gateway", "ARG SERVICE=gateway\nARG GITHUB_TOKEN=x", "GITHUB_TOKEN"),
        ("    PYTHONDONTWRITEBYTECODE=1 \\\n", "", "PYTHONDONTWRITEBYTECODE"),
    ],
    ids=["floating-minor", "latest", "root-user", "no-user", "secret-arg", "bytecode"],
)
def test_a_broken_dockerfile_is_reported(old: str, new: str, complaint: str) -> None:
    assert old in DOCKERFILE
    violations = dockerfile_violations(DOCKERFILE.replace(old, new))
    assert any(complaint in violation for violation in violations), violations
