"""Import partners, people, communities, interventions and ties from CSV or XLSX files.

Coordinators keep their partner lists in spreadsheets, so the templates in `seed_data/templates/`
use Dutch column headers and accept enumeration values by their id or by their Dutch or English
label ("Verloskundigenpraktijk", "midwife_practice"). Every row is checked before anything is
written; the report names each bad row and column, and a real run writes all rows in one
statement or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from ..domain.errors import NotFound, PermissionDenied, ValidationError
from ..domain.validation import new_id
from ..store.rows import today
from . import file_reader
from .import_sheets import IMPORTED_KINDS, IMPORTED_TIES, MAX_ROWS, SHEETS, CellError, Converter, read_file
from .network import NetworkService
from .principal import Principal


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.sheet}, rij {self.row}" if self.row else self.sheet
        return f"{where}, kolom '{self.column}': {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class ImportReport:
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    nodes: dict[str, int] = field(default_factory=dict)
    ties: dict[str, int] = field(default_factory=dict)
    written: bool = False
    dry_run: bool = True


Progress = Callable[[int, int], None]


@dataclass
class _Plan:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> {kind, props, where}
    ties: list[dict[str, Any]] = field(default_factory=list)  # {kind, from, to, props, where}


class Importer:
    def __init__(self, service: NetworkService) -> None:
        self.service = service
        self.store = service.store
        self.vocabulary = service.vocabulary
        self.converter = Converter(self.vocabulary)

    def run(
        self,
        principal: Principal,
        coalition_id: str,
        content: bytes,
        file_format: str,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Check the whole file; unless `dry_run` or a problem was found, write it all at once."""
        report = ImportReport(dry_run=dry_run)
        self._check_coalition(principal, coalition_id)
        try:
            sheets = read_file(content, file_format)
        except file_reader.FileProblem as problem:
            report.problems.append(Problem(problem.sheet, problem.row, problem.column, problem.message))
            return report
        report.rows = sum(len(rows) for rows in sheets.values())
        if report.rows > MAX_ROWS:
            report.problems.append(Problem("bestand", 0, "", f"meer dan {MAX_ROWS} rijen"))
            return report
        plan = self._plan(sheets, coalition_id, report, progress)
        self._check_references(principal, plan, report)
        order = list(SHEETS)
        report.problems.sort(key=lambda p: (order.index(p.sheet) if p.sheet in order else -1, p.row))
        report.nodes = _count(n["kind"] for n in plan.nodes.values())
        report.ties = _count(t["kind"] for t in plan.ties)
        if report.problems or dry_run:
            return report
        self._write(principal, plan)
        report.written = True
        return report

    def _check_coalition(self, principal: Principal, coalition_id: str) -> None:
        self.service.require_writer(principal, "import into a coalition", field="coalitionId")
        try:
            self.service.get_node(principal, coalition_id, kind="coalition")
        except NotFound:
            raise NotFound(f"no coalition with id {coalition_id!r}", field="coalitionId") from None
        if not principal.runs(coalition_id):
            raise PermissionDenied("you do not coordinate this coalition", field="coalitionId")

    def _plan(self, sheets: Mapping[str, list[tuple[int, dict[str, str]]]], coalition_id: str,
              report: ImportReport, progress: Progress | None) -> _Plan:
        plan = _Plan()
        done = 0
        since = today()
        for sheet in SHEETS:  # fixed order: nodes before the ties that refer to them
            for number, cells in sheets.get(sheet, []):
                values = self._row_values(sheet, number, cells, report)
                if values is not None:
                    self._add_row(plan, sheet, number, values, coalition_id, since, report)
                done += 1
                if progress and (done % 500 == 0 or done == report.rows):
                    progress(done, report.rows)
        return plan

    def _row_values(self, sheet: str, number: int, cells: Mapping[str, str], report: ImportReport) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        ok = True
        for column in SHEETS[sheet]:
            text = cells.get(column.header, "") or ""
            if not text.strip():
                if column.required:
                    report.problems.append(Problem(sheet, number, column.header, "is verplicht"))
                    ok = False
                continue
            try:
                values[column.field] = self.converter.convert(column, text)
            except CellError as error:
                report.problems.append(Problem(sheet, number, column.header, str(error)))
                ok = False
        return values if ok else None

    def _add_node(self, plan: _Plan, kind: str, props: dict[str, Any], where: tuple[str, int],
                  report: ImportReport) -> bool:
        node_id = props.pop("id")
        if node_id in plan.nodes:
            first = plan.nodes[node_id]["where"]
            report.problems.append(Problem(where[0], where[1], "id", f"id '{node_id}' staat ook in {first[0]}, rij {first[1]}"))
            return False
        spec = self.vocabulary.node_kinds[kind]
        headers = {c.field: c.header for c in SHEETS[where[0]]}
        try:
            clean = self.store.validator.node_properties(spec, props)
        except ValidationError as error:
            column = headers.get((error.field or "").split("[")[0].split(".")[0], error.field or "")
            report.problems.append(Problem(where[0], where[1], column, error.message))
            return False
        plan.nodes[node_id] = {"kind": kind, "props": clean, "where": where}
        return True

    def _add_row(self, plan: _Plan, sheet: str, number: int, values: dict[str, Any], coalition_id: str,
                 since: str, report: ImportReport) -> None:
        where = (sheet, number)

        def tie(kind: str, frm: str, to: str, column: str, **props: Any) -> None:
            plan.ties.append({"kind": kind, "from": frm, "to": to, "props": {"since": since, **props},
                              "where": where, "column": column})

        if sheet == "partners":
            level = values.pop("level", "practice")
            node_id = values["id"]
            if self._add_node(plan, "organisation", values, where, report):
                tie("member_of", node_id, coalition_id, "niveau", level=level)
        elif sheet == "mensen":
            kind = values.pop("person_kind")
            organisation = values.pop("organisation", None)
            node_id = values["id"]
            if kind == "informal_supporter":
                values.pop("domain", None)
                values.pop("role", None)
            else:
                values.pop("key_figure", None)
                values.pop("life_area", None)
            if self._add_node(plan, kind, values, where, report):
                if kind == "professional" and organisation:
                    tie("works_at", node_id, organisation, "organisatie")
                elif kind == "informal_supporter":
                    tie("member_of", node_id, coalition_id, "soort", level="practice")
        elif sheet == "gemeenschappen":
            node_id = values["id"]
            if self._add_node(plan, "community", values, where, report):
                tie("belongs_to", node_id, coalition_id, "id")
        elif sheet == "interventies":
            providers = values.pop("providers", [])
            node_id = values["id"]
            if self._add_node(plan, "intervention", values, where, report):
                tie("belongs_to", node_id, coalition_id, "id")
                for provider in providers:
                    tie("offers", provider, node_id, "aanbieders")
        else:
            kind = values.pop("tie_kind")
            spec = self.vocabulary.relationship_kinds[kind]
            props = {k: v for k, v in values.items() if k not in ("from", "to")}
            for name in list(props):
                if name not in spec.properties:
                    header = next(c.header for c in SHEETS[sheet] if c.field == name)
                    report.problems.append(Problem(sheet, number, header, f"hoort niet bij een verbinding '{spec.nl}'"))
                    return
            try:
                clean = self.store.validator.relationship_properties(spec, props)
            except ValidationError as error:
                column = {"until": "tot", "since": "sinds"}.get(error.field or "", error.field or "")
                report.problems.append(Problem(sheet, number, column, error.message))
                return
            plan.ties.append({"kind": kind, "from": values["from"], "to": values["to"], "props": clean,
                              "where": where, "column": "van"})

    def _check_references(self, principal: Principal, plan: _Plan, report: ImportReport) -> None:
        """Endpoints exist (in the file or the graph) and fit the tie kind; existing nodes may be
        changed by this principal; ids of the file do not clash with other kinds in the graph."""
        mentioned = set(plan.nodes) | {t[e] for t in plan.ties for e in ("from", "to")}
        existing = self.store.coalitions_of(sorted(mentioned))
        private = self.vocabulary.hidden_kinds
        for node_id, node in plan.nodes.items():
            if node_id in existing:
                other_kind, coalitions = existing[node_id]
                if other_kind != node["kind"]:
                    report.problems.append(Problem(*node["where"], "id", f"id '{node_id}' is al een {other_kind}"))
                elif not principal.is_admin and coalitions and not coalitions & principal.coalitions:
                    report.problems.append(Problem(*node["where"], "id",
                                                   "hoort bij een coalitie die u niet coördineert"))
        for t in plan.ties:
            spec = self.vocabulary.relationship_kinds[t["kind"]]
            ends = {}
            for end, header in (("from", "van"), ("to", "naar")):
                node_id = t[end]
                column = t["column"] if t["column"] != "van" else header
                if node_id in plan.nodes:
                    ends[end] = plan.nodes[node_id]["kind"]
                elif node_id in existing and existing[node_id][0] not in private:
                    ends[end] = existing[node_id][0]
                else:
                    report.problems.append(Problem(*t["where"], column, f"'{node_id}' bestaat niet (niet in dit bestand en niet in de coalitie)"))
            if len(ends) == 2:
                try:
                    self.store.validator.endpoints(spec, ends["from"], ends["to"])
                except ValidationError as error:
                    report.problems.append(Problem(*t["where"], t["column"], error.message))

    def _write(self, principal: Principal, plan: _Plan) -> None:
        nodes: dict[str, list[dict[str, Any]]] = {kind: [] for kind in IMPORTED_KINDS}
        for node_id, node in plan.nodes.items():
            nodes[node["kind"]].append({"id": node_id, "props": node["props"]})
        rel_type = {name: self.vocabulary.relationship_kinds[name].type for name in IMPORTED_TIES}
        ties: dict[str, list[dict[str, Any]]] = {rel_type[name]: [] for name in IMPORTED_TIES}
        for t in plan.ties:
            ties[rel_type[t["kind"]]].append({"from": t["from"], "to": t["to"], "props": {**t["props"], "id": new_id()},
                                              "changes": {k: v for k, v in t["props"].items() if k != "since"}})
        self.store.write_import(nodes, ties)
        touched = set(plan.nodes) | {t[end] for t in plan.ties for end in ("from", "to")}
        self.service.history.record_many(principal, "imported", sorted(touched))


def _count(kinds: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind in kinds:
        counts[kind] = counts.get(kind, 0) + 1
    return counts

