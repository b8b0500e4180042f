"""Read an uploaded CSV or XLSX file into sheets of text cells, in a child process with limits.

A spreadsheet is a zip of XML that can claim far more than it holds: a 1.6 KB XLSX declaring the
dimension `A1:XFD1048576` kept a core busy for over 90 s, a 339 KB one took the service to 2.1 GB
that was never given back. So the file is never parsed in the service's own process: a child
(`python -m graph_service.services.file_reader`) gets the bytes on its standard input, sets its
own memory and CPU limits before it reads anything, and answers with JSON on its standard output;
the service kills it when it runs past the time limit. Inside, XLSX is read in streaming mode with
the declared dimension ignored, and every reader stops at a cap on rows, columns and cell length,
so a bomb costs at most the limits, and the answer is a clear message that names the limit.

CSV is read as RFC 4180 says (quoted fields, doubled quotes, line breaks inside quotes); the
delimiter (Dutch Excel writes `;`) is the one under which the header row reads as a template's
headers, never a guess from the first line's characters.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from typing import Any, Iterable

MAX_BYTES = 5 * 1024 * 1024
#: all members of an XLSX zip together, unpacked; the templates unpack to a few hundred KB
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_ROWS = 20_000
#: rows read, blank ones included, before the reader gives up (a sheet of millions of empty rows)
MAX_SCANNED_ROWS = 50_000
MAX_COLUMNS = 50
#: Excel's own limit of a cell
MAX_CELL_CHARS = 32_767
MEMORY_LIMIT_BYTES = 768 * 1024 * 1024
TIME_LIMIT_SECONDS = 30
DELIMITERS = (",", ";", "\t")

Sheets = dict[str, list[tuple[int, list[str]]]]


@dataclass(eq=False)
class FileProblem(Exception):
    """The file cannot be read: a message in Dutch for the import report, and where it is."""

    message: str
    code: str = "INVALID_FILE"
    sheet: str = "bestand"
    row: int = 0
    column: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"message": self.message, "code": self.code, "sheet": self.sheet, "row": self.row, "column": self.column}


# --------------------------------------------------------------------------- in the child
def _check_row(sheet: str, number: int, cells: list[str], headers: list[str]) -> None:
    if len(cells) > MAX_COLUMNS:
        raise FileProblem(f"meer dan {MAX_COLUMNS} kolommen", "TOO_MANY_COLUMNS", sheet, number)
    for index, cell in enumerate(cells):
        if len(cell) > MAX_CELL_CHARS:
            column = headers[index].strip().lower() if index < len(headers) and headers[index].strip() \
                else f"kolom {index + 1}"
            raise FileProblem(f"de cel is langer dan {MAX_CELL_CHARS:,} tekens".replace(",", "."), "CELL_TOO_LONG",
                              sheet, number, column)


def _capped_rows(sheet: str, rows: Iterable[list[str]], counted: list[int]) -> list[tuple[int, list[str]]]:
    """(row number, cells) of the rows that hold something; stops at the row caps."""
    kept: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(rows, start=1):
        if number > MAX_SCANNED_ROWS:
            raise FileProblem(f"meer dan {MAX_SCANNED_ROWS} regels", "TOO_MANY_ROWS", sheet)
        _check_row(sheet, number, cells, kept[0][1] if kept else [])
        if any(c.strip() for c in cells):
            counted[0] += 1
            if counted[0] > MAX_ROWS + 1:
                raise FileProblem(f"meer dan {MAX_ROWS} rijen", "TOO_MANY_ROWS", sheet)
            kept.append((number, cells))
    return kept


def _choose_delimiter(text: str, known_headers: set[str]) -> str:
    """The delimiter under which the header row holds the most template headers (then the most
    fields): `"Stichting ""De Brug"", Noord"` is one field under any of them."""
    best, best_score = ",", (-1, -1)
    for delimiter in DELIMITERS:
        try:
            header = next(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True), [])
        except csv.Error:
            continue
        names = {h.strip().lower() for h in header}
        score = (len(names & known_headers), len(header))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(content: bytes, known_headers: set[str]) -> Sheets:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem("het bestand is geen UTF-8-tekst", "INVALID_ENCODING") from None
    csv.field_size_limit(MAX_BYTES)  # the file's own cap; a long cell is named with its row and column below
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_choose_delimiter(text, known_headers),
                        quotechar='"', doublequote=True, strict=True)
    try:
        rows = _capped_rows("csv", reader, [0])
    except csv.Error:
        raise FileProblem(f"regel {reader.line_num} is geen geldige CSV (aanhalingstekens?)", "INVALID_CSV") from None
    return {"csv": rows}


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _trimmed(cells: list[str]) -> list[str]:
    """A row without the empty cells after its last value (read-only rows are padded)."""
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def read_xlsx(content: bytes) -> Sheets:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise FileProblem("het bestand is geen leesbaar XLSX-werkboek") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileProblem(f"het werkboek is uitgepakt groter dan {MAX_UNPACKED_BYTES // (1024 * 1024)} MB", "TOO_LARGE")
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many types for a broken file
        raise FileProblem("het bestand is geen leesbaar XLSX-werkboek") from None
    sheets: Sheets = {}
    counted = [0]
    for worksheet in workbook.worksheets:
        # the declared dimension is the file's claim, not its content: never pad rows up to it
        worksheet.reset_dimensions()
        rows = (_trimmed([_cell_text(v) for v in row])
                for row in worksheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True))
        sheets[worksheet.title] = _capped_rows(worksheet.title, rows, counted)
    return sheets


def _limit_self() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (TIME_LIMIT_SECONDS, TIME_LIMIT_SECONDS + 1))


def main() -> None:  # pragma: no cover - runs in the child process, tested through read_file
    _limit_self()
    request = json.loads(sys.stdin.buffer.readline())
    content = sys.stdin.buffer.read()
    try:
        if request["format"] == "csv":
            sheets = read_csv(content, set(request["headers"]))
        else:
            sheets = read_xlsx(content)
        answer: dict[str, Any] = {"sheets": sheets}
    except FileProblem as problem:
        answer = {"problem": problem.as_dict()}
    except MemoryError:
        answer = {"problem": FileProblem("het bestand vraagt te veel geheugen om te lezen", "TOO_LARGE").as_dict()}
    sys.stdout.write(json.dumps(answer))


# --------------------------------------------------------------------------- in the service
def read_file(content: bytes, file_format: str, known_headers: Iterable[str]) -> Sheets:
    """Sheets of a file: sheet title -> [(row number, cells)], read in a limited child process.

    Raises FileProblem for a file that is too large, broken, or over a limit."""
    if len(content) > MAX_BYTES:
        raise FileProblem(f"het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB", "TOO_LARGE")
    if file_format not in ("csv", "xlsx"):
        raise FileProblem(f"onbekend formaat {file_format!r}; gebruik csv of xlsx", "UNKNOWN_FORMAT")
    request = json.dumps({"format": file_format, "headers": sorted(known_headers)}).encode() + b"\n"
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV")}
    try:
        done = subprocess.run([sys.executable, "-I", "-m", __name__], input=request + content, capture_output=True,
                              timeout=TIME_LIMIT_SECONDS, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise FileProblem(f"het lezen van het bestand duurde langer dan {TIME_LIMIT_SECONDS} seconden",
                          "TOO_SLOW") from None
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        # killed by its own limits (memory, CPU): a file this heavy is refused, never retried here
        raise FileProblem("het bestand is te zwaar om te lezen (geheugen of tijd op)", "TOO_LARGE") from None
    if "problem" in answer:
        raise FileProblem(**answer["problem"])
    return {name: [(number, cells) for number, cells in rows] for name, rows in answer["sheets"].items()}


if __name__ == "__main__":  # pragma: no cover
    main()
