"""Every project rule for rendered manifests, by name (tests/deploy runs each on each overlay)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.deploy import config_rules, network_rules, workload_rules

Rule = Callable[[list[dict[str, Any]]], list[str]]

RULES: dict[str, Rule] = {
    "probes": workload_rules.probes,
    "resources": workload_rules.resources,
    "hardening": workload_rules.hardening,
    "disruption_budgets": workload_rules.disruption_budgets,
    "default_deny": network_rules.default_deny,
    "services_reachable": network_rules.services_reachable,
    "secrets_by_reference": config_rules.secrets_by_reference,
    "pinned_images": config_rules.pinned_images,
    "references_resolve": config_rules.references_resolve,
}
