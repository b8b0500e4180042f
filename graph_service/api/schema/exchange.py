"""The exchange area: importing a spreadsheet into a coalition and exporting its network.

No `from __future__ import annotations` here: strawberry reads these annotations at run time.
"""

import base64
import binascii
import datetime as dt
from typing import Optional

import strawberry
from strawberry.scalars import JSON

from ...domain.errors import ValidationError
from ...services.exporter import export
from .core import Area, Core, iso
from .errors import errors_as_results, errors_raised, result_union
from .registry import Registry


@strawberry.type(description="One problem found in an import file, by sheet, row and column.")
class ImportProblem:
    sheet: str
    row: int
    column: str
    message: str


@strawberry.type(description="What an import checked and (unless a dry run or a problem) wrote.")
class ImportReport:
    rows: int
    written: bool
    dry_run: bool
    problems: list[ImportProblem]
    nodes: JSON
    ties: JSON


@strawberry.type
class ExportFile:
    name: str
    media_type: str
    content: str


ImportResult = result_union("ImportResult", ImportReport)
ImportFormat = Registry.enum_type("import_format", ["csv", "xlsx"])
ExportFormat = Registry.enum_type("export_format", ["graphml", "gexf", "csv", "json"])


@errors_as_results
async def resolve_import(info: strawberry.Info, coalition_id: strawberry.ID, format: ImportFormat,  # type: ignore[valid-type]
                         content: str, dry_run: bool = False) -> ImportResult:  # type: ignore[valid-type]
    if format.value == "xlsx":
        try:
            raw = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError("must be the XLSX file in base64", field="content") from None
    else:
        raw = content.encode("utf-8")
    report = await info.context.call(info.context.importer.run, coalition_id, raw, format.value, dry_run=dry_run)
    return ImportReport(
        rows=report.rows, written=report.written, dry_run=report.dry_run, nodes=report.nodes, ties=report.ties,
        problems=[ImportProblem(sheet=p.sheet, row=p.row, column=p.column, message=p.message) for p in report.problems],
    )


@errors_raised(missing=list)
async def resolve_export(info: strawberry.Info, coalition_id: strawberry.ID, format: ExportFormat,  # type: ignore[valid-type]
                         as_of: Optional[dt.date] = None) -> list[ExportFile]:
    files = await info.context.call(lambda p: export(info.context.service, p, coalition_id, format.value, iso(as_of)))
    return [ExportFile(name=f.name, media_type=f.media_type, content=f.content) for f in files]


def fields(core: Core) -> Area:
    return Area(
        queries=[strawberry.field(
            resolver=resolve_export, name="exportCoalition",
            description="The coalition's network as GraphML, GEXF (Gephi), CSV (nodes and ties) or JSON.")],
        mutations=[strawberry.mutation(
            resolver=resolve_import, name="importFile",
            description="Import partners, people, communities, interventions and ties into a coalition: "
            "every row is checked first, then all are written or none. `content`: CSV text or XLSX in base64.")],
    )
