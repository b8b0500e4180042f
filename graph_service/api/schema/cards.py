"""The family network card part of the GraphQL schema.

Every operation goes through the family card service, which allows only the professionals
assigned to the family (and admins) and writes the audit log. An unassigned or unknown family
gives the same answer: `null` for queries, `NotFound` for mutations.

No `from __future__ import annotations` here: strawberry reads these annotations at run time.
"""

import datetime as dt
from typing import Annotated, Any, Callable, Optional

import strawberry

from ...analysis.card_signals import NAMES, Signal
from ...services.card_guard import CardView
from .core import Area, Core
from .errors import RAISE, errors_as_results, errors_raised, result_union
from .registry import input_to_dict


def fields(core: Core) -> Area:
    """The card's queries and mutations (only in the schema of roles that may see families)."""
    vocabulary, registry, objects, kind_classes = core.vocabulary, core.registry, core.objects, core.kind_classes
    graph_node, tie_type, to_node, to_tie = core.graph_node, core.tie, core.to_node, core.to_tie
    supports = vocabulary.relationship_kinds["supports"]
    support_fields = {n: registry.python_type(s) for n, s in supports.properties.items()}
    SupportInput = strawberry.input(
        type("SupportInput", (), {"__annotations__": {n: Optional[t] for n, t in support_fields.items()},
                                  **{n: None for n in support_fields}}),
        name="SupportInput",
        description="How someone stands around the family: support given (0-2 each), ring (1 inner to 3 outer), "
        "contact, direction, criticism or conflict, knows the situation, available in the maternity period, "
        "the member it belongs to, what it helps with; `since` defaults to today.")
    SupportPatch = strawberry.input(
        type("SupportPatch", (), {"__annotations__": {n: Optional[t] for n, t in support_fields.items()},
                                  **{n: strawberry.UNSET for n in support_fields}}),
        name="SupportPatch", description="Only the fields given change; null removes an optional value.")
    HandoverStatus = registry.enums["handover_status"]
    Phase = registry.enums["phase"]
    Reason = registry.enums["review_reason"]
    Domain = registry.enums["domain"]
    Family = objects["family"]
    FamilyMember, CardAgreement = objects["family_member"], objects["card_agreement"]
    FactorRecord, CardVersion = objects["factor_record"], objects["card_version"]
    Organisation = objects["organisation"]
    SignalFlag = objects["signal_flag"]

    @strawberry.type(description="Somebody on the card and the tie that places her there.")
    class CardPerson:
        node: graph_node  # type: ignore[valid-type]
        support: tie_type  # type: ignore[valid-type]
        organisation: Optional[Organisation]  # type: ignore[valid-type]
        domain: Optional[Domain]  # type: ignore[valid-type]
        informal: bool
        is_coordinator: bool

    @strawberry.type(description="A gap on the card, written as an invitation to talk, with its evidence.")
    class GapSignal:
        rule: str
        key: str = strawberry.field(description="The rule, or rule:topic when a rule fires more than once; "
                                    "use it to mark the signal not relevant.")
        name_nl: str
        name_en: str
        severity: str
        nl: str
        en: str
        suggestion_nl: str
        suggestion_en: str
        evidence: list[strawberry.ID]
        not_relevant: bool
        open_question: bool = strawberry.field(description="The card leaves the answer open (not filled in yet): "
                                               "the signal asks a question instead of stating a gap.")
        flag: Optional[SignalFlag]  # type: ignore[valid-type]

    @strawberry.type(description="A family's network card with its gap signals.")
    class FamilyCard:
        family: Family  # type: ignore[valid-type]
        coalition_id: Optional[strawberry.ID]
        as_of: dt.date
        members: list[FamilyMember]  # type: ignore[valid-type]
        people: list[CardPerson]
        coordinator: Optional[CardPerson]
        coordinator_id: Optional[strawberry.ID]
        assigned: list[strawberry.ID]
        ties: list[tie_type]  # type: ignore[valid-type]
        agreements: list[CardAgreement]  # type: ignore[valid-type]
        factors: list[FactorRecord]  # type: ignore[valid-type]
        versions: list[CardVersion]  # type: ignore[valid-type]
        signals: list[GapSignal]

    @strawberry.type
    class CardPayload:
        card: FamilyCard

    CardResult = result_union("CardResult", CardPayload)

    @strawberry.type(description="The family and everything on its card are gone; the audit log keeps that it happened.")
    class Erased:
        family_id: strawberry.ID

    ErasedResult = result_union("ErasedResult", Erased)

    @strawberry.type(description="One line of the audit log: who did what with which family's data, when.")
    class AuditEvent:
        seq: int
        at: str
        actor: str
        role: str
        professional: Optional[str]
        on_behalf_of: Optional[str]
        action: str
        family_id: Optional[strawberry.ID]
        what: str
        emergency: bool

    def to_signal(s: Signal) -> GapSignal:
        flag = to_node(s.flag) if s.flag else None
        name_nl, name_en = NAMES[s.rule]
        return GapSignal(rule=s.rule, key=s.key, name_nl=name_nl, name_en=name_en, severity=s.severity, nl=s.nl,
                         en=s.en, suggestion_nl=s.suggestion_nl, suggestion_en=s.suggestion_en,
                         evidence=list(s.evidence), not_relevant=s.not_relevant, open_question=s.open_question,
                         flag=flag)

    def to_person(p: Any, coordinator_id: Optional[str]) -> CardPerson:
        return CardPerson(node=to_node(p.node), support=to_tie(p.tie),
                          organisation=to_node(p.organisation) if p.organisation else None,
                          domain=Domain(p.domain) if p.domain else None, informal=p.informal,
                          is_coordinator=p.id == coordinator_id)

    def to_card(view: CardView) -> FamilyCard:
        card = view.card
        coordinator_id = card.coordinator["from"] if card.coordinator else None
        people = [to_person(p, coordinator_id) for p in card.people]
        return FamilyCard(
            family=to_node(card.family), coalition_id=card.coalition, as_of=dt.date.fromisoformat(card.as_of),
            members=[to_node(m) for m in card.members], people=people,
            coordinator=next((p for p in people if p.node.id == coordinator_id), None),
            coordinator_id=coordinator_id, assigned=list(card.assigned), ties=[to_tie(t) for t in card.ties],
            agreements=[to_node(a) for a in card.agreements], factors=[to_node(f) for f in card.factors],
            versions=[to_node(v) for v in card.versions], signals=[to_signal(s) for s in view.signals],
        )

    @errors_as_results
    async def card_result(info: strawberry.Info, fn: Callable[..., Any], *args: Any) -> Any:
        """Every card mutation answers the whole card as it is now, or the typed error."""
        return CardPayload(card=to_card(await info.context.call(fn, *args)))

    def cards(info: strawberry.Info) -> Any:
        return info.context.cards

    # ------------------------------------------------------------------ queries
    @errors_raised(missing=None)
    async def family_card(info: strawberry.Info, family_id: strawberry.ID) -> Optional[FamilyCard]:
        return to_card(await info.context.call(cards(info).read, family_id))

    async def my_families(info: strawberry.Info) -> list[Family]:  # type: ignore[valid-type]
        return [to_node(f) for f in await info.context.call(cards(info).my_families)]

    @errors_raised(missing=None)
    async def family_card_version(info: strawberry.Info, family_id: strawberry.ID, version: int) -> Optional[FamilyCard]:
        return to_card(await info.context.call(cards(info).version, family_id, version))

    @strawberry.type(description="What changed on the card between two saved versions.")
    class CardComparison:
        people_added: list[CardPerson]
        people_removed: list[CardPerson]
        signals_closed: list[GapSignal]
        signals_new: list[GapSignal]

    @errors_raised(missing=None)
    async def compare_card_versions(info: strawberry.Info, family_id: strawberry.ID,
                                    from_: Annotated[int, strawberry.argument(name="from")],
                                    to: int) -> Optional[CardComparison]:
        data = await info.context.call(cards(info).compare, family_id, from_, to)
        return CardComparison(people_added=[to_person(p, None) for p in data["people_added"]],
                              people_removed=[to_person(p, None) for p in data["people_removed"]],
                              signals_closed=[to_signal(s) for s in data["signals_closed"]],
                              signals_new=[to_signal(s) for s in data["signals_new"]])

    @errors_raised(missing=RAISE)
    async def audit_events(info: strawberry.Info, family_id: Optional[strawberry.ID] = None,
                           user_id: Optional[strawberry.ID] = None) -> list[AuditEvent]:
        events = await info.context.call(info.context.cards.audit.show, family=family_id, actor=user_id)
        return [AuditEvent(seq=e["seq"], at=e["at"], actor=e["actor"], role=e["role"], professional=e.get("professional"),
                           on_behalf_of=e.get("on_behalf_of"), action=e["action"], family_id=e.get("family"),
                           what=e["what"], emergency=bool(e.get("emergency"))) for e in events]

    ConsentRecord, EmergencyGrant = objects["consent_record"], objects["emergency_grant"]

    @strawberry.type(description="What a professional who is not assigned sees with the parents' consent: who does "
                     "what and the agreements; never the family's own network, factors, needs or signals.")
    class CardSummary:
        family_id: strawberry.ID
        label: Optional[str]
        coordinator_id: Optional[strawberry.ID]
        professionals: list[CardPerson]
        agreements: list[CardAgreement]  # type: ignore[valid-type]

    @errors_raised(missing=None)
    async def card_summary(info: strawberry.Info, family_id: strawberry.ID) -> Optional[CardSummary]:
        data = await info.context.call(cards(info).summary, family_id)
        return CardSummary(
            family_id=data["family"], label=data["label"], coordinator_id=data["coordinator"],
            professionals=[to_person(p, data["coordinator"]) for p in data["professionals"]],
            agreements=[to_node(a) for a in data["agreements"]])

    @errors_raised(missing=None)
    async def family_consents(info: strawberry.Info, family_id: strawberry.ID) -> Optional[list[ConsentRecord]]:  # type: ignore[valid-type]
        return [to_node(c) for c in await info.context.call(cards(info).consents, family_id)]

    @errors_raised(missing=RAISE)
    async def emergency_grants(info: strawberry.Info) -> list[EmergencyGrant]:  # type: ignore[valid-type]
        return [to_node(g) for g in await info.context.call(cards(info).emergency_grants)]

    queries = [
        strawberry.field(resolver=card_summary, name="cardSummary",
                         description="The card summary: for assigned professionals, or others with the parents' consent."),
        strawberry.field(resolver=family_consents, name="familyConsents",
                         description="The parents' consents to share the card summary, current and revoked."),
        strawberry.field(resolver=emergency_grants, name="emergencyGrants",
                         description="Every emergency access, for review: all for admins, their coalitions' for privacy "
                         "officers (this read is logged)."),
        strawberry.field(resolver=audit_events, name="auditEvents",
                         description="Admins only: the audit log of one family or one user, oldest first (this read is logged)."),
        strawberry.field(resolver=family_card, name="familyCard",
                         description="A family's network card with its gap signals (null if unknown or not assigned to you)."),
        strawberry.field(resolver=my_families, name="myFamilies", description="The families you are assigned to."),
        strawberry.field(resolver=family_card_version, name="familyCardVersion",
                         description="A saved version of the card, with the signals as they were then."),
        strawberry.field(resolver=compare_card_versions, name="compareCardVersions",
                         description="People added and removed, signals closed and new, between two versions."),
    ]

    # ------------------------------------------------------------------ mutations
    FamilyInput, FamilyPatch = kind_classes["family"]["input"], kind_classes["family"]["patch"]
    MemberInput, MemberPatch = kind_classes["family_member"]["input"], kind_classes["family_member"]["patch"]
    PersonInput, PersonPatch = kind_classes["network_person"]["input"], kind_classes["network_person"]["patch"]
    AgreementInput, AgreementPatch = kind_classes["card_agreement"]["input"], kind_classes["card_agreement"]["patch"]
    FactorInput = kind_classes["factor_record"]["input"]
    ID = strawberry.ID

    async def create_family_card(info: strawberry.Info, coalition_id: ID, family: FamilyInput,  # type: ignore[valid-type]
                                 professional_id: Optional[ID] = None) -> CardResult:  # type: ignore[valid-type]
        return await card_result(info, cards(info).create, coalition_id, input_to_dict(family, keep_none=False),
                                 professional_id)

    async def update_family_card(info: strawberry.Info, family_id: ID, patch: FamilyPatch) -> CardResult:  # type: ignore[valid-type]
        return await card_result(info, cards(info).update_family, family_id, input_to_dict(patch, keep_none=True))

    async def assign_professional(info: strawberry.Info, family_id: ID, professional_id: ID) -> CardResult:  # type: ignore[valid-type]
        return await card_result(info, cards(info).assign, family_id, professional_id)

    def item_mutations(kind: str, label: str, input_type: Any, patch_type: Any) -> list[Any]:
        async def add(info: strawberry.Info, family_id: ID, input: input_type) -> CardResult:  # type: ignore[valid-type]
            return await card_result(info, cards(info).add_item, family_id, kind, input_to_dict(input, keep_none=False))

        async def update(info: strawberry.Info, family_id: ID, id: ID, patch: patch_type) -> CardResult:  # type: ignore[valid-type]
            return await card_result(info, cards(info).update_item, family_id, kind, id,
                                     input_to_dict(patch, keep_none=True))

        async def remove(info: strawberry.Info, family_id: ID, id: ID) -> CardResult:  # type: ignore[valid-type]
            return await card_result(info, cards(info).remove_item, family_id, kind, id)

        # create_type keys fields by the resolver's name: give each its own
        add.__name__, update.__name__, remove.__name__ = f"add{label}", f"update{label}", f"remove{label}"
        fields = [strawberry.mutation(resolver=add, name=f"add{label}"),
                  strawberry.mutation(resolver=remove, name=f"remove{label}")]
        if patch_type is not None:
            fields.append(strawberry.mutation(resolver=update, name=f"update{label}"))
        return fields

    async def add_network_person(info: strawberry.Info, family_id: ID, person: PersonInput,  # type: ignore[valid-type]
                                 support: SupportInput) -> CardResult:  # type: ignore[valid-type]
        return await card_result(info, cards(info).add_network_person, family_id,
                                 input_to_dict(person, keep_none=False), input_to_dict(support, keep_none=False))

    async def add_supporter(info: strawberry.Info, family_id: ID, person_id: ID,
                            support: SupportInput) -> CardResult:  # type: ignore[valid-type]
        return await card_result(info, cards(info).add_supporter, family_id, person_id,
                                 input_to_dict(support, keep_none=False))

    async def update_support(info: strawberry.Info, family_id: ID, person_id: ID,
                             support: Optional[SupportPatch] = None,  # type: ignore[valid-type]
                             person: Optional[PersonPatch] = None) -> CardResult:  # type: ignore[valid-type]
        return await card_result(info, cards(info).update_support, family_id, person_id,
                                 input_to_dict(support, keep_none=True) if support else {},
                                 input_to_dict(person, keep_none=True) if person else None)

    async def remove_from_card(info: strawberry.Info, family_id: ID, person_id: ID) -> CardResult:  # type: ignore[valid-type]
        return await card_result(info, cards(info).remove_person, family_id, person_id)

    async def set_coordinator(info: strawberry.Info, family_id: ID, person_id: ID) -> CardResult:  # type: ignore[valid-type]
        return await card_result(info, cards(info).set_coordinator, family_id, person_id)

    async def end_coordinator(info: strawberry.Info, family_id: ID) -> CardResult:  # type: ignore[valid-type]
        return await card_result(info, cards(info).end_coordinator, family_id)

    async def record_handover(info: strawberry.Info, family_id: ID, from_: Annotated[ID, strawberry.argument(name="from")],
                              to: ID, status: HandoverStatus, phase: Optional[Phase] = None,  # type: ignore[valid-type]
                              since: Optional[dt.date] = None) -> CardResult:  # type: ignore[valid-type]
        props: dict[str, Any] = {"status": status.value}
        if phase is not None:
            props["phase"] = phase.value
        if since is not None:
            props["since"] = since.isoformat()
        return await card_result(info, cards(info).record_handover, family_id, from_, to, props)

    async def update_handover(info: strawberry.Info, family_id: ID, id: ID,
                              status: HandoverStatus) -> CardResult:  # type: ignore[valid-type]
        return await card_result(info, cards(info).update_handover, family_id, id, {"status": status.value})

    async def mark_not_relevant(info: strawberry.Info, family_id: ID, signal: str,
                                note: Optional[str] = None) -> CardResult:  # type: ignore[valid-type]
        return await card_result(info, cards(info).flag_signal, family_id, signal, note)

    async def unmark_not_relevant(info: strawberry.Info, family_id: ID, signal: str) -> CardResult:  # type: ignore[valid-type]
        return await card_result(info, cards(info).unflag_signal, family_id, signal)

    async def save_card_version(info: strawberry.Info, family_id: ID, reason: Reason,  # type: ignore[valid-type]
                                reviewed_on: Optional[dt.date] = None) -> CardResult:  # type: ignore[valid-type]
        return await card_result(info, cards(info).save_version, family_id, reason.value,
                                 reviewed_on.isoformat() if reviewed_on else None)

    @errors_as_results
    async def erase_family(info: strawberry.Info, family_id: ID) -> ErasedResult:  # type: ignore[valid-type]
        await info.context.call(cards(info).erase, family_id)
        return Erased(family_id=family_id)

    async def record_consent(info: strawberry.Info, family_id: ID, recipient_id: ID, purpose: str,
                             granted_on: Optional[dt.date] = None) -> CardResult:  # type: ignore[valid-type]
        return await card_result(info, cards(info).record_consent, family_id, recipient_id, purpose,
                                 granted_on.isoformat() if granted_on else None)

    async def revoke_consent(info: strawberry.Info, family_id: ID, consent_id: ID) -> CardResult:  # type: ignore[valid-type]
        return await card_result(info, cards(info).revoke_consent, family_id, consent_id)

    @strawberry.type
    class EmergencyPayload:
        grant: EmergencyGrant  # type: ignore[valid-type]

    EmergencyResult = result_union("EmergencyResult", EmergencyPayload)

    @errors_as_results
    async def emergency_access(info: strawberry.Info, family_id: ID, reason: str,
                               minutes: int = 60) -> EmergencyResult:  # type: ignore[valid-type]
        return EmergencyPayload(grant=to_node(await info.context.call(cards(info).emergency_access, family_id, reason,
                                                                      minutes)))

    @errors_as_results
    async def end_emergency_access(info: strawberry.Info, grant_id: ID) -> EmergencyResult:  # type: ignore[valid-type]
        return EmergencyPayload(grant=to_node(await info.context.call(cards(info).end_emergency_access, grant_id)))

    mutations = [
        strawberry.mutation(resolver=record_consent, name="recordConsent",
                            description="The parents consent to share the card summary with a professional or "
                            "organisation for a purpose."),
        strawberry.mutation(resolver=revoke_consent, name="revokeConsent", description="Revoked with immediate effect."),
        strawberry.mutation(resolver=emergency_access, name="requestEmergencyAccess",
                            description="Break-glass access, for reading, to a family of your coalition that you are "
                            "not assigned to: time-boxed, with a reason, flagged in the audit log and reviewed. The "
                            "answer is the same whether or not the family exists; only a real grant opens the card."),
        strawberry.mutation(resolver=end_emergency_access, name="endEmergencyAccess",
                            description="Admins and the coalition's privacy officer end an emergency access at once."),
        strawberry.mutation(resolver=erase_family, name="eraseFamily",
                            description="Erase the family and everything on its card (on the parents' request)."),
        strawberry.mutation(resolver=create_family_card, name="createFamilyCard",
                            description="A new family card in a coalition; a worker who creates it is assigned to it."),
        strawberry.mutation(resolver=update_family_card, name="updateFamilyCard",
                            description="Change the family: label, stage, recorded vulnerability, life event."),
        strawberry.mutation(resolver=assign_professional, name="assignProfessional",
                            description="Give a colleague access to this family's card."),
        *item_mutations("family_member", "FamilyMember", MemberInput, MemberPatch),
        *item_mutations("card_agreement", "Agreement", AgreementInput, AgreementPatch),
        *item_mutations("factor_record", "Factor", FactorInput, None),
        strawberry.mutation(resolver=add_network_person, name="addNetworkPerson",
                            description="Someone from the family's own network (a first name or a role), on the card."),
        strawberry.mutation(resolver=add_supporter, name="addSupporter",
                            description="A professional, organisation or key figure of the coalition, on the card."),
        strawberry.mutation(resolver=update_support, name="updateSupport",
                            description="Change how someone stands around the family (and a network person's details)."),
        strawberry.mutation(resolver=remove_from_card, name="removeFromCard",
                            description="Take someone off the card from today; saved versions keep her."),
        strawberry.mutation(resolver=set_coordinator, name="setCoordinator",
                            description="The family's one coordinator; a second is refused."),
        strawberry.mutation(resolver=end_coordinator, name="endCoordinator", description="End the coordination today."),
        strawberry.mutation(resolver=record_handover, name="recordHandover",
                            description="A handover between two professionals on the card, planned or done."),
        strawberry.mutation(resolver=update_handover, name="updateHandover", description="E.g. mark a handover done."),
        strawberry.mutation(resolver=mark_not_relevant, name="markSignalNotRelevant",
                            description="The family says this signal is not relevant for them (kept with who and when)."),
        strawberry.mutation(resolver=unmark_not_relevant, name="unmarkSignalNotRelevant",
                            description="Show a signal again."),
        strawberry.mutation(resolver=save_card_version, name="saveCardVersion",
                            description="Save a dated version of the card at a review with the parents."),
    ]
    return Area(queries, mutations)
