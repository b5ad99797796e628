"""The test renderer implements its kustomize subset faithfully and refuses anything else."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deploy.kustomize import UnsupportedKustomization, render, split_image
from tests.deploy.kustomize_names import config_map_hash

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {tier: front}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: web
          envFrom: [{configMapRef: {name: settings}}]
          resources: {limits: {cpu: "1"}}
"""


def _write(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text)
    return directory


def test_the_hash_suffix_is_kustomizes() -> None:
    # `kubectl kustomize` (kustomize 5.5) names a ConfigMap generated from "A=b" x-b9t2424hkf.
    assert config_map_hash({"A": "b"}) == "b9t2424hkf"


def test_an_overlay_renders_patched_labelled_retagged_and_rehashed(tmp_path: Path) -> None:
    _write(
        tmp_path / "base",
        {
            "kustomization.yaml": "resources: [web.yaml]\nimages: [{name: web, newTag: '1.2'}]\n",
            "web.yaml": DEPLOYMENT,
        },
    )
    overlay = _write(
        tmp_path / "overlay",
        {
            "kustomization.yaml": (
                "namespace: shop\nresources: [../base]\nlabels: [{pairs: {env: dev}}]\n"
                "replicas: [{name: web, count: 2}]\n"
                "configMapGenerator: [{name: settings, envs: [s.env]}]\n"
                "patches: [{path: p.yaml, target: {kind: Deployment, labelSelector: tier=front}}]\n"
            ),
            "s.env": "# comment\nA=b\n",
            "p.yaml": "- {op: replace, path: /spec/template/spec/containers/0/resources/limits/cpu,"
            " value: 500m}\n",
        },
    )
    config_map, deployment = sorted(render(overlay), key=lambda o: o["kind"])
    assert config_map["metadata"] == {
        "name": "settings-b9t2424hkf",
        "namespace": "shop",
        "labels": {"env": "dev"},
    }
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "web:1.2"
    assert container["envFrom"][0]["configMapRef"]["name"] == "settings-b9t2424hkf"
    assert container["resources"]["limits"]["cpu"] == "500m"
    assert deployment["spec"]["replicas"] == 2
    assert deployment["metadata"]["labels"] == {"tier": "front", "env": "dev"}
    assert deployment["spec"]["template"]["metadata"]["labels"] == {"app": "web"}


@pytest.mark.parametrize(
    "kustomization",
    [
        "resources: [web.yaml]\ncommonLabels: {a: b}\n",
        "resources: [web.yaml]\nlabels: [{pairs: {a: b}, includeSelectors: true}]\n",
        "resources: [web.yaml]\npatches: [{path: p.yaml, target: {kind: Service}}]\n",
        "resources: [web.yaml]\nconfigMapGenerator: [{name: c, literals: [a=b]}]\n",
    ],
    ids=["commonLabels", "selector-labels", "patch-matching-nothing", "literals"],
)
def test_features_outside_the_subset_are_refused(tmp_path: Path, kustomization: str) -> None:
    _write(
        tmp_path,
        {
            "kustomization.yaml": kustomization,
            "web.yaml": DEPLOYMENT,
            "p.yaml": "- {op: remove, path: /spec/replicas}\n",
        },
    )
    with pytest.raises(UnsupportedKustomization):
        render(tmp_path)


def test_images_split_at_the_tag_not_at_a_registry_port() -> None:
    assert split_image("nats:2.15.1-alpine") == ("nats", "2.15.1-alpine")
    assert split_image("registry:5000/team/gamontj") == ("registry:5000/team/gamontj", "")
