"""A readable markdown report a coordinator can take to a coalition meeting (Dutch by default)."""

from __future__ import annotations

from typing import Any

SEVERITY = {"high": ("Hoog", "High"), "medium": ("Middel", "Medium"), "low": ("Laag", "Low")}
TEXT = {
    "title": ("Netwerkanalyse", "Network analysis"),
    "as_of": ("peildatum", "as of"),
    "size": ("partners en {ties} werkrelaties", "partners and {ties} working relationships"),
    "measures": ("Kerncijfers", "Key figures"),
    "findings": ("Bevindingen", "Findings"),
    "action": ("Voorstel", "Suggested action"),
    "none": ("Geen bevindingen.", "No findings."),
    "suggest": ("Voorgestelde verbindingen", "Suggested ties"),
}


def markdown_report(result: dict[str, Any], lang: str = "nl") -> str:
    i = 1 if lang == "en" else 0

    def t(key: str) -> str:
        return TEXT[key][i]

    lines = [f"# {t('title')}: {result['name']}", "",
             f"{t('as_of')} {result['as_of']} · {result['partners']} " + t("size").format(ties=result["ties"]), "",
             f"## {t('measures')}", ""]
    lines += [f"- {m['en'] if i else m['nl']}" + (" (benadering)" if m.get("approximate") and not i else "")
              for m in result["metrics"]]
    lines += ["", f"## {t('findings')}", ""]
    if not result["findings"]:
        lines.append(t("none"))
    order = {"high": 0, "medium": 1, "low": 2}
    for finding in sorted(result["findings"], key=lambda f: (order[f["severity"]], f["rule"])):
        lines.append(f"- **{SEVERITY[finding['severity']][i]}** · {finding['en'] if i else finding['nl']}")
        lines.append(f"  - {t('action')}: {finding['action_en'] if i else finding['action_nl']}")
        for tie in finding.get("suggested_ties") or []:
            reason = tie["reason_en"] if i else tie["reason_nl"]
            lines.append(f"  - {t('suggest')}: `{tie['from']}` ↔ `{tie['to']}` ({reason})")
    return "\n".join(lines) + "\n"
