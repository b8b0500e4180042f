"""One clock: set it once and every "now" and "today" of the service follows (validation of dates
in the future, the audit log's times, the evaluators' default quarter, what the store reads as of)."""

from __future__ import annotations

import datetime as dt

import pytest

from graph_service.domain import clock
from graph_service.domain.errors import ValidationError
from graph_service.domain.validation import Validator
from graph_service.domain.vocabulary import load_vocabulary
from graph_service.services.audit import AuditLog
from graph_service.services.evaluation import quarter_end
from graph_service.services.principal import SYSTEM
from graph_service.store.rows import today

MOMENT = dt.datetime(2031, 5, 4, 10, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def fixed():
    previous = clock.use(clock.FixedClock(MOMENT))
    yield
    clock.use(previous)


def test_every_now_follows_the_one_clock(fixed, tmp_path):
    factor = load_vocabulary().node_kinds["factor_record"]
    validator = Validator(load_vocabulary())
    props = {"factor_kind": "risk", "factor": "debts"}
    assert validator.node_properties(factor, {**props, "recorded_on": "2031-05-04"})["recorded_on"] == "2031-05-04"
    with pytest.raises(ValidationError) as future:
        validator.node_properties(factor, {**props, "recorded_on": "2031-05-05"})
    assert future.value.code == "DATE_IN_FUTURE"

    audit = AuditLog.in_data_dir(tmp_path)
    audit.record(SYSTEM, "read", family="gezin-test", what="a test read")
    assert audit.events()[-1]["at"].startswith("2031-05-04T10:00:00")

    assert quarter_end(None) == "2031-03-31" and today() == "2031-05-04"


def test_the_machine_clock_is_back_after_a_fixed_one():
    before = clock.use(clock.FixedClock(MOMENT))
    clock.use(before)
    assert abs((clock.now() - dt.datetime.now(dt.timezone.utc)).total_seconds()) < 5
    assert clock.now().tzinfo is not None  # UTC inside, always aware
