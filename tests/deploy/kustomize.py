"""Renders deploy/k8s kustomizations the way `kubectl kustomize` does, without the binary.

Only the subset deploy/k8s uses is implemented, and anything else raises, so a
kustomization that strays from it fails the tests instead of rendering differently:

- `resources`: YAML files (several documents each) and directories holding a kustomization;
- `namespace`: set on every namespaced object;
- `labels`: `pairs` added to `metadata.labels` only (no selectors, no templates);
- `images`: `name` with `newName` and/or `newTag`;
- `replicas`: `name` and `count` for Deployments and StatefulSets;
- `patches`: JSON 6902 operations (add, remove, replace) from `path`, on the objects a
  `target` selects by `kind`, `name` (a regular expression, as in kustomize) and equality
  `labelSelector`;
- `configMapGenerator`: `files` and `envs`; names get kustomize's content-hash suffix and
  every reference from a pod spec in the same namespace is rewritten (kustomize_names.py).

Order is kustomize's: resources, generators, patches, namespace, labels, replicas, images;
hash suffixes last, once, for the whole build.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from tests.deploy.kustomize_names import add_hash_suffixes, pod_specs

Resource = dict[str, Any]

SUPPORTED = {
    "apiVersion",
    "kind",
    "resources",
    "namespace",
    "labels",
    "images",
    "replicas",
    "patches",
    "configMapGenerator",
}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume"}
_ENV_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*)=(.*)")


class UnsupportedKustomization(ValueError):
    """The kustomization uses a feature outside the subset this renderer implements."""


def render(directory: Path) -> list[Resource]:
    """The objects `kubectl kustomize <directory>` prints (in no particular order)."""
    resources, generated = _accumulate(directory)
    add_hash_suffixes(resources, generated)
    return resources


def _accumulate(directory: Path) -> tuple[list[Resource], list[Resource]]:
    spec = yaml.safe_load((directory / "kustomization.yaml").read_text())
    _only(spec, SUPPORTED, f"{directory}/kustomization.yaml")
    resources: list[Resource] = []
    generated: list[Resource] = []
    for entry in spec.get("resources", []):
        path = directory / entry
        if path.is_dir():
            sub_resources, sub_generated = _accumulate(path)
            resources += sub_resources
            generated += sub_generated
        else:
            resources += [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
    for generator in spec.get("configMapGenerator", []):
        config_map = _generate_config_map(directory, generator)
        resources.append(config_map)
        generated.append(config_map)
    for patch in spec.get("patches", []):
        _apply_patch(directory, patch, resources)
    if "namespace" in spec:
        for resource in resources:
            if resource["kind"] not in CLUSTER_SCOPED:
                resource["metadata"]["namespace"] = spec["namespace"]
    for entry in spec.get("labels", []):
        _only(entry, {"pairs", "includeSelectors", "includeTemplates"}, "labels")
        if entry.get("includeSelectors") or entry.get("includeTemplates"):
            raise UnsupportedKustomization("labels reach metadata.labels only")
        for resource in resources:
            resource["metadata"].setdefault("labels", {}).update(entry["pairs"])
    for entry in spec.get("replicas", []):
        _set_replicas(entry, resources)
    for entry in spec.get("images", []):
        _set_image(entry, resources)
    return resources, generated


def _only(mapping: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(mapping) - allowed
    if unknown:
        raise UnsupportedKustomization(f"{where}: unsupported {sorted(unknown)}")


def _generate_config_map(directory: Path, generator: dict[str, Any]) -> Resource:
    _only(generator, {"name", "files", "envs"}, f"configMapGenerator {generator.get('name')}")
    data: dict[str, str] = {}
    for entry in generator.get("files", []):
        key, _, path = entry.rpartition("=")
        data[key or Path(path).name] = (directory / path).read_text()
    for path in generator.get("envs", []):
        for line in (directory / path).read_text().splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            match = _ENV_LINE.fullmatch(line)
            if match is None:
                raise UnsupportedKustomization(f"{path}: not KEY=VALUE: {line!r}")
            data[match[1]] = match[2]
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": generator["name"]},
        "data": data,
    }


def _apply_patch(directory: Path, patch: dict[str, Any], resources: list[Resource]) -> None:
    _only(patch, {"path", "target"}, f"patch {patch}")
    target = patch.get("target") or {}
    _only(target, {"kind", "name", "labelSelector"}, f"patch target {target}")
    operations = yaml.safe_load((directory / patch["path"]).read_text())
    if not isinstance(operations, list) or not target:
        raise UnsupportedKustomization(f"{patch['path']}: only JSON 6902 patches with a target")
    selected = [resource for resource in resources if _selected(resource, target)]
    if not selected:
        raise UnsupportedKustomization(f"{patch['path']}: the target {target} matches nothing")
    for resource in selected:
        for operation in operations:
            _apply_operation(resource, operation)


def _selected(resource: Resource, target: dict[str, str]) -> bool:
    if "kind" in target and resource["kind"] != target["kind"]:
        return False
    if "name" in target and not re.fullmatch(target["name"], resource["metadata"]["name"]):
        return False
    labels = resource["metadata"].get("labels", {})
    for requirement in filter(None, target.get("labelSelector", "").split(",")):
        key, _, value = requirement.partition("=")
        if labels.get(key.strip()) != value.strip():
            return False
    return True


def _apply_operation(document: Resource, operation: dict[str, Any]) -> None:
    op, path = operation["op"], operation["path"]
    if op not in {"add", "remove", "replace"}:
        raise UnsupportedKustomization(f"JSON patch op {op!r}")
    *parents, last = [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]
    node: Any = document
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        index = len(node) if last == "-" else int(last)
        if op == "add":
            node.insert(index, operation["value"])
        elif op == "remove":
            del node[index]
        else:
            node[index] = operation["value"]
    elif op == "add":
        node[last] = operation["value"]
    elif last not in node:
        raise UnsupportedKustomization(f"{path}: nothing to {op}")  # kustomize fails too
    elif op == "remove":
        del node[last]
    else:
        node[last] = operation["value"]


def _set_replicas(entry: dict[str, Any], resources: list[Resource]) -> None:
    matches = [
        resource
        for resource in resources
        if resource["kind"] in {"Deployment", "StatefulSet"}
        and resource["metadata"]["name"] == entry["name"]
    ]
    if not matches:
        raise UnsupportedKustomization(f"replicas: no workload named {entry['name']}")
    for resource in matches:
        resource["spec"]["replicas"] = entry["count"]


def _set_image(entry: dict[str, Any], resources: list[Resource]) -> None:
    _only(entry, {"name", "newName", "newTag"}, f"images {entry}")
    for resource in resources:
        for spec in pod_specs(resource):
            for container in spec.get("containers", []) + spec.get("initContainers", []):
                name, tag = split_image(container["image"])
                if name == entry["name"]:
                    name = entry.get("newName", name)
                    tag = entry.get("newTag", tag)
                    container["image"] = f"{name}:{tag}" if tag else name


def split_image(image: str) -> tuple[str, str]:
    """`repo/name:tag` -> (`repo/name`, `tag`); a port in the registry host is no tag."""
    name, _, tag = image.rpartition(":")
    if not name or "/" in tag:
        return image, ""
    return name, tag
