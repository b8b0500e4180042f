"""The import templates: a CSV per sheet and one XLSX workbook with every sheet, each with the
Dutch column headers the importer reads and one example row. Built from the importer's own
columns, so a template and the importer never disagree; the web page offers them for download and
`seed_data/make_templates.py` writes them to the repository."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from .import_sheets import SHEET_TITLES, SHEETS

EXAMPLES = {
    "partners": ["vp-voorbeeld", "Verloskundigenpraktijk Voorbeeld", "Medisch domein", "Verloskundigenpraktijk",
                 "Zwangerschap; Geboorte en kraamperiode", "Uitvoering", "Dijkhaven", "nee", "nee",
                 "Voorbeeldrij: vervang of verwijder deze rij"],
    "mensen": ["prof-voorbeeld", "Anouk de Vries", "professional", "verloskundige", "vp-voorbeeld", "Medisch domein",
               "", ""],
    "gemeenschappen": ["com-voorbeeld", "Eritrese gemeenschap", "Tigrinya", "250", "Bereikt via sleutelpersonen"],
    "interventies": ["int-voorbeeld", "Prenataal huisbezoek", "Prenataal huisbezoek", "Zwangerschap",
                     "Regie op de ketenzorg", "Informatie en advies", "vp-voorbeeld", "Huisbezoek door JGZ"],
    "verbindingen": ["vp-voorbeeld", "com-voorbeeld", "bereikt", "2024-01-01", "", "", "", "", "", ""],
}


def template_csv(sheet: str) -> bytes:
    """One sheet's template; raises KeyError for a sheet that does not exist."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in SHEETS[sheet]])
    writer.writerow(EXAMPLES[sheet])
    return out.getvalue().encode("utf-8")


def template_xlsx() -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, columns in SHEETS.items():
        worksheet = workbook.create_sheet(SHEET_TITLES[sheet])
        worksheet.append([c.header for c in columns])
        worksheet.append(EXAMPLES[sheet])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
