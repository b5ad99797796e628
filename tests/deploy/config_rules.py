"""The project's rules for configuration: secrets by reference only, pinned images, and
references (ConfigMaps, Ingress backends, autoscaler targets) that resolve."""

from __future__ import annotations

import re
from typing import Any

from tests.deploy.kustomize import split_image
from tests.deploy.kustomize_names import config_map_references, pod_specs
from tests.deploy.workload_rules import containers, same_namespace

Resource = dict[str, Any]

# Names that hold secret values (a *_KEY_FILE or *_URL is a path or address, not a secret),
# plus MONGODB_URL, which carries the database user's password.
SECRET_NAME = re.compile(r"(PASSWORD|SECRET|TOKEN|_KEY|CREDENTIALS?)$|^MONGODB_URL$")
CREDENTIALS_IN_URL = re.compile(r"://[^/@\s]+:[^/@\s]+@")


def secrets_by_reference(objects: list[Resource]) -> list[str]:
    """No Secret carries data; secret values reach pods only through Secret references."""
    violations: list[str] = []
    for resource in objects:
        name = f"{resource['kind']}/{resource['metadata']['name']}"
        if resource["kind"] == "Secret" and (resource.get("data") or resource.get("stringData")):
            violations.append(f"{name} carries data: create it with kubectl, by name only")
        if resource["kind"] == "ConfigMap":
            violations += [
                f"{name} holds {key}, a secret"
                for key, value in resource.get("data", {}).items()
                if SECRET_NAME.search(key) or CREDENTIALS_IN_URL.search(value)
            ]
        for where, container, _, _ in containers(resource):
            violations += [
                f"{where} sets {variable['name']} to a literal value, not a secretKeyRef"
                for variable in container.get("env", [])
                if "value" in variable
                and (
                    SECRET_NAME.search(variable["name"])
                    or CREDENTIALS_IN_URL.search(str(variable["value"]))
                )
            ]
    return violations


def pinned_images(objects: list[Resource]) -> list[str]:
    """Every image names an explicit version: no `latest`, no missing tag."""
    violations: list[str] = []
    for resource in objects:
        for where, container, _, _ in containers(resource):
            image = container["image"]
            tag = split_image(image.split("@")[0])[1]
            if "@" not in image and tag in ("", "latest"):
                violations.append(f"{where} uses {image!r}, which is not a pinned version")
    return violations


def references_resolve(objects: list[Resource]) -> list[str]:
    """ConfigMaps, Ingress backends and autoscaler targets named by an object exist."""

    def named(kind: str, near: Resource) -> dict[str, Resource]:
        return {
            other["metadata"]["name"]: other
            for other in objects
            if other["kind"] == kind and same_namespace(other, near)
        }

    violations: list[str] = []
    for resource in objects:
        where = f"{resource['kind']}/{resource['metadata']['name']}"
        if any(pod_specs(resource)):
            config_maps = named("ConfigMap", resource)
            violations += [
                f"{where} refers to a missing ConfigMap {reference['name']}"
                for reference in config_map_references(resource)
                if reference["name"] not in config_maps and not reference.get("optional")
            ]
        if resource["kind"] == "Ingress":
            violations += _ingress_problems(where, resource, named("Service", resource))
        if resource["kind"] == "HorizontalPodAutoscaler":
            target = resource["spec"]["scaleTargetRef"]
            workload = named(target["kind"], resource).get(target["name"])
            if workload is None:
                violations.append(f"{where} scales a missing {target['kind']}/{target['name']}")
            elif "replicas" in workload["spec"]:
                violations.append(f"{where}: {target['name']} sets replicas the autoscaler owns")
    return violations


def _ingress_problems(where: str, ingress: Resource, services: dict[str, Resource]) -> list[str]:
    problems: list[str] = []
    for rule in ingress["spec"].get("rules", []):
        for path in rule.get("http", {}).get("paths", []):
            backend = path["backend"]["service"]
            service = services.get(backend["name"])
            wanted = backend["port"].get("name", backend["port"].get("number"))
            ports = [
                (port.get("name"), port["port"])
                for port in (service or {"spec": {}})["spec"].get("ports", [])
            ]
            if service is None or not any(wanted in pair for pair in ports):
                problems.append(
                    f"{where} routes {rule.get('host')} to missing {backend['name']}:{wanted}"
                )
    return problems
