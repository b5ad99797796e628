"""Fixtures of the publisher tests: a core on the real store with fake outward ports."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from shared.settings import Settings
from tests.support.publisher_rig import Rig, build_rig


@pytest.fixture
def publisher_db(mongo: AsyncMongoClient[Any], settings: Settings) -> AsyncDatabase[Any]:
    return mongo[settings.database_name("publisher")]


@pytest.fixture
async def rig(publisher_db: AsyncDatabase[Any]) -> Rig:
    return await build_rig(publisher_db)
