"""The demo coalition with its three demo families, behind the family card service."""

from __future__ import annotations

import pytest

from graph_service.services.demo import load_demo
from graph_service.services.family_cards import FamilyCardService


@pytest.fixture
def cards(store, audit):
    load_demo(store, audit)
    return FamilyCardService(store, audit)
