"""Both overlays render, match the Kubernetes schemas, and obey every project rule."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import kubernetes_validate
import pytest
import yaml
from yamllint import linter
from yamllint.config import YamlLintConfig

from tests.deploy.layout import K8S, KUBERNETES_VERSIONS, find, rendered
from tests.deploy.rules import RULES

SERVICES = ("gateway", "auth", "media", "publisher", "audit", "web")


def test_each_overlay_renders_the_whole_platform(manifests: list[dict[str, Any]]) -> None:
    for name in (*SERVICES, "otel-collector", "grafana"):
        assert find(manifests, "Deployment", name)["spec"]["template"]["spec"]["containers"]
    assert find(manifests, "StatefulSet", "nats")["spec"]["replicas"] == 3
    assert find(manifests, "StatefulSet", "mongodb")["spec"]["replicas"] == 3
    for name in ("tempo", "prometheus"):
        assert find(manifests, "StatefulSet", name)
    assert find(manifests, "Job", "mongodb-init")
    assert {h["metadata"]["name"] for h in manifests if h["kind"] == "HorizontalPodAutoscaler"} == {
        "gateway",
        "publisher",
    }
    assert find(manifests, "NetworkPolicy", "default-deny")
    assert all(
        o["metadata"].get("namespace") == "gamontj" for o in manifests if o["kind"] != "Namespace"
    )


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_object_matches_the_kubernetes_schema(
    manifests: list[dict[str, Any]], version: str
) -> None:
    errors = []
    for obj in manifests:
        try:
            kubernetes_validate.validate(obj, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            path = "/".join(str(part) for part in exc.path)
            errors.append(f"{obj['kind']}/{obj['metadata']['name']} {path}: {exc.message}")
    assert errors == []


@pytest.mark.parametrize("rule", sorted(RULES))
def test_the_overlay_obeys_the_rule(manifests: list[dict[str, Any]], rule: str) -> None:
    assert RULES[rule](manifests) == []


def test_every_yaml_file_passes_yamllint() -> None:
    config = YamlLintConfig(file=str(K8S / ".yamllint.yaml"))
    files = sorted({*K8S.rglob("*.yaml"), *K8S.rglob("*.yml")})  # .yamllint.yaml included
    assert len(files) > 20
    problems = [
        f"{path.relative_to(K8S)}:{problem.line}: {problem.message}"
        for path in files
        for problem in linter.run(path.read_text(), config, str(path))
    ]
    assert problems == []


def test_dev_runs_one_replica_of_each_service_on_local_hosts() -> None:
    objects = rendered("dev")
    for name in ("auth", "media", "audit", "web"):
        assert find(objects, "Deployment", name)["spec"]["replicas"] == 1
    for name in ("gateway", "publisher"):
        assert find(objects, "HorizontalPodAutoscaler", name)["spec"]["minReplicas"] == 1
    hosts = [rule["host"] for rule in find(objects, "Ingress", "gamontj")["spec"]["rules"]]
    assert hosts == [
        "gamontj.local",
        "media.gamontj.local",
        "grafana.gamontj.local",
        "app.gamontj.local",
    ]


def test_prod_scales_out_terminates_tls_and_keeps_half_of_each_service() -> None:
    objects = rendered("prod")
    assert find(objects, "HorizontalPodAutoscaler", "publisher")["spec"]["minReplicas"] >= 3
    assert find(objects, "Deployment", "auth")["spec"]["replicas"] >= 2
    tls = find(objects, "Ingress", "gamontj")["spec"]["tls"]
    assert tls[0]["secretName"] == "gamontj-tls" and len(tls[0]["hosts"]) == 4
    for name in SERVICES:
        budget = find(objects, "PodDisruptionBudget", name)["spec"]
        assert budget.get("minAvailable") == "50%" and "maxUnavailable" not in budget


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_the_renderer_agrees_with_kubectl_kustomize(
    overlay: str, manifests: list[dict[str, Any]]
) -> None:
    output = subprocess.run(
        ["kubectl", "kustomize", str(K8S / "overlays" / overlay)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout

    def by_identity(objects: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
        return {(o["kind"], o["metadata"]["name"]): o for o in objects}

    theirs = by_identity([doc for doc in yaml.safe_load_all(output) if doc])
    assert by_identity(manifests) == theirs
