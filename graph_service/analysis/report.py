"""A readable markdown report a coordinator can take to a coalition meeting (Dutch by default)."""

from __future__ import annotations

from .results import Analysis

SEVERITY = {"high": ("Hoog", "High"), "medium": ("Middel", "Medium"), "low": ("Laag", "Low")}
TEXT = {
    "title": ("Netwerkanalyse", "Network analysis"),
    "as_of": ("peildatum", "as of"),
    "size": ("partners en {ties} werkrelaties", "partners and {ties} working relationships"),
    "measures": ("Kerncijfers", "Key figures"),
    "findings": ("Bevindingen", "Findings"),
    "action": ("Voorstel", "Suggested action"),
    "none": ("Geen bevindingen.", "No findings."),
    "suggest": ("Voorgestelde verbinding", "Suggested tie"),
    "first": ("Eerst doen", "Do first"),
    "why": ("want", "because"),
    "decided": ("Besluit van de coalitie", "The coalition's decision"),
    "incomplete": ("Let op: rust op onvolledige antwoorden; de laatste meting niet ingestuurd door",
                   "Note: rests on incomplete answers; the latest survey was not sent by"),
}


def markdown_report(result: Analysis, lang: str = "nl", decisions: dict[str, str] | None = None) -> str:
    """`decisions`: finding identity -> what the coalition decided about it, in words (shown with
    the finding, so the meeting sees what was already discussed)."""
    i = 1 if lang == "en" else 0
    decisions = decisions or {}

    def t(key: str) -> str:
        return TEXT[key][i]

    lines = [f"# {t('title')}: {result.name}", "",
             f"{t('as_of')} {result.as_of} · {result.partners} " + t("size").format(ties=result.ties), ""]
    if result.top_actions:
        lines += [f"## {t('first')}", ""]
        lines += [f"{number}. {action.en if i else action.nl} ({t('why')}: {action.because_en if i else action.because_nl})"
                  for number, action in enumerate(result.top_actions, 1)]
        lines.append("")
    lines += [f"## {t('measures')}", ""]
    lines += [f"- {m.en if i else m.nl}" + (" (benadering)" if m.approximate and not i else "") for m in result.metrics]
    lines += ["", f"## {t('findings')}", ""]
    if not result.findings:
        lines.append(t("none"))
    for finding in result.findings:  # already ranked, the highest priority first
        lines.append(f"- **{SEVERITY[finding.severity][i]}** · {finding.en if i else finding.nl}")
        lines.append(f"  - {t('action')}: {finding.action_en if i else finding.action_nl}")
        if finding.identity in decisions:
            lines.append(f"  - {t('decided')}: {decisions[finding.identity]}")
        if finding.incomplete:
            lines.append(f"  - {t('incomplete')} {', '.join(finding.incomplete)}")
        for tie in finding.suggested_ties:
            reason = tie.reason_en if i else tie.reason_nl
            lines.append(f"  - {t('suggest')}: {tie.from_name} ↔ {tie.to_name} ({reason})")
    return "\n".join(lines) + "\n"
