"""Where the deployment lives, and its overlays rendered once per test session."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

from tests.deploy.kustomize import render

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "deploy" / "k8s"
OVERLAYS = ("dev", "prod")
# The oldest and the newest Kubernetes minor we support; kubernetes-validate bundles both.
KUBERNETES_VERSIONS = ("1.35.0", "1.37.0")
DASHBOARD = K8S / "base" / "grafana" / "dashboards" / "gamontj-publishing.json"
DATASOURCES = K8S / "base" / "grafana" / "provisioning" / "datasources.yaml"


@cache
def _rendered(overlay: str) -> tuple[dict[str, Any], ...]:
    return tuple(render(K8S / "overlays" / overlay))


def rendered(overlay: str) -> list[dict[str, Any]]:
    """The overlay's objects, as a private copy a test may change."""
    return copy.deepcopy(list(_rendered(overlay)))


def find(objects: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    """The one object of that kind and name."""
    (match,) = (o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name)
    return match
