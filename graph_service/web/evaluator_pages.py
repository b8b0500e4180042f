"""The evaluator's workspace in the web application: the overview of the coalitions she may see
(sortable, a small chart per figure over the last quarters), a coalition's charts each with its
table and downloads, the family figures per quarter, comparing two coalitions or two dates, and
the report as Excel (a sheet per figure) and PDF (a page per chart, with what it means).

Everything comes from `services.evaluator_workspace`: evaluators, admins and coordinators (of
their own coalitions) reach it; for anyone else, and for a coalition outside her scope, the pages
answer like an address that does not exist."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..analysis.bridging import FIGURES
from ..analysis.card_signal_base import NAMES
from ..bootstrap import Services
from ..domain.errors import DomainError, NotFound
from ..services.evaluation import INDICATORS
from ..services.principal import Principal
from . import charts
from .access import signed_in
from .downloads import attachment, pdf, png
from .evaluation_charts import as_csv, as_workbook, bridging_chart, coalition_charts, value_text
from .forms import FormErrors
from .map_pages import Pages
from .rendering import language, page, render
from .texts import texts

BASE = "/app/evaluatie"
EXTENSIONS = {"svg": "image/svg+xml", "csv": "text/csv; charset=utf-8",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "png": "image/png"}


class EvaluatorPages:
    def __init__(self, services: Services, pages: Pages) -> None:
        self.services = services
        self.pages = pages
        self.workspace = services.workspace

    def _crumbs(self, t: dict[str, str]) -> list[tuple[Any, ...]]:
        return [("workspace", BASE, t["workspace"])]

    # ------------------------------------------------------------------ pages
    def overview(self, request: Request, principal: Principal) -> Response:
        t, lang = texts(language(request)), language(request)
        rows = self.workspace.overview(principal)
        sort = request.query_params.get("sort", "")
        if sort in FIGURES:
            rows.sort(key=lambda r: (-r.figures.values[sort], r.figures.name.lower()))
        else:
            rows.sort(key=lambda r: r.figures.name.lower())
        sparks = {(r.figures.coalition, name): charts.sparkline(f"{t['fig_' + name]}, {t['over_time']}",
                                                                [v for _, v in r.series[name]])
                  for r in rows for name in FIGURES}
        return page(request, "workspace.html", principal=principal, crumbs=[], rows=rows, figures=FIGURES,
                    sort=sort, sparks=sparks, value_text=value_text, base=BASE,
                    bridging=bridging_chart(rows, t) if rows else None, lang_query="?lang=en" if lang == "en" else "")

    def coalition(self, request: Request, principal: Principal) -> Response:
        t, lang = texts(language(request)), language(request)
        row = self.workspace.row(principal, request.path_params["coalition_id"])
        return page(request, "workspace_coalition.html", principal=principal, crumbs=self._crumbs(t), row=row,
                    charts=coalition_charts(row, self.services.vocabulary, t, lang), figures=FIGURES,
                    value_text=value_text, base=BASE)

    def families(self, request: Request, principal: Principal) -> Response:
        t = texts(language(request))
        coalition_id = request.path_params["coalition_id"]
        row = self.workspace.row(principal, coalition_id)
        series = self.workspace.family_series(principal, coalition_id)
        return page(request, "workspace_families.html", principal=principal, crumbs=self._crumbs(t), row=row,
                    series=series, keys=family_keys(series), key_label=lambda key: family_label(key, t), base=BASE,
                    cell_text=lambda row, key: family_cell(row, key, t))

    def compare(self, request: Request, principal: Principal) -> Response:
        t, lang = texts(language(request)), language(request)
        query = request.query_params
        rows = self.workspace.overview(principal)
        by_id = {r.figures.coalition: r for r in rows}
        context: dict[str, Any] = {"rows": rows, "query": query, "errors": FormErrors()}
        if query.get("a") in by_id and query.get("b") in by_id:
            pair = [by_id[query["a"]], by_id[query["b"]]]
            context["pair"] = pair
            context["pair_charts"] = [coalition_charts(r, self.services.vocabulary, t, lang)[0] for r in pair]
        elif query.get("coalition") in by_id and query.get("van") and query.get("tot"):
            try:
                comparison, before, after = self.workspace.compare(principal, query["coalition"], query["van"],
                                                                   query["tot"])
                context.update(comparison=comparison, before=before, after=after,
                               empty=before.values["partners"] == 0 or after.values["partners"] == 0,
                               rounds=self.workspace.round_dates(principal, query["coalition"]),
                               family=self._family_pair(principal, query["coalition"], comparison.from_date,
                                                        comparison.to_date))
            except DomainError as error:
                context["errors"] = FormErrors.of(error, lang, {"from": "van", "to": "tot"})
        return page(request, "workspace_compare.html", status=422 if context["errors"] else 200, principal=principal,
                    crumbs=self._crumbs(t), figures=FIGURES, value_text=value_text, base=BASE,
                    family_keys=family_keys, key_label=lambda key: family_label(key, t),
                    cell_text=lambda row, key: family_cell(row, key, t), **context)

    def _family_pair(self, principal: Principal, coalition_id: str, first: str, second: str
                     ) -> list[dict[str, Any]] | None:
        """The family figures of two quarter ends, each hidden one with its reason; None when a
        date is not a quarter's last day (family figures exist per quarter only)."""
        try:
            return self.workspace.family_series(principal, coalition_id, [first, second])
        except DomainError:
            return None

    # ------------------------------------------------------------------ downloads
    def chart_file(self, request: Request, principal: Principal) -> Response:
        t, lang = texts(language(request)), language(request)
        coalition_id, name, ext = (request.path_params[k] for k in ("coalition_id", "chart", "ext"))
        if coalition_id == "alle":
            rows = self.workspace.overview(principal)
            found = [bridging_chart(rows, t)] if rows else []
        else:
            found = coalition_charts(self.workspace.row(principal, coalition_id), self.services.vocabulary, t, lang)
        chart = next((c for c in found if c.key == name), None)
        if chart is None or ext not in EXTENSIONS:
            raise NotFound("no such chart", field="chart")
        filename = f"{coalition_id}-{chart.key}.{ext}"
        if ext == "svg":
            return attachment(str(chart.svg), EXTENSIONS[ext], filename)
        if ext == "csv":
            return attachment(as_csv(chart), EXTENSIONS[ext], filename)
        if ext == "xlsx":
            return attachment(as_workbook([(chart.title, chart.header, chart.rows)]), EXTENSIONS[ext], filename)
        width, height = (int(float(v)) for v in str(chart.svg).split('viewBox="0 0 ')[1].split('"')[0].split())
        return png(request, str(chart.svg), filename, width, height)

    def report(self, request: Request, principal: Principal) -> Response:
        """Every figure of every coalition she may see: Excel, or a PDF with a page per chart."""
        t, lang = texts(language(request)), language(request)
        rows = self.workspace.overview(principal)
        per_coalition = [(r, coalition_charts(r, self.services.vocabulary, t, lang)) for r in rows]
        if request.url.path.endswith(".pdf"):
            pages = ([bridging_chart(rows, t)] if rows else []) + [c for _, found in per_coalition for c in found]
            html = render(request, "workspace_report.html", principal=principal, crumbs=[], charts=pages)
            return pdf(request, html, "evaluatie.pdf")
        sheets = [(t["workspace"], [t["coalition"], *(t[f"fig_{n}"] for n in FIGURES), t["response_rate"],
                                    t["families_with_card"]],
                   [[r.figures.name, *(round(r.figures.values[n], 4) for n in FIGURES),
                     f"{r.response[0]}/{r.response[1]}" if r.response else "",
                     r.families if r.families is not None else t["fewer_than_10"]] for r in rows])]
        for row, found in per_coalition:
            sheets += [(f"{c.key} {row.figures.name}", c.header, c.rows) for c in found]
            series = self.workspace.family_series(principal, row.figures.coalition)
            sheets.append((f"gezinnen {row.figures.name}", [t["quarter"], *(family_label(k, t) for k in family_keys(series))],
                           [[s["as_of"], *(family_cell(s, k, t) for k in family_keys(series))] for s in series]))
        return attachment(as_workbook(sheets), EXTENSIONS["xlsx"], "evaluatie.xlsx")

    def routes(self) -> list[Route]:
        def page_of(build: Any) -> Any:
            return signed_in(self.pages, build)
        return [
            Route(BASE, page_of(self.overview), methods=["GET"]),
            Route(f"{BASE}/vergelijken", page_of(self.compare), methods=["GET"]),
            Route(f"{BASE}/rapport.xlsx", page_of(self.report), methods=["GET"]),
            Route(f"{BASE}/rapport.pdf", page_of(self.report), methods=["GET"]),
            Route(BASE + "/{coalition_id}", page_of(self.coalition), methods=["GET"]),
            Route(BASE + "/{coalition_id}/gezinnen", page_of(self.families), methods=["GET"]),
            Route(BASE + "/{coalition_id}/grafiek/{chart}.{ext}", page_of(self.chart_file), methods=["GET"]),
        ]


def family_keys(series: list[dict[str, Any]]) -> list[str]:
    signals = sorted({k for row in series for k in row if k.startswith("signal_")})
    return [*INDICATORS, *signals]


def family_label(key: str, t: dict[str, str]) -> str:
    if key.startswith("signal_"):
        rule = key.removeprefix("signal_")
        return t["signal_count"].format(name=f"{rule} {NAMES.get(rule, ('', ''))[0]}")
    return t[key]


def family_cell(row: dict[str, Any], key: str, t: dict[str, str]) -> str:
    cell = row.get(key) or {"suppressed": True}
    if cell.get("suppressed") or cell.get("count") is None:
        return t["hidden_difference"] if cell.get("reason") == "difference" else t["fewer_than_10"]
    return t["share_of"].format(share=f"{100 * cell['share']:.0f}%", count=cell["count"])

