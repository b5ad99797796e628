"""The project's network rules: default deny everywhere, and no Service nobody may reach."""

from __future__ import annotations

from typing import Any

from tests.deploy.kustomize_names import pod_specs
from tests.deploy.workload_rules import same_namespace, selects

Resource = dict[str, Any]


def default_deny(objects: list[Resource]) -> list[str]:
    """Every namespace that runs pods denies all ingress and egress unless a policy allows it."""
    namespaces = {
        resource["metadata"].get("namespace") for resource in objects if any(pod_specs(resource))
    }
    denying = {
        policy["metadata"].get("namespace")
        for policy in objects
        if policy["kind"] == "NetworkPolicy"
        and policy["spec"].get("podSelector") in ({}, None)
        and {"Ingress", "Egress"} <= set(policy["spec"].get("policyTypes", []))
        and not policy["spec"].get("ingress")
        and not policy["spec"].get("egress")
    }
    return [
        f"namespace {namespace} has no default-deny policy" for namespace in namespaces - denying
    ]


def services_reachable(objects: list[Resource]) -> list[str]:
    """Every port of every Service is opened by an ingress rule for the pods behind it."""
    templates = [resource for resource in objects if resource["kind"] in _WORKLOADS]
    policies = [resource for resource in objects if resource["kind"] == "NetworkPolicy"]
    violations: list[str] = []
    for service in (resource for resource in objects if resource["kind"] == "Service"):
        selector = {"matchLabels": service["spec"].get("selector", {})}
        backends = [
            workload
            for workload in templates
            if same_namespace(workload, service) and selects(selector, _pod_labels(workload))
        ]
        if not backends:
            violations.append(f"Service/{service['metadata']['name']} selects no pods")
        for workload in backends:
            for port in service["spec"]["ports"]:
                if not _allowed(port, workload, policies):
                    violations.append(
                        f"Service/{service['metadata']['name']} port {port['port']} is reached "
                        f"by no NetworkPolicy ingress rule for {workload['metadata']['name']}"
                    )
    return violations


_WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet"}


def _pod_labels(workload: Resource) -> dict[str, str]:
    labels: dict[str, str] = workload["spec"]["template"]["metadata"].get("labels", {})
    return labels


def _allowed(port: dict[str, Any], workload: Resource, policies: list[Resource]) -> bool:
    number, name = _target_port(port, workload)
    for policy in policies:
        spec = policy["spec"]
        if not same_namespace(policy, workload) or "Ingress" not in spec.get("policyTypes", []):
            continue
        if not selects(spec.get("podSelector") or {}, _pod_labels(workload)):
            continue
        for rule in spec.get("ingress", []):
            allowed = rule.get("ports") or [{}]
            if any(entry.get("port") in (None, number, name) for entry in allowed):
                return True
    return False


def _target_port(port: dict[str, Any], workload: Resource) -> tuple[int | None, str | None]:
    """The container port number and name a Service port leads to."""
    target = port.get("targetPort", port["port"])
    for spec in pod_specs(workload):
        for container in spec["containers"]:
            for container_port in container.get("ports", []):
                if target in (container_port["containerPort"], container_port.get("name")):
                    return container_port["containerPort"], container_port.get("name")
    return (target, None) if isinstance(target, int) else (None, target)
