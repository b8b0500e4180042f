"""Partner surveys, the respondent's side: someone with a member's personal link answers, one
question per step, saves as she goes and sends at the end.

The link is all she has: it reaches only her own response in one open round (her organisation's,
or her own part of it when the coordinator gave people within the organisation a link each). She
sees the names of the coalition's members (and its communities and offers, when asked about
them) and her own answers, never anyone else's and never a family. Every step is saved at once
and saving a step again replaces it, so a refresh, the back button or a second send changes
nothing; after sending, a step can still be corrected until the round closes (the coordinator
sees the latest answers). Answers are checked like every other input and kept as text."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Sequence

from ..domain import clock
from ..domain.errors import Conflict, ValidationError
from ..domain.kept import Kept
from ..store.backend import Row
from .surveys import ANSWER, RESPONSE, Surveys, member_of, people_of, record_id

MAX_SUGGESTED = 10
NAMES_SECONDS = 60.0


@dataclass(frozen=True)
class Respondent:
    """What a link opens: the round, the member answering, and the names she may see."""

    round: Row
    link: str  # `<member>`, or `<member>~<n>` for a person within it
    member: str
    member_name: str
    coalition_name: str
    others: list[tuple[str, str]]  # the other members asked, by name
    members: tuple[tuple[str, str], ...]  # every member asked, herself included, by name
    response: Row | None
    answers: dict[str, Row]  # other member -> her answer about their tie

    def asks(self, question: str) -> bool:
        return question in (self.round.get("questions") or [])


class SurveyAnswers:
    def __init__(self, surveys: Surveys) -> None:
        self.surveys = surveys
        self.store = surveys.store
        #: (round id, minute) -> member and coalition names: every step of every respondent shows
        #: the same names, so they are read once a minute, not on every request
        self._names: Kept[tuple[dict[str, str], tuple[tuple[str, str], ...]]] = Kept(64)
        #: held while the names are read: when a round's first respondents arrive together, one of
        #: them reads and the others wait for her read instead of each reading every name
        self._reading = threading.Lock()

    def _names_of(self, round_: Row) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
        """The names of the round's members and its coalition, and the members in name order."""
        def read() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
            wanted = [*round_["members"], round_["coalition"]]
            named = {i: str(n.get("name") or i) for i, n in self.store.get_nodes(wanted).items()}
            return named, tuple(sorted(((m, named[m]) for m in round_["members"] if m in named),
                                       key=lambda item: item[1].lower()))

        with self._reading:
            return self._names.get((round_["id"], int(time.monotonic() // NAMES_SECONDS)), read)

    def open(self, token: str) -> Respondent:
        """Two reads at most, whatever the size of the coalition: the round with her response,
        then her answers (when she picked members); the names of the members come from memory
        when read in the last minute."""
        round_id, link = self.surveys.link_parts(token)
        found = self.store.get_nodes([round_id, record_id(round_id, link)])
        round_ = self.surveys.admit(found.get(round_id), link)
        member, coalition = member_of(link), round_["coalition"]
        named, ordered = self._names_of(round_)
        others = [item for item in ordered if item[0] != member]
        response = found.get(record_id(round_id, link))
        response = response if response and response.get("kind") == RESPONSE else None
        picked = (response or {}).get("picked") or []
        found = self.store.get_nodes([record_id(round_["id"], link, other) for other in picked])
        answers = {a["other"]: a for a in found.values() if a.get("kind") == ANSWER}
        person = people_of(round_).get(link)
        member_name = named.get(member, member) + (f" ({person})" if person else "")
        return Respondent(round=round_, link=link, member=member, member_name=member_name,
                          coalition_name=named.get(coalition, ""), others=others, members=ordered, response=response,
                          answers=answers)

    def choices(self, respondent: Respondent, kind: str) -> list[tuple[str, str, list[str]]]:
        """The coalition's communities or offers (interventions), by name, with their phases."""
        node_kind = {"communities": "community", "offers": "intervention"}[kind]
        return [(n["id"], str(n.get("name") or n["id"]), list(n.get("phases") or []))
                for n in self.store.list_all(node_kind, coalition=respondent.round["coalition"])]

    # ------------------------------------------------------------------ saving a step
    def _save_response(self, respondent: Respondent, changes: dict[str, Any], sitting_with: str | None) -> Row:
        round_id, link = respondent.round["id"], respondent.link
        row = {"id": record_id(round_id, link), "round": round_id, "member": respondent.member, "respondent": link,
               "status": (respondent.response or {}).get("status", "started"),
               "updated_at": clock.now_iso(), **changes}
        if sitting_with:
            row["sitting_with"] = sitting_with
        self._put(RESPONSE, row, respondent.response is not None)
        return row

    def _put(self, kind: str, row: dict[str, Any], exists: bool) -> None:
        """One write: change the record when it is there, else create it (and when a second
        request created it a moment earlier, change that one)."""
        if exists:
            self.store.update_node(kind, row["id"], {k: v for k, v in row.items() if k != "id"})
            return
        try:
            self.store.create_node(kind, {k: v for k, v in row.items() if v is not None})
        except Conflict:
            self.store.update_node(kind, row["id"], {k: v for k, v in row.items() if k != "id"})

    def save_members(self, respondent: Respondent, picked: Sequence[str], suggested: str = "",
                     sitting_with: str | None = None) -> None:
        """Step 1: with which members she works (and, apart, a partner that is not a member yet)."""
        allowed = {m for m, _ in respondent.others}
        chosen = sorted(set(picked))
        if not set(chosen) <= allowed:
            raise ValidationError("choose from the members of the coalition", field="picked", code="NOT_A_MEMBER")
        names = [n.strip() for n in suggested.replace("\r", "").split("\n") if n.strip()][:MAX_SUGGESTED]
        self.store.validator.value(self.store.vocabulary.node_kinds[RESPONSE].properties["suggested"], names,
                                   "suggested")
        self._save_response(respondent, {"picked": chosen, "suggested": names}, sitting_with)

    def save_answer(self, respondent: Respondent, other: str, values: dict[str, Any],
                    sitting_with: str | None = None) -> None:
        """A step about one member she picked: the kind of tie, how often, how well, since when."""
        if other not in ((respondent.response or {}).get("picked") or []):
            raise ValidationError("answer only about the members you chose", field="other", code="NOT_PICKED")
        spec = self.store.vocabulary.node_kinds[ANSWER]
        row: dict[str, Any] = {"id": record_id(respondent.round["id"], respondent.link, other),
                               "round": respondent.round["id"], "reporter": respondent.member,
                               "respondent": respondent.link, "other": other, "review": "proposed"}
        for name in ("tie_kind", "frequency", "quality", "since"):
            value = values.get(name)
            row[name] = None  # an answer left empty clears an earlier one
            if value in (None, ""):
                continue
            if name == "quality":
                value = int(value) if str(value).isdigit() else value
            row[name] = self.store.validator.value(spec.properties[name], value, name)
        if respondent.asks("tie_kind") and not row.get("tie_kind"):
            raise ValidationError("choose how you work together", field="tie_kind", code="REQUIRED")
        self._put(ANSWER, row, other in respondent.answers)
        if sitting_with:  # her response records who filled it in with her (the answer alone is one write)
            self._save_response(respondent, {}, sitting_with)

    def save_choices(self, respondent: Respondent, field: str, chosen: Sequence[str],
                     sitting_with: str | None = None) -> None:
        """The communities she reaches or the offers she provides."""
        if field not in ("communities", "offers"):
            raise ValidationError("choose from the list", field=field, code="NOT_A_MEMBER")
        picked = sorted(set(chosen))
        if picked and not set(picked) <= {i for i, *_ in self.choices(respondent, field)}:
            raise ValidationError("choose from the list", field=field, code="NOT_A_MEMBER")
        self._save_response(respondent, {field: picked}, sitting_with)

    def send(self, respondent: Respondent, sitting_with: str | None = None) -> None:
        self._save_response(respondent, {"status": "sent"}, sitting_with)
