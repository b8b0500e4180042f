"""The demo coalition with its three demo families, behind the family card service."""

from __future__ import annotations

import pytest

from tests.conftest import load_demo_snapshot
from graph_service.services.family_cards import FamilyCardService


@pytest.fixture
def cards(store, audit):
    load_demo_snapshot(store, audit)
    return FamilyCardService(store, audit)
