"""One notion of now: UTC inside (timestamps, audit events, expiry), the local calendar date at
the edges (a card's "recorded on", "today" in a query). Every module asks this module, so a test,
a replay or a demo can set the time in one place (`use`) instead of patching seven.

Part of the domain layer, which imports nothing else of ours.
"""

from __future__ import annotations

import datetime as dt
import time


class Clock:
    """The machine's clock."""

    def now(self) -> dt.datetime:
        """Now, in UTC, timezone-aware."""
        return dt.datetime.now(dt.timezone.utc)

    def today(self) -> dt.date:
        """The local calendar date (the machine's time zone, `TZ`): what a user calls today."""
        return dt.date.today()

    def timestamp(self) -> float:
        """Seconds since the epoch, for expiry and rate windows."""
        return time.time()


class FixedClock(Clock):
    """A clock that stands still at one moment (UTC), for tests and replays."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment.astimezone(dt.timezone.utc)

    def now(self) -> dt.datetime:
        return self.moment

    def today(self) -> dt.date:
        return self.moment.astimezone().date()

    def timestamp(self) -> float:
        return self.moment.timestamp()


_current: Clock = Clock()


def use(clock: Clock) -> Clock:
    """Make `clock` the one every module asks; returns the one it replaces."""
    global _current
    previous, _current = _current, clock
    return previous


def now() -> dt.datetime:
    return _current.now()


def now_iso(timespec: str = "milliseconds") -> str:
    return _current.now().isoformat(timespec=timespec)


def today() -> dt.date:
    return _current.today()


def timestamp() -> float:
    return _current.timestamp()
