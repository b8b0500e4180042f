"""What every command shares: settings from the environment and the command line, the store
opened for one command, the audit log and the card service."""

from __future__ import annotations

import argparse
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from ..config import Settings
from ..store.graph_store import GraphStore

if TYPE_CHECKING:
    from ..bootstrap import Services
    from ..services.audit import AuditLog
    from ..services.family_cards import FamilyCardService

PROG = "coalition-map"


class UsageError(Exception):
    """Bad configuration given on the command line or in the environment."""

def services(store: GraphStore, settings: Settings) -> "Services":
    """The composition root, imported when a command needs it: the command line itself starts
    fast (it is what `serve` runs before it listens)."""
    from ..bootstrap import Services

    return Services(store, settings)


def settings_of(args: argparse.Namespace) -> Settings:
    try:
        base = Settings.from_env()
    except ValueError as exc:
        raise UsageError(f"bad configuration in the environment: {exc}") from None
    return base.with_overrides(
        data_dir=getattr(args, "data_dir", None),
        store_url=getattr(args, "store_url", None),
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
        workers=getattr(args, "workers", None),
    )


@contextmanager
def opened_store(settings: Settings) -> Iterator[GraphStore]:
    from ..store.factory import open_store

    store = open_store(settings, allow_attach=True)
    try:
        yield store
    finally:
        store.close()

def audit_log(settings: Settings) -> AuditLog:
    """The audit log for commands that run without the database (show, prune, restore); with a
    store, `Services.audit` anchors its head in the database."""
    from ..services.audit import AuditLog

    return AuditLog.in_data_dir(settings.data_dir, settings.audit_key, replica=settings.replica)

def card_service(settings: Settings, store: GraphStore) -> "FamilyCardService":
    return services(store, settings).cards
