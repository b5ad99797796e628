"""Each rule fails on a manifest broken on purpose: a rule that cannot fail proves nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.deploy.layout import find, rendered
from tests.deploy.rules import RULES

Objects = list[dict[str, Any]]


def _pod(objects: Objects, kind: str, name: str) -> dict[str, Any]:
    spec: dict[str, Any] = find(objects, kind, name)["spec"]["template"]["spec"]
    return spec


def _container(objects: Objects, kind: str, name: str) -> dict[str, Any]:
    container: dict[str, Any] = _pod(objects, kind, name)["containers"][0]
    return container


def _drop_readiness(objects: Objects) -> None:
    del _container(objects, "Deployment", "gateway")["readinessProbe"]


def _drop_liveness_of_a_backend(objects: Objects) -> None:
    del _container(objects, "Deployment", "audit")["livenessProbe"]


def _drop_limits(objects: Objects) -> None:
    del _container(objects, "StatefulSet", "nats")["resources"]["limits"]


def _drop_init_container_requests(objects: Objects) -> None:
    del _pod(objects, "StatefulSet", "mongodb")["initContainers"][0]["resources"]["requests"]


def _writable_root(objects: Objects) -> None:
    _container(objects, "Deployment", "publisher")["securityContext"]["readOnlyRootFilesystem"] = (
        False
    )


def _root_user(objects: Objects) -> None:
    del _container(objects, "Deployment", "media")["securityContext"]["runAsNonRoot"]
    _pod(objects, "Deployment", "media")["securityContext"]["runAsNonRoot"] = False


def _escalation(objects: Objects) -> None:
    _container(objects, "Job", "mongodb-init")["securityContext"]["allowPrivilegeEscalation"] = True


def _capabilities(objects: Objects) -> None:
    _container(objects, "Deployment", "grafana")["securityContext"]["capabilities"] = {"drop": []}


def _token(objects: Objects) -> None:
    _pod(objects, "StatefulSet", "prometheus")["automountServiceAccountToken"] = True


def _no_tmp(objects: Objects) -> None:
    _pod(objects, "Deployment", "auth")["volumes"][0] = {"name": "tmp", "hostPath": {"path": "/t"}}


def _drop_budget(objects: Objects) -> None:
    objects.remove(find(objects, "PodDisruptionBudget", "audit"))


def _second_budget(objects: Objects) -> None:
    extra = dict(find(objects, "PodDisruptionBudget", "gateway"))
    objects.append({**extra, "metadata": {**extra["metadata"], "name": "gateway-extra"}})


def _drop_default_deny(objects: Objects) -> None:
    objects.remove(find(objects, "NetworkPolicy", "default-deny"))


def _close_tempo_to_grafana(objects: Objects) -> None:
    find(objects, "NetworkPolicy", "tempo")["spec"]["ingress"].pop()


def _service_without_pods(objects: Objects) -> None:
    find(objects, "Service", "media")["spec"]["selector"] = {"app.kubernetes.io/name": "medium"}


def _secret_with_data(objects: Objects) -> None:
    objects.append(
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": "gamontj-auth-env"},
            "stringData": {"MONGODB_URL": "mongodb://auth:pw@mongodb-0"},
        }
    )


def _literal_mongodb_url(objects: Objects) -> None:
    _container(objects, "Deployment", "audit")["env"].append(
        {"name": "MONGODB_URL", "value": "mongodb://audit:hunter2@mongodb-0.mongodb-headless"}
    )


def _signing_key_in_config_map(objects: Objects) -> None:
    config_map = next(o for o in objects if o["metadata"]["name"].startswith("gamontj-environment"))
    config_map["data"]["GAMONTJ_MEDIA_SIGNING_KEY"] = "c2VjcmV0"


def _latest_image(objects: Objects) -> None:
    _container(objects, "StatefulSet", "tempo")["image"] = "grafana/tempo:latest"


def _untagged_image(objects: Objects) -> None:
    _container(objects, "Deployment", "gateway")["image"] = "gamontj"


def _dangling_config_map(objects: Objects) -> None:
    _pod(objects, "StatefulSet", "nats")["volumes"][0]["configMap"]["name"] = "nats-config"


def _ingress_to_nowhere(objects: Objects) -> None:
    rule = find(objects, "Ingress", "gamontj")["spec"]["rules"][1]
    rule["http"]["paths"][0]["backend"]["service"]["name"] = "media-plane"


def _replicas_fighting_the_autoscaler(objects: Objects) -> None:
    find(objects, "Deployment", "publisher")["spec"]["replicas"] = 2


BREAKAGES: list[tuple[str, Callable[[Objects], None], str]] = [
    ("probes", _drop_readiness, "gateway"),
    ("probes", _drop_liveness_of_a_backend, "audit"),
    ("resources", _drop_limits, "nats"),
    ("resources", _drop_init_container_requests, "keyfile"),
    ("hardening", _writable_root, "publisher"),
    ("hardening", _root_user, "media"),
    ("hardening", _escalation, "mongodb-init"),
    ("hardening", _capabilities, "grafana"),
    ("hardening", _token, "prometheus"),
    ("hardening", _no_tmp, "auth"),
    ("disruption_budgets", _drop_budget, "audit"),
    ("disruption_budgets", _second_budget, "gateway"),
    ("default_deny", _drop_default_deny, "gamontj"),
    ("services_reachable", _close_tempo_to_grafana, "3200"),
    ("services_reachable", _service_without_pods, "media"),
    ("secrets_by_reference", _secret_with_data, "gamontj-auth-env"),
    ("secrets_by_reference", _literal_mongodb_url, "MONGODB_URL"),
    ("secrets_by_reference", _signing_key_in_config_map, "GAMONTJ_MEDIA_SIGNING_KEY"),
    ("pinned_images", _latest_image, "tempo:latest"),
    ("pinned_images", _untagged_image, "'gamontj'"),
    ("references_resolve", _dangling_config_map, "nats-config"),
    ("references_resolve", _ingress_to_nowhere, "media-plane"),
    ("references_resolve", _replicas_fighting_the_autoscaler, "publisher"),
]


@pytest.mark.parametrize(
    ("rule", "breakage", "culprit"),
    BREAKAGES,
    ids=[f"{rule}-{breakage.__name__.strip('_')}" for rule, breakage, _ in BREAKAGES],
)
def test_the_rule_reports_the_broken_object(
    rule: str, breakage: Callable[[Objects], None], culprit: str
) -> None:
    objects = rendered("prod")
    assert RULES[rule](objects) == []
    breakage(objects)
    violations = RULES[rule](objects)
    assert violations, f"{rule} missed {breakage.__name__}"
    assert any(culprit in violation for violation in violations), violations


def test_every_rule_has_a_breakage_it_catches() -> None:
    assert {rule for rule, _, _ in BREAKAGES} == set(RULES)
