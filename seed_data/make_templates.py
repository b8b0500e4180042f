"""Write the import templates (CSV per sheet and one XLSX workbook) from the importer's columns.

    python seed_data/make_templates.py

Each template has the Dutch column headers and one example row; the importer accepts
enumeration values by their Dutch label (as in the examples), their English label or their id.
The same templates are downloads on the web application's import page.
"""

from __future__ import annotations

from pathlib import Path

from graph_service.services.import_sheets import SHEETS
from graph_service.services.import_templates import template_csv, template_xlsx

OUT = Path(__file__).resolve().parent / "templates"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for sheet in SHEETS:
        (OUT / f"{sheet}.csv").write_bytes(template_csv(sheet))
    (OUT / "kansrijke-start-import.xlsx").write_bytes(template_xlsx())
    print(f"templates written to {OUT}")


if __name__ == "__main__":
    main()
