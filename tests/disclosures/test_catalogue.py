"""The AsyncAPI catalogue lists the disclosure event whatever else the process imported."""

from __future__ import annotations

import subprocess
import sys

# A fresh interpreter: in this one, other tests may already have imported the contract.
PROBE = (
    "from shared.contracts.catalog import asyncapi_document, event_types;"
    "print(sorted(c.type_name() for c in event_types()));"
    "print(sorted(asyncapi_document(version='1')['channels']))"
)


def test_the_catalogue_lists_publisher_data_disclosed_with_its_channel() -> None:
    listed = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    ).stdout
    types, channels = listed.splitlines()
    assert "'publisher.data_disclosed'" in types
    assert "'publisher_data_disclosed'" in channels
