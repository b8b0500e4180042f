"""Write the import templates (CSV per sheet and one XLSX workbook) from the importer's columns.

    python seed_data/make_templates.py

Each template has the Dutch column headers and one example row; the importer accepts
enumeration values by their Dutch label (as in the examples), their English label or their id.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from graph_service.services.import_sheets import SHEET_TITLES, SHEETS

OUT = Path(__file__).resolve().parent / "templates"
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


def main() -> None:
    OUT.mkdir(exist_ok=True)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, columns in SHEETS.items():
        headers = [c.header for c in columns]
        with (OUT / f"{sheet}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            writer.writerow(EXAMPLES[sheet])
        worksheet = workbook.create_sheet(SHEET_TITLES[sheet])
        worksheet.append(headers)
        worksheet.append(EXAMPLES[sheet])
    workbook.save(OUT / "kansrijke-start-import.xlsx")
    print(f"templates written to {OUT}")


if __name__ == "__main__":
    main()
