"""Sharing the card summary needs the parents' consent; emergency access is time-boxed and flagged."""

from __future__ import annotations

import datetime as dt

import pytest

from graph_service.domain.errors import NotFound, PermissionDenied, ValidationError
from graph_service.services.principal import SYSTEM, Principal, Role

ASSIGNED = Principal("tok-w", "Wijkteam Noord", Role.WORKER, professional="prof-048")  # assigned to Lavendel
GP = Principal("tok-gp", "Huisarts", Role.WORKER, professional="prof-013")  # works at ha-dijk
COLLEAGUE = Principal("tok-c", "Huisarts 2", Role.WORKER, professional="prof-014")  # also ha-dijk
ADMIN = Principal("tok-a", "Beheer", Role.ADMIN)


def test_the_summary_needs_a_valid_consent_and_shows_only_who_does_what(cards, audit):
    with pytest.raises(NotFound):
        cards.summary(GP, "gezin-lavendel")
    cards.record_consent(ASSIGNED, "gezin-lavendel", "prof-013", "afstemming huisarts")
    summary = cards.summary(GP, "gezin-lavendel")
    assert summary["coordinator"] == "prof-048"
    assert {p.id for p in summary["professionals"]} == {"prof-003", "prof-048", "prof-025", "prof-037", "prof-085"}
    assert [a["what"] for a in summary["agreements"]] == ["Plan maken met het wijkteam"]  # not the one naming Ans
    with pytest.raises(NotFound):  # consent for one doctor is not consent for her colleague
        cards.summary(COLLEAGUE, "gezin-lavendel")
    with pytest.raises(NotFound):  # and never the whole card
        cards.read(GP, "gezin-lavendel")
    assert audit.events()[-3]["what"].startswith("summary (consent ")


def test_consent_for_an_organisation_covers_its_staff_and_revocation_is_immediate(cards):
    view = cards.record_consent(ASSIGNED, "gezin-lavendel", "ha-dijk", "overdracht naar de huisartsenpraktijk")
    assert cards.summary(COLLEAGUE, "gezin-lavendel")["family"] == "gezin-lavendel"
    consent = next(c for c in cards.consents(ASSIGNED, "gezin-lavendel") if c["recipient"] == "ha-dijk")
    assert consent["recorded_by"] == "prof-048" and consent["granted_on"] == dt.date.today().isoformat()
    cards.revoke_consent(ASSIGNED, "gezin-lavendel", consent["id"])
    with pytest.raises(NotFound):
        cards.summary(COLLEAGUE, "gezin-lavendel")
    revoked = next(c for c in cards.consents(ASSIGNED, "gezin-lavendel") if c["id"] == consent["id"])
    assert revoked["revoked_on"] == dt.date.today().isoformat() and revoked["revoked_by"] == "prof-048"
    with pytest.raises(NotFound):
        cards.revoke_consent(ASSIGNED, "gezin-lavendel", consent["id"])
    assert view.card.id == "gezin-lavendel"


def test_consent_input_is_checked(cards):
    with pytest.raises(ValidationError) as error:
        cards.record_consent(ASSIGNED, "gezin-lavendel", "lv-ans", "delen")
    assert error.value.field == "recipientId"
    with pytest.raises(ValidationError) as error:
        cards.record_consent(ASSIGNED, "gezin-lavendel", "prof-013", "delen", "2999-01-01")
    assert error.value.field == "granted_on"
    with pytest.raises(NotFound):
        cards.record_consent(GP, "gezin-lavendel", "prof-013", "ik geef mezelf toestemming")


def test_emergency_access_is_time_boxed_flagged_and_reviewed(cards, audit, store):
    with pytest.raises(ValidationError) as error:
        cards.emergency_access(GP, "gezin-lavendel", "nood")
    assert error.value.field == "reason"
    with pytest.raises(ValidationError):
        cards.emergency_access(GP, "gezin-lavendel", "Moeder op de SEH, geen gegevens bekend", minutes=600)
    grant = cards.emergency_access(GP, "gezin-lavendel", "Moeder op de SEH, geen gegevens bekend", minutes=30)
    view = cards.read(GP, "gezin-lavendel")
    assert view.card.id == "gezin-lavendel"
    flagged = audit.events(family="gezin-lavendel")[-2:]
    assert [(e["action"], e["emergency"]) for e in flagged] == [("emergency-access", True), ("read", True)]
    assert cards.read(ASSIGNED, "gezin-lavendel") and audit.events()[-1]["emergency"] is False
    with pytest.raises(PermissionDenied):
        cards.emergency_grants(GP)
    review = cards.emergency_grants(ADMIN)
    assert [(g["professional"], g["reason"]) for g in review] == [("prof-013", "Moeder op de SEH, geen gegevens bekend")]
    # past its time the grant opens nothing
    cards.cards.update_item("emergency_grant", "gezin-lavendel", grant["id"], {"expires_at": "2020-01-01T00:00:00+00:00"})
    with pytest.raises(NotFound):
        cards.read(GP, "gezin-lavendel")
    # an unknown family gets the same receipt (no oracle for which ids exist), and it opens nothing
    receipt = cards.emergency_access(GP, "gezin-bestaat-niet", "Moeder op de SEH, geen gegevens bekend")
    assert sorted(receipt) == sorted(grant)
    with pytest.raises(NotFound):
        cards.read(GP, "gezin-bestaat-niet")
    with pytest.raises(PermissionDenied):
        cards.emergency_access(SYSTEM, "gezin-lavendel", "Moeder op de SEH, geen gegevens bekend")
