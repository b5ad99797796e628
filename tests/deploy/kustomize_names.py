"""kustomize's content-hash suffix for generated ConfigMaps, and the references it rewrites."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

Resource = dict[str, Any]

# Go's json.Marshal escapes these for HTML safety; kustomize hashes that encoding.
_GO_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028"}
# kustomize swaps some hex digits for letters so a suffix never reads as a number or word.
_SUFFIX_LETTERS = str.maketrans({"0": "g", "1": "h", "3": "k", "a": "m", "e": "t"})


def config_map_hash(data: dict[str, str]) -> str:
    """The ten-character suffix kustomize appends to a generated ConfigMap's name."""
    # kustomize 5 encodes an empty name (checked against `kubectl kustomize`, kustomize 5.5).
    encoded = json.dumps(
        {"data": data, "kind": "ConfigMap", "name": ""},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    for character, escape in _GO_ESCAPES.items():
        encoded = encoded.replace(character, escape)
    digest = hashlib.sha256(encoded.encode()).hexdigest()
    return digest[:10].translate(_SUFFIX_LETTERS)


def add_hash_suffixes(resources: list[Resource], generated: list[Resource]) -> None:
    """Rename generated ConfigMaps and fix references to them within their namespace."""
    renamed: dict[tuple[str | None, str], str] = {}
    for config_map in generated:
        metadata = config_map["metadata"]
        new_name = f"{metadata['name']}-{config_map_hash(config_map['data'])}"
        renamed[(metadata.get("namespace"), metadata["name"])] = new_name
        metadata["name"] = new_name
    for resource in resources:
        namespace = resource["metadata"].get("namespace")
        for holder in config_map_references(resource):
            holder["name"] = renamed.get((namespace, holder["name"]), holder["name"])


def config_map_references(resource: Resource) -> Iterator[dict[str, Any]]:
    """Every mapping in a pod spec whose `name` names a ConfigMap."""
    for spec in pod_specs(resource):
        for volume in spec.get("volumes", []):
            if "configMap" in volume:
                yield volume["configMap"]
            for source in volume.get("projected", {}).get("sources", []):
                if "configMap" in source:
                    yield source["configMap"]
        for container in spec.get("containers", []) + spec.get("initContainers", []):
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    yield source["configMapRef"]
            for variable in container.get("env", []):
                reference = variable.get("valueFrom", {}).get("configMapKeyRef")
                if reference is not None:
                    yield reference


def pod_specs(resource: Resource) -> Iterator[dict[str, Any]]:
    """The pod spec of a workload (none for other kinds)."""
    kind = resource["kind"]
    if kind == "Pod":
        yield resource["spec"]
    elif kind in {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}:
        yield resource["spec"]["template"]["spec"]
    elif kind == "CronJob":
        yield resource["spec"]["jobTemplate"]["spec"]["template"]["spec"]
