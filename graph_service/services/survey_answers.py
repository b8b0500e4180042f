"""Partner surveys, the respondent's side: someone with a member's personal link answers, one
question per step, saves as she goes and sends at the end.

The link is all she has: it reaches only her own organisation's response in one open round. She
sees the names of the coalition's members (and its communities and offers, when asked about
them) and her own answers, never anyone else's and never a family. Every step is saved at once
and saving a step again replaces it, so a refresh, the back button or a second send changes
nothing; after sending, a step can still be corrected until the round closes (the coordinator
sees the latest answers). Answers are checked like every other input and kept as text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from ..domain import clock
from ..domain.errors import ValidationError
from ..store.backend import Row
from .surveys import ANSWER, RESPONSE, Surveys, record_id

MAX_SUGGESTED = 10


@dataclass(frozen=True)
class Respondent:
    """What a link opens: the round, the member answering, and the names she may see."""

    round: Row
    member: str
    member_name: str
    coalition_name: str
    others: list[tuple[str, str]]  # the other members asked, by name
    communities: list[tuple[str, str]]
    offers: list[tuple[str, str, list[str]]]  # id, name, phases
    response: Row | None
    answers: dict[str, Row]  # other member -> her answer about their tie

    def asks(self, question: str) -> bool:
        return question in (self.round.get("questions") or [])


class SurveyAnswers:
    def __init__(self, surveys: Surveys) -> None:
        self.surveys = surveys
        self.store = surveys.store

    def open(self, token: str) -> Respondent:
        round_, member = self.surveys.read_token(token)
        coalition = round_["coalition"]
        sub = self.store.coalition_subgraph(coalition)
        named = {i: str(n.get("name") or i) for i, n in sub.nodes.items()}
        others = sorted(((m, named.get(m, m)) for m in round_["members"] if m != member and m in named),
                        key=lambda item: item[1].lower())
        of_kind = sorted(((i, str(n.get("name") or i), list(n.get("phases") or [])) for i, n in sub.nodes.items()
                          if n["kind"] == "intervention"), key=lambda item: item[1].lower())
        communities = sorted(((i, str(n.get("name") or i)) for i, n in sub.nodes.items() if n["kind"] == "community"),
                             key=lambda item: item[1].lower())
        response = self.store.get_node(record_id(round_["id"], member), kind=RESPONSE)
        answers = {}
        for other in (response or {}).get("picked") or []:
            answer = self.store.get_node(record_id(round_["id"], member, other), kind=ANSWER)
            if answer is not None:
                answers[other] = answer
        return Respondent(round=round_, member=member, member_name=named.get(member, member),
                          coalition_name=named.get(coalition, ""), others=others, communities=communities,
                          offers=of_kind, response=response, answers=answers)

    # ------------------------------------------------------------------ saving a step
    def _save_response(self, respondent: Respondent, changes: dict[str, Any], sitting_with: str | None) -> Row:
        round_id, member = respondent.round["id"], respondent.member
        row = {"id": record_id(round_id, member), "round": round_id, "member": member,
               "status": (respondent.response or {}).get("status", "started"),
               "updated_at": clock.now_iso(), **changes}
        if sitting_with:
            row["sitting_with"] = sitting_with
        self.store.bulk_upsert_nodes(RESPONSE, [row])
        return row

    def save_members(self, token: str, picked: Sequence[str], suggested: str = "",
                     sitting_with: str | None = None) -> None:
        """Step 1: with which members she works (and, apart, a partner that is not a member yet)."""
        respondent = self.open(token)
        allowed = {m for m, _ in respondent.others}
        chosen = sorted(set(picked))
        if not set(chosen) <= allowed:
            raise ValidationError("choose from the members of the coalition", field="picked", code="NOT_A_MEMBER")
        names = [n.strip() for n in suggested.replace("\r", "").split("\n") if n.strip()][:MAX_SUGGESTED]
        self.store.validator.value(self.store.vocabulary.node_kinds[RESPONSE].properties["suggested"], names,
                                   "suggested")
        self._save_response(respondent, {"picked": chosen, "suggested": names}, sitting_with)

    def save_answer(self, token: str, other: str, values: dict[str, Any], sitting_with: str | None = None) -> None:
        """A step about one member she picked: the kind of tie, how often, how well, since when."""
        respondent = self.open(token)
        if other not in ((respondent.response or {}).get("picked") or []):
            raise ValidationError("answer only about the members you chose", field="other", code="NOT_PICKED")
        spec = self.store.vocabulary.node_kinds[ANSWER]
        row: dict[str, Any] = {"id": record_id(respondent.round["id"], respondent.member, other),
                               "round": respondent.round["id"], "reporter": respondent.member, "other": other,
                               "review": "proposed"}
        for name in ("tie_kind", "frequency", "quality", "since"):
            value = values.get(name)
            if value in (None, ""):
                continue
            if name == "quality":
                value = int(value) if str(value).isdigit() else value
            row[name] = self.store.validator.value(spec.properties[name], value, name)
        if respondent.asks("tie_kind") and not row.get("tie_kind"):
            raise ValidationError("choose how you work together", field="tie_kind", code="REQUIRED")
        self.store.bulk_upsert_nodes(ANSWER, [row])
        self._save_response(respondent, {}, sitting_with)

    def save_choices(self, token: str, field: str, chosen: Sequence[str], sitting_with: str | None = None) -> None:
        """The communities she reaches or the offers she provides."""
        respondent = self.open(token)
        allowed = {i for i, *_ in (respondent.communities if field == "communities" else respondent.offers)}
        picked = sorted(set(chosen))
        if field not in ("communities", "offers") or not set(picked) <= allowed:
            raise ValidationError("choose from the list", field=field, code="NOT_A_MEMBER")
        self._save_response(respondent, {field: picked}, sitting_with)

    def send(self, token: str, sitting_with: str | None = None) -> None:
        respondent = self.open(token)
        self._save_response(respondent, {"status": "sent"}, sitting_with)
