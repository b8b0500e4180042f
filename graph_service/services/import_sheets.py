"""The spreadsheet layout of an import: its sheets and Dutch column headers, reading a CSV or XLSX
file into rows by sheet, and turning each cell's text into a vocabulary value (an enumeration
accepts its id or its Dutch or English label)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from ..domain.validation import ID_PATTERN
from ..domain.vocabulary import Vocabulary
from . import file_reader

MAX_ROWS = file_reader.MAX_ROWS
IMPORTED_KINDS = ("organisation", "professional", "informal_supporter", "community", "intervention", "neighbourhood")
IMPORTED_TIES = ("member_of", "belongs_to", "works_at", "collaborates_with", "refers_to", "warm_handover",
                 "agreement", "funds", "reaches", "offers", "located_in")

@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str = "text"  # text, int, bool, date, enum:<name>, enum_list:<name>, id, id_list, person_kind, tie_kind
    required: bool = False


SHEETS: dict[str, list[Column]] = {
    "partners": [
        Column("id", "id", "id", True), Column("naam", "name", required=True),
        Column("domein", "domain", "enum:domain", True), Column("soort organisatie", "organisation_type", "enum:organisation_type", True),
        Column("fasen", "phases", "enum_list:phase"), Column("niveau", "level", "enum:level"),
        Column("gemeente", "municipality"), Column("regionaal", "regional", "bool"),
        Column("ervaringsdeskundig", "lived_experience", "bool"), Column("omschrijving", "description"),
    ],
    "mensen": [
        Column("id", "id", "id", True), Column("naam", "name", required=True),
        Column("soort", "person_kind", "person_kind", True), Column("rol", "role"),
        Column("organisatie", "organisation", "id"), Column("domein", "domain", "enum:domain"),
        Column("sleutelpersoon", "key_figure", "bool"), Column("levensgebied", "life_area", "enum:life_area"),
    ],
    "gemeenschappen": [
        Column("id", "id", "id", True), Column("naam", "name", required=True), Column("taal", "language"),
        Column("omvang", "size_estimate", "int"), Column("omschrijving", "description"),
    ],
    "interventies": [
        Column("id", "id", "id", True), Column("naam", "name", required=True),
        Column("soort aanbod", "intervention_type", "enum:intervention_type", True),
        Column("fasen", "phases", "enum_list:phase", True), Column("pijlers", "pillars", "enum_list:pillar"),
        Column("steun", "support_types", "enum_list:support_type"), Column("aanbieders", "providers", "id_list"),
        Column("omschrijving", "description"),
    ],
    "verbindingen": [
        Column("van", "from", "id", True), Column("naar", "to", "id", True),
        Column("soort verbinding", "tie_kind", "tie_kind", True), Column("sinds", "since", "date", True),
        Column("tot", "until", "date"), Column("intensiteit", "intensity", "enum:intensity"),
        Column("niveau", "level", "enum:level"), Column("fase", "phase", "enum:phase"),
        Column("status", "status", "enum:handover_status"), Column("titel", "title"),
    ],
}
SHEET_TITLES = {"partners": "Partners", "mensen": "Mensen", "gemeenschappen": "Gemeenschappen",
                "interventies": "Interventies", "verbindingen": "Verbindingen"}
PERSON_KINDS = {"professional": "professional", "informele steun": "informal_supporter",
                "informal supporter": "informal_supporter", "informal_supporter": "informal_supporter"}
TRUE, FALSE = {"ja", "yes", "true", "1", "waar"}, {"nee", "no", "false", "0", "onwaar", ""}


# --------------------------------------------------------------------------- reading files
ALL_HEADERS = frozenset(c.header for columns in SHEETS.values() for c in columns)


def read_file(content: bytes, file_format: str) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """Sheets of a file: sheet name -> [(spreadsheet row number, {header: cell text})].

    The file is parsed in a limited child process (see file_reader); raises FileProblem."""
    sheets: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for title, rows in file_reader.read_file(content, file_format, ALL_HEADERS).items():
        if not rows or rows[0][0] != 1 or not any(rows[0][1]):
            continue  # a sheet without a header row: notes, a cover page
        headers = _normalise_headers(rows[0][1])
        hint = title.strip().lower()
        sheet = _sheet_for_headers(headers, hint if hint in SHEETS else None)
        if sheet in sheets:
            raise file_reader.FileProblem(f"twee bladen met de kolommen van '{SHEET_TITLES[sheet]}'",
                                          "DUPLICATE_SHEET", title)
        sheets[sheet] = [(number, dict(zip(headers, cells))) for number, cells in rows[1:]]
    if not sheets:
        raise file_reader.FileProblem("het bestand heeft geen blad met de kolommen van een sjabloon", "EMPTY")
    return sheets


def _sheet_for_headers(headers: list[str], sheet_hint: str | None = None) -> str:
    found = {h for h in headers if h}
    for name, columns in SHEETS.items():
        required = {c.header for c in columns if c.required}
        if required <= found and found <= {c.header for c in columns} and (sheet_hint in (None, name)):
            return name
    unknown = sorted(found - ALL_HEADERS)
    hint = f" (onbekend: {', '.join(unknown)})" if unknown else ""
    raise file_reader.FileProblem(
        f"de kolomnamen passen bij geen van de sjablonen{hint}; gebruik de sjablonen in seed_data/templates",
        "UNKNOWN_HEADERS")


def _normalise_headers(raw: Iterable[Any]) -> list[str]:
    return [str(h or "").strip().lower() for h in raw]


# --------------------------------------------------------------------------- cell values
class CellError(Exception):
    pass


class Converter:
    """Turns cell text into vocabulary values; enumeration values by id or by label."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.labels: dict[str, dict[str, str]] = {}
        for name, enum in vocabulary.enums.items():
            lookup = {}
            for value in enum.values:
                for key in (value.id, value.nl, value.en):
                    lookup[key.strip().lower()] = value.id
            self.labels[name] = lookup
        self.tie_kinds = {}
        for rel in vocabulary.relationship_kinds.values():
            for key in (rel.name, rel.nl, rel.en, rel.type):
                self.tie_kinds[key.lower()] = rel.name

    def enum(self, name: str, text: str) -> str:
        value = self.labels[name].get(text.strip().lower())
        if value is None:
            examples = ", ".join(v.nl for v in self.vocabulary.enums[name].values[:6])
            raise CellError(f"'{text}' is geen geldige waarde (bijvoorbeeld: {examples})")
        return value

    def convert(self, column: Column, text: str) -> Any:
        text = text.strip()
        kind, _, enum_name = column.kind.partition(":")
        if kind == "text":
            return text
        if kind == "id":
            if not ID_PATTERN.match(text):
                raise CellError(f"'{text}' is geen geldig id (letters, cijfers en . _ : -)")
            return text
        if kind == "id_list":
            return [self.convert(Column(column.header, column.field, "id"), part) for part in _split(text)]
        if kind == "int":
            try:
                return int(text)
            except ValueError:
                raise CellError(f"'{text}' is geen geheel getal") from None
        if kind == "bool":
            lowered = text.lower()
            if lowered in TRUE:
                return True
            if lowered in FALSE:
                return False
            raise CellError(f"'{text}' is geen ja of nee")
        if kind == "date":
            for parse in (dt.date.fromisoformat, lambda t: dt.datetime.strptime(t, "%d-%m-%Y").date()):
                try:
                    return parse(text).isoformat()
                except ValueError:
                    continue
            raise CellError(f"'{text}' is geen datum (jjjj-mm-dd of dd-mm-jjjj)")
        if kind == "enum":
            return self.enum(enum_name, text)
        if kind == "enum_list":
            return [self.enum(enum_name, part) for part in _split(text)]
        if kind == "person_kind":
            value = PERSON_KINDS.get(text.lower())
            if value is None:
                raise CellError(f"'{text}' is geen 'professional' of 'informele steun'")
            return value
        if kind == "tie_kind":
            value = self.tie_kinds.get(text.lower())
            if value is None or value not in IMPORTED_TIES:
                raise CellError(f"'{text}' is geen soort verbinding die hier ingelezen kan worden")
            return value
        raise CellError(f"unsupported column kind {column.kind}")  # pragma: no cover - SHEETS is fixed


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


# --------------------------------------------------------------------------- planning
