"""Partner surveys ("metingen"), the coordinator's side: start a round for a coalition, hand out a
personal link per member, follow who answered, and review the answers: a tie both sides report
alike is accepted in bulk, a disagreement is resolved one by one, and only an accepted answer
becomes a tie of the network, with the round as its source.

A personal link is `<round>.<member>.<signature>`: signed with the service's survey key, so it
cannot be guessed or changed to reach another member, and never stored; revoking it puts the
member on the round's list of revoked links. Rounds, responses and answers are the coalition's
own records in the graph (so backups keep them), read and changed only here and in
`survey_answers`; the answers never reach the network until the coordinator accepts them.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from ..domain import clock
from ..domain.errors import NotFound, PermissionDenied, ValidationError
from ..domain.validation import new_id, parse_date
from ..store.backend import Row
from ..store.rows import MAX_PAGE_SIZE
from .network import NetworkService
from .principal import Principal

ROUND, RESPONSE, ANSWER = "survey_round", "survey_response", "survey_answer"
DEFAULT_QUESTIONS = ("tie_kind", "frequency", "quality", "since", "communities", "offers")
#: how often two partners are in touch -> how closely they work together (an accepted collaboration needs one)
INTENSITY = {"daily": "coordination", "weekly": "coordination", "monthly": "cooperation",
             "few_times_year": "awareness", "none": "awareness", None: "cooperation"}


def _link_refused() -> NotFound:
    """One answer for a link that is unknown, changed, revoked or of a closed round: nothing revealed."""
    return NotFound("this link is not valid (anymore)", field="link")


def record_id(*parts: str) -> str:
    """The id of a response or answer: the same question answered again is the same record."""
    return "sv-" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class MemberStatus:
    member: str
    name: str
    status: str  # "sent", "started" or "none"
    revoked: bool
    sitting_with: str


@dataclass
class Pair:
    """What two members said about their tie: `ab` from a about b, `ba` from b about a."""

    a: str
    b: str
    ab: Row | None
    ba: Row | None

    @property
    def both_sides(self) -> bool:
        return self.ab is not None and self.ba is not None

    @property
    def agree(self) -> bool:
        return self.both_sides and all(self.ab.get(k) == self.ba.get(k)  # type: ignore[union-attr]
                                       for k in ("tie_kind", "frequency"))

    @property
    def open(self) -> list[Row]:
        return [r for r in (self.ab, self.ba) if r is not None and r["review"] == "proposed"]


def source_titles(store: Any, ties: Iterable[Row]) -> dict[str, str]:
    """Survey round id -> its title, for the ties that came from a survey (their `source`)."""
    wanted = sorted({t["source"] for t in ties if t.get("source")})
    return {i: str(n.get("title")) for i, n in store.get_nodes(wanted).items() if n.get("kind") == ROUND}


class Surveys:
    def __init__(self, network: NetworkService, key: bytes) -> None:
        self.network = network
        self.store = network.store
        self._key = key

    def source_titles(self, ties: Iterable[Row]) -> dict[str, str]:
        """The titles of the rounds the ties came from (see `source_titles`)."""
        return source_titles(self.store, ties)

    # ------------------------------------------------------------------ links
    def link_token(self, round_id: str, member: str) -> str:
        signature = hmac.new(self._key, f"{round_id}\n{member}".encode(), hashlib.sha256).hexdigest()[:32]
        return f"{round_id}.{member}.{signature}"

    def read_token(self, token: str) -> tuple[Row, str]:
        """The open round and the member a link is for; the same NotFound for a link that is
        unknown, changed, revoked, or of a round that closed (nothing revealed either way)."""
        round_id, member = self.link_parts(token)
        return self.admit(self.store.get_node(round_id, kind=ROUND), member), member

    def link_parts(self, token: str) -> tuple[str, str]:
        """The round id and member of a link signed with our key (checked before any read)."""
        parts = token.split(".") if isinstance(token, str) and len(token) < 300 else []
        if len(parts) != 3 or not hmac.compare_digest(self.link_token(parts[0], parts[1]), token):
            raise _link_refused()
        return parts[0], parts[1]

    @staticmethod
    def admit(round_: Row | None, member: str) -> Row:
        """The round, when a link of `member` may still reach it."""
        if (round_ is None or round_.get("kind") != ROUND or member not in round_["members"]
                or member in (round_.get("revoked") or []) or round_.get("closed")
                or round_["closes_on"] < clock.today().isoformat()):
            raise _link_refused()
        return round_

    # ------------------------------------------------------------------ rounds
    def _coordinating(self, principal: Principal, coalition_id: str) -> Row:
        coalition = self.network.get_node(principal, coalition_id, kind="coalition")
        if not principal.runs(coalition_id):
            raise PermissionDenied("only the coalition's coordinators run its surveys", field="coalitionId")
        return coalition

    def round(self, principal: Principal, coalition_id: str, round_id: str) -> Row:
        self._coordinating(principal, coalition_id)
        found = self.store.get_node(round_id, kind=ROUND)
        if found is None or found["coalition"] != coalition_id:
            raise NotFound("no such survey round", field="round")
        return found

    def rounds(self, principal: Principal, coalition_id: str) -> list[Row]:
        """The coalition's rounds, newest first."""
        self._coordinating(principal, coalition_id)
        page = self.store.list_nodes(ROUND, filters={"coalition": coalition_id}, descending=True, first=MAX_PAGE_SIZE)
        return page.items

    def members(self, principal: Principal, coalition_id: str) -> list[Row]:
        """The coalition's member organisations now, by name: who can be asked."""
        found, after = [], None
        while True:
            page = self.network.list_nodes(principal, "organisation", coalition=coalition_id, first=MAX_PAGE_SIZE,
                                           after=after)
            found += page.items
            if not page.has_next_page:
                return found
            after = page.end_cursor

    def start(self, principal: Principal, coalition_id: str, title: Any, closes_on: Any, members: Sequence[str],
              questions: Sequence[str] = DEFAULT_QUESTIONS) -> Row:
        self._coordinating(principal, coalition_id)
        if not isinstance(title, str) or not title.strip():
            raise ValidationError("give the round a name", field="title", code="REQUIRED")
        if not closes_on:
            raise ValidationError("choose until when partners can answer", field="closes_on", code="REQUIRED")
        closes = parse_date(closes_on, "closes_on")
        if closes < clock.today().isoformat():
            raise ValidationError("must not be in the past", field="closes_on", code="PAST_DATE")
        known = {m["id"] for m in self.members(principal, coalition_id)}
        asked = sorted(set(members))
        if not asked:
            raise ValidationError("choose the members to ask", field="members", code="REQUIRED")
        if not set(asked) <= known:
            raise ValidationError("only members of the coalition can be asked", field="members", code="NOT_A_MEMBER")
        return self.store.create_node(ROUND, {
            "id": new_id(), "coalition": coalition_id, "title": title.strip(), "opened_on": clock.today(),
            "closes_on": closes, "members": asked, "questions": list(questions) or list(DEFAULT_QUESTIONS),
            "opened_by": principal.name})

    def revoke(self, principal: Principal, coalition_id: str, round_id: str, member: str) -> Row:
        found = self.round(principal, coalition_id, round_id)
        if member not in found["members"]:
            raise NotFound("this member was not asked", field="member")
        return self.store.update_node(ROUND, round_id, {"revoked": sorted({*(found.get("revoked") or []), member})})

    def close(self, principal: Principal, coalition_id: str, round_id: str) -> Row:
        self.round(principal, coalition_id, round_id)
        return self.store.update_node(ROUND, round_id, {"closed": True})

    # ------------------------------------------------------------------ following and reviewing
    def _of_round(self, kind: str, round_id: str) -> list[Row]:
        return self.store.list_all(kind, filters={"round": round_id})

    def answers_of(self, round_id: str) -> list[Row]:
        """Every answer about a tie in the round, sent or not."""
        return self._of_round(ANSWER, round_id)

    def responses(self, round_id: str) -> dict[str, Row]:
        return {r["member"]: r for r in self._of_round(RESPONSE, round_id)}

    def status(self, principal: Principal, coalition_id: str, round_id: str) -> list[MemberStatus]:
        found = self.round(principal, coalition_id, round_id)
        names = self.network.get_nodes(principal, found["members"])
        responses = self.responses(round_id)
        revoked = set(found.get("revoked") or [])
        rows = [MemberStatus(member=m, name=str(names.get(m, {}).get("name", m)),
                             status=responses[m]["status"] if m in responses else "none", revoked=m in revoked,
                             sitting_with=(responses.get(m) or {}).get("sitting_with") or "")
                for m in found["members"]]
        return sorted(rows, key=lambda r: r.name.lower())

    def pairs(self, principal: Principal, coalition_id: str, round_id: str) -> list[Pair]:
        """Every pair of members one or both of which reported a tie, in the answers of members who sent them."""
        self.round(principal, coalition_id, round_id)
        sent = {m for m, r in self.responses(round_id).items() if r["status"] == "sent"}
        by_pair: dict[tuple[str, str], Pair] = {}
        for answer in self.answers_of(round_id):
            if answer["reporter"] not in sent:
                continue
            a, b = sorted((answer["reporter"], answer["other"]))
            pair = by_pair.setdefault((a, b), Pair(a, b, None, None))
            if answer["reporter"] == a:
                pair.ab = answer
            else:
                pair.ba = answer
        return [by_pair[k] for k in sorted(by_pair)]

    def accept(self, principal: Principal, coalition_id: str, round_id: str, answer_ids: Iterable[str],
               tie_kind: str | None = None) -> int:
        """Make answers ties of the network (each tie once: both sides of a pair give one tie), with
        the round as source and the answer's since (or the day the round opened); `tie_kind`
        overrides what was reported (the coordinator's edit of a disagreement)."""
        found = self.round(principal, coalition_id, round_id)
        answers = self._answers(round_id, answer_ids)
        reported = self.network.vocabulary.enums["reported_tie"]
        validator = self.store.validator
        planned: dict[tuple[str, str, str], dict[str, Any]] = {}
        for answer in answers:  # everything is checked before the first tie is written
            kind_id = tie_kind or answer.get("tie_kind") or "collaboration"
            value = reported.get(kind_id)
            if value is None:
                raise ValidationError("choose a kind of tie", field="tie_kind", code="UNKNOWN_VALUE",
                                      value=str(kind_id)[:80])
            relationship = str(value.extra["tie"])
            spec = self.network.vocabulary.relationship_kinds[relationship]
            symmetric = relationship in ("collaborates_with", "agreement", "exchanges_information")
            a, b = answer["reporter"], answer["other"]
            ends = (min(a, b), max(a, b)) if symmetric else (a, b)
            props: dict[str, Any] = {"since": answer.get("since") or found["opened_on"], "source": round_id}
            if "intensity" in spec.properties:
                props["intensity"] = INTENSITY.get(answer.get("frequency"), "cooperation")
            validator.endpoints(spec, "organisation", "organisation", field="tie_kind")
            validator.relationship_properties(spec, props)
            planned.setdefault((*ends, relationship), props)
        for (start, end, relationship), props in planned.items():
            self.network.link(principal, relationship, start, end, props)
        for answer in answers:
            self.store.update_node(ANSWER, answer["id"], {"review": "accepted", "reviewed_by": principal.name})
        return len(planned)

    def reject(self, principal: Principal, coalition_id: str, round_id: str, answer_ids: Iterable[str]) -> int:
        self.round(principal, coalition_id, round_id)
        answers = self._answers(round_id, answer_ids)
        for answer in answers:
            self.store.update_node(ANSWER, answer["id"], {"review": "rejected", "reviewed_by": principal.name})
        return len(answers)

    def _answers(self, round_id: str, answer_ids: Iterable[str]) -> list[Row]:
        wanted = [i for i in answer_ids if isinstance(i, str)]
        found = self.store.get_nodes(wanted)
        answers = [found[i] for i in wanted if i in found and found[i].get("kind") == ANSWER
                   and found[i]["round"] == round_id and found[i]["review"] == "proposed"]
        if not answers:
            raise ValidationError("choose the answers to review", field="answers", code="REQUIRED")
        return answers

    def response_rate(self, coalition_id: str) -> tuple[int, int] | None:
        """(sent, asked) of the coalition's latest round, or None without a round: a figure of the
        whole round, for the evaluator's overview (which reads coalitions, not answers)."""
        page = self.store.list_nodes(ROUND, filters={"coalition": coalition_id}, descending=True, first=1)
        if not page.items:
            return None
        latest = page.items[0]
        sent = sum(1 for r in self.responses(latest["id"]).values() if r["status"] == "sent")
        return sent, len(latest["members"])

    def round_dates(self, coalition_id: str) -> list[tuple[str, str]]:
        """(title, closing date) of every round, newest first: dates to compare the network at."""
        page = self.store.list_nodes(ROUND, filters={"coalition": coalition_id}, descending=True, first=MAX_PAGE_SIZE)
        return [(str(r["title"]), str(r["closes_on"])) for r in page.items]

    def unanswered(self, coalition_id: str, as_of: str) -> frozenset[str]:
        """The members asked in the coalition's latest round (opened by `as_of`) who did not send
        their answers: the analysis does not call them tied to nobody, and says its findings about
        them rest on incomplete answers. Empty when the coalition ran no survey by then."""
        page = self.store.list_nodes(ROUND, filters={"coalition": coalition_id}, descending=True, first=MAX_PAGE_SIZE)
        opened = [r for r in page.items if r["opened_on"] <= as_of]
        if not opened:
            return frozenset()
        latest = opened[0]
        sent = {m for m, r in self.responses(latest["id"]).items() if r["status"] == "sent"}
        return frozenset(set(latest["members"]) - sent)
