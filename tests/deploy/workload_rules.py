"""The project's rules for workloads: probes, resources, hardening, disruption budgets.

Each rule takes every rendered object of an overlay and returns its violations, one
readable line each; an empty list means the overlay obeys it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tests.deploy.kustomize import split_image
from tests.deploy.kustomize_names import pod_specs

Resource = dict[str, Any]
LONG_RUNNING = {"Deployment", "StatefulSet", "DaemonSet"}
OWN_IMAGE = "gamontj"


def containers(resource: Resource) -> Iterator[tuple[str, dict[str, Any], dict[str, Any], bool]]:
    """(where, container, pod spec, is_init) for every container of a workload."""
    for spec in pod_specs(resource):
        name = f"{resource['kind']}/{resource['metadata']['name']}"
        for container in spec.get("initContainers", []):
            yield f"{name} init container {container['name']}", container, spec, True
        for container in spec.get("containers", []):
            yield f"{name} container {container['name']}", container, spec, False


def probes(objects: list[Resource]) -> list[str]:
    """Every container of a long-running workload has a readiness and a liveness probe."""
    return [
        f"{where} has no {probe}"
        for resource in objects
        if resource["kind"] in LONG_RUNNING
        for where, container, _, init in containers(resource)
        if not init
        for probe in ("readinessProbe", "livenessProbe")
        if probe not in container
    ]


def resources(objects: list[Resource]) -> list[str]:
    """Every container, init and Job containers included, requests and limits CPU and memory."""
    return [
        f"{where} has no {bound}.{quantity}"
        for resource in objects
        for where, container, _, _ in containers(resource)
        for bound in ("requests", "limits")
        for quantity in ("cpu", "memory")
        if quantity not in container.get("resources", {}).get(bound, {})
    ]


def hardening(objects: list[Resource]) -> list[str]:
    """Non-root, read-only root, no privilege escalation, no capabilities, seccomp, no token."""
    violations: list[str] = []
    for resource in objects:
        for spec in pod_specs(resource):
            where = f"{resource['kind']}/{resource['metadata']['name']}"
            if spec.get("automountServiceAccountToken") is not False:
                violations.append(f"{where} mounts a service account token")
            if spec.get("serviceAccountName", "default") == "default":
                violations.append(f"{where} runs as the default service account")
        for where, container, spec, _ in containers(resource):
            violations += [f"{where} {problem}" for problem in _container_problems(container, spec)]
    return violations


def _container_problems(container: dict[str, Any], spec: dict[str, Any]) -> Iterator[str]:
    pod = spec.get("securityContext", {})
    own = container.get("securityContext", {})

    def effective(field: str) -> Any:
        return own.get(field, pod.get(field))

    if effective("runAsNonRoot") is not True:
        yield "may run as root (runAsNonRoot)"
    if not effective("runAsUser"):
        yield "has no non-zero runAsUser"
    if own.get("readOnlyRootFilesystem") is not True:
        yield "has a writable root filesystem"
    if own.get("allowPrivilegeEscalation") is not False:
        yield "allows privilege escalation"
    if "ALL" not in own.get("capabilities", {}).get("drop", []):
        yield "keeps Linux capabilities (drop ALL)"
    if own.get("capabilities", {}).get("add"):
        yield "adds Linux capabilities"
    if (effective("seccompProfile") or {}).get("type") != "RuntimeDefault":
        yield "has no RuntimeDefault seccomp profile"
    image_name = split_image(container["image"])[0].rsplit("/", 1)[-1]
    if image_name == OWN_IMAGE and not _tmp_is_empty_dir(container, spec):
        yield "has no emptyDir at /tmp (the only place our image writes)"


def _tmp_is_empty_dir(container: dict[str, Any], spec: dict[str, Any]) -> bool:
    empty_dirs = {volume["name"] for volume in spec.get("volumes", []) if "emptyDir" in volume}
    return any(
        mount["mountPath"] == "/tmp" and mount["name"] in empty_dirs  # noqa: S108 - a mount path
        for mount in container.get("volumeMounts", [])
    )


def disruption_budgets(objects: list[Resource]) -> list[str]:
    """Every Deployment and StatefulSet is selected by exactly one PodDisruptionBudget."""
    budgets = [resource for resource in objects if resource["kind"] == "PodDisruptionBudget"]
    violations: list[str] = []
    for resource in objects:
        if resource["kind"] not in {"Deployment", "StatefulSet"}:
            continue
        labels = resource["spec"]["template"]["metadata"].get("labels", {})
        selecting = [
            budget["metadata"]["name"]
            for budget in budgets
            if same_namespace(budget, resource) and selects(budget["spec"]["selector"], labels)
        ]
        where = f"{resource['kind']}/{resource['metadata']['name']}"
        if len(selecting) != 1:
            violations.append(f"{where} is selected by {len(selecting)} budgets {selecting}")
    return violations


def same_namespace(a: Resource, b: Resource) -> bool:
    return bool(a["metadata"].get("namespace") == b["metadata"].get("namespace"))


def selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    """A label selector (matchLabels and matchExpressions) applied to a set of labels."""
    if any(labels.get(key) != value for key, value in selector.get("matchLabels", {}).items()):
        return False
    for expression in selector.get("matchExpressions", []):
        key, operator = expression["key"], expression["operator"]
        values = expression.get("values", [])
        matched: bool = {
            "In": key in labels and labels[key] in values,
            "NotIn": key not in labels or labels[key] not in values,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }[operator]
        if not matched:
            return False
    return True
