"""Partner surveys ("metingen"), the coordinator's side: start a round for a coalition, hand out a
personal link per member, follow who answered, and review the answers: a tie both sides report
alike is accepted in bulk, a disagreement is resolved one by one, and only an accepted answer
becomes a tie of the network, with the round as its source.

A personal link is `<round>.<link>.<signature>`: signed with the service's survey key, so it
cannot be guessed or changed to reach another member, and never stored; revoking it puts it on
the round's list of revoked links. `<link>` is the member organisation, or, when several people
within it answer each for their own part of its work, `<member>~<n>` for the n-th person the
coordinator named (their answers together are the member's: a tie one of them reports is
reported by the member). Rounds, responses and answers are the coalition's
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
from ..domain.vocabulary import PropertySpec
from ..store.backend import Row
from ..store.rows import MAX_PAGE_SIZE
from .network import NetworkService
from .principal import Principal

ROUND, RESPONSE, ANSWER = "survey_round", "survey_response", "survey_answer"
#: the name or role of a person within a member who answers through a link of her own
PERSON_NAME = PropertySpec("person", "string", max=80)
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


def member_of(link: str) -> str:
    """The member organisation a link answers for (`<member>` or `<member>~<n>`)."""
    return link.split("~", 1)[0]


def respondent_of(row: Row) -> str:
    """The link a response or answer came through (records from before personal links: the member's)."""
    return str(row.get("respondent") or row.get("member") or row.get("reporter"))


def people_of(round_: Row) -> dict[str, str]:
    """`<member>~<n>` -> the name of the person within the member who answers through that link."""
    found = {}
    for entry in round_.get("respondents") or []:
        member, n, name = entry.split("~", 2)
        found[f"{member}~{n}"] = name
    return found


@dataclass(frozen=True)
class MemberStatus:
    """One link of a round: a member's own, or a person's within it (`person` then names her)."""

    link: str
    member: str
    name: str
    person: str
    status: str  # "sent", "started" or "none"
    revoked: bool
    sitting_with: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.person})" if self.person else self.name


@dataclass
class Pair:
    """What two members said about their tie: `ab` from a about b, `ba` from b about a (one answer
    per link: a member's own, and those of people within it who answer apart)."""

    a: str
    b: str
    ab: list[Row]
    ba: list[Row]

    @property
    def answers(self) -> list[Row]:
        return self.ab + self.ba

    @property
    def both_sides(self) -> bool:
        return bool(self.ab and self.ba)

    @property
    def agree(self) -> bool:
        """Both sides reported it, and every answer gives the same kind and frequency."""
        return self.both_sides and len({(r.get("tie_kind"), r.get("frequency")) for r in self.answers}) == 1

    @property
    def open(self) -> list[Row]:
        return [r for r in self.answers if r["review"] == "proposed"]


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

    def link_parts(self, token: str) -> tuple[str, str]:
        """The round id and link (`<member>` or `<member>~<n>`) of a link signed with our key
        (checked before any read)."""
        parts = token.split(".") if isinstance(token, str) and len(token) < 300 else []
        if len(parts) != 3 or not hmac.compare_digest(self.link_token(parts[0], parts[1]), token):
            raise _link_refused()
        return parts[0], parts[1]

    @staticmethod
    def admit(round_: Row | None, link: str) -> Row:
        """The round, when `link` may still reach it: its member asked, the person (if any) named
        by the coordinator, the link not revoked, the round open."""
        if (round_ is None or round_.get("kind") != ROUND or member_of(link) not in round_["members"]
                or ("~" in link and link not in people_of(round_))
                or link in (round_.get("revoked") or []) or round_.get("closed")
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

    def links(self, round_: Row) -> list[str]:
        """Every link of the round: each member's own, then the people named within it."""
        return [*round_["members"], *people_of(round_)]

    def add_person(self, principal: Principal, coalition_id: str, round_id: str, member: str, name: Any) -> str:
        """A link of her own for a person within a member organisation (a ward of the hospital, a
        district team): she answers for her part of its work. Returns the new link's `<member>~<n>`."""
        found = self.round(principal, coalition_id, round_id)
        if member not in found["members"]:
            raise NotFound("this member was not asked", field="member")
        if not isinstance(name, str) or not name.strip():
            raise ValidationError("give the person's name or role", field="person", code="REQUIRED")
        name = self.store.validator.value(PERSON_NAME, " ".join(name.split()), "person")  # length, characters
        taken = [int(link.split("~")[1]) for link in people_of(found) if member_of(link) == member]
        link = f"{member}~{max(taken, default=0) + 1}"
        self.store.update_node(ROUND, round_id, {"respondents": [*(found.get("respondents") or []), f"{link}~{name}"]})
        return link

    def revoke(self, principal: Principal, coalition_id: str, round_id: str, link: str) -> Row:
        found = self.round(principal, coalition_id, round_id)
        if link not in self.links(found):
            raise NotFound("this member was not asked", field="member")
        return self.store.update_node(ROUND, round_id, {"revoked": sorted({*(found.get("revoked") or []), link})})

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
        """The round's responses by the link they came through."""
        return {respondent_of(r): r for r in self._of_round(RESPONSE, round_id)}

    def sent_by(self, round_id: str) -> set[str]:
        """The members that sent their answers (through any of their links)."""
        return {r["member"] for r in self._of_round(RESPONSE, round_id) if r["status"] == "sent"}

    def status(self, principal: Principal, coalition_id: str, round_id: str) -> list[MemberStatus]:
        """Every link of the round, by member name, each member's own link before its people's."""
        found = self.round(principal, coalition_id, round_id)
        names = self.network.get_nodes(principal, found["members"])
        responses = self.responses(round_id)
        revoked = set(found.get("revoked") or [])
        people = people_of(found)
        rows = [MemberStatus(link=link, member=member_of(link),
                             name=str(names.get(member_of(link), {}).get("name", member_of(link))),
                             person=people.get(link, ""),
                             status=responses[link]["status"] if link in responses else "none",
                             revoked=link in revoked, sitting_with=(responses.get(link) or {}).get("sitting_with") or "")
                for link in self.links(found)]
        return sorted(rows, key=lambda r: (r.name.lower(), r.member, r.person != "", r.link))

    def pairs(self, principal: Principal, coalition_id: str, round_id: str) -> list[Pair]:
        """Every pair of members one or both of which reported a tie, in the answers of members who sent them."""
        self.round(principal, coalition_id, round_id)
        sent = {link for link, r in self.responses(round_id).items() if r["status"] == "sent"}
        by_pair: dict[tuple[str, str], Pair] = {}
        for answer in sorted(self.answers_of(round_id), key=respondent_of):
            if respondent_of(answer) not in sent:
                continue
            a, b = sorted((answer["reporter"], answer["other"]))
            pair = by_pair.setdefault((a, b), Pair(a, b, [], []))
            (pair.ab if answer["reporter"] == a else pair.ba).append(answer)
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
        return len(self.sent_by(latest["id"])), len(latest["members"])

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
        return frozenset(set(latest["members"]) - self.sent_by(latest["id"]))
