"""Import and export on one page: the coordinator downloads a template, fills it in, uploads it,
reads the check of every row and field in Dutch, and confirms to write it all or nothing; and she
downloads the coalition's network as GEXF (Gephi), GraphML, CSV, XLSX or JSON.

The upload is checked by the same importer as the API and the command line (with its limits on
rows, cells and unpacked size, so a zip bomb is refused); a file without problems is kept as a
draft for her alone until she confirms, so the file travels once and a confirmation sent twice
writes once."""

from __future__ import annotations

from pathlib import PurePath

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..bootstrap import Services
from ..domain.errors import NotFound, PermissionDenied
from ..services.exporter import FORMATS, export, export_xlsx
from ..services.import_sheets import SHEETS
from ..services.import_templates import template_csv, template_xlsx
from ..services.importer import ImportReport
from ..services.principal import Principal
from .access import Post, accepted_post, form_tokens, not_found, signed_in
from .downloads import attachment
from .forms import FormData, sent_by_this_site
from .map_pages import Pages
from .node_pages import NodePages, may_change
from .rendering import HEADERS, language, link, page

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
FILE_FORMATS = {".csv": "csv", ".xlsx": "xlsx"}


class ImportPages:
    def __init__(self, services: Services, pages: Pages, node_pages: NodePages) -> None:
        self.services = services
        self.pages = pages
        self.node_pages = node_pages

    def _page(self, request: Request, principal: Principal, *, status: int = 200, report: ImportReport | None = None,
              problem: str = "", draft: str = "", filename: str = "") -> Response:
        coalition_id = request.path_params["coalition_id"]
        network = self.services.network
        coalition = network.get_node(principal, coalition_id, kind="coalition")
        network.require_full_read(principal, coalition_id, "import into or export")
        vocabulary, lang = self.services.vocabulary, language(request)
        counts = []
        if report:
            counts = [(vocabulary.node_kinds[k].en if lang == "en" else vocabulary.node_kinds[k].nl, n)
                      for k, n in report.nodes.items()]
            counts += [(vocabulary.relationship_kinds[k].en if lang == "en" else vocabulary.relationship_kinds[k].nl, n)
                       for k, n in report.ties.items()]
        return page(request, "import.html", status=status, principal=principal, coalition=coalition["name"],
                    counts=counts,
                    coalition_id=coalition_id, crumbs=self.node_pages.crumbs(coalition),
                    may_import=may_change(principal, coalition_id), sheets=list(SHEETS), formats=FORMATS,
                    report=report, problem=problem, draft=draft, filename=filename,
                    written=request.query_params.get("written"), **form_tokens(self.pages, request))

    def overview(self, request: Request, principal: Principal) -> Response:
        return self._page(request, principal)

    async def upload(self, request: Request) -> Response:
        """Check an uploaded file (a dry run); keep it as a draft when it has no problems."""
        coalition_id = request.path_params["coalition_id"]
        here = link(request, f"/app/coalitions/{coalition_id}/importeren")
        principal = await run_in_threadpool(self.pages.principal, request)
        if not principal:
            return RedirectResponse("/signin", status_code=303, headers=HEADERS)
        t_problem = {"nl": {"big": "Het bestand is groter dan 5 MB. Splits het in delen.",
                            "kind": "Kies een CSV- of Excel-bestand (.csv of .xlsx).",
                            "none": "Kies eerst een bestand."},
                     "en": {"big": "The file is larger than 5 MB. Split it into parts.",
                            "kind": "Choose a CSV or Excel file (.csv or .xlsx).",
                            "none": "Choose a file first."}}[language(request)]
        if not may_change(principal, coalition_id):  # before reading a byte of the file
            return not_found(request, principal)
        if int(request.headers.get("content-length") or 0) > MAX_UPLOAD_BYTES + 65536:
            return await self._refused(request, principal, t_problem["big"], status=413)
        async with request.form(max_files=1, max_fields=8) as form:
            fields = FormData({k: [v] for k, v in form.items() if isinstance(v, str)})
            if not sent_by_this_site(request, fields, self.pages.sessions):
                return page(request, "refused.html", status=403, principal=principal, crumbs=[])
            if not await run_in_threadpool(self.pages.sessions.claim_form, fields.get("form_id")):
                return RedirectResponse(here, status_code=303, headers=HEADERS)
            upload = form.get("file")
            if not isinstance(upload, UploadFile) or not upload.filename:
                return await self._refused(request, principal, t_problem["none"])
            file_format = FILE_FORMATS.get(PurePath(upload.filename).suffix.lower())
            if file_format is None:
                return await self._refused(request, principal, t_problem["kind"])
            content = await upload.read(MAX_UPLOAD_BYTES + 1)
            if len(content) > MAX_UPLOAD_BYTES:
                return await self._refused(request, principal, t_problem["big"], status=413)
        return await run_in_threadpool(self._check, request, principal, coalition_id, file_format,
                                       upload.filename, content)

    def _check(self, request: Request, principal: Principal, coalition_id: str, file_format: str, filename: str,
               content: bytes) -> Response:
        try:
            report = self.services.importer.run(principal, coalition_id, content, file_format, dry_run=True)
        except (NotFound, PermissionDenied):
            return not_found(request, principal)
        draft = "" if report.problems else self.services.import_drafts.keep(principal, coalition_id, file_format,
                                                                             filename, content)
        return self._page(request, principal, status=422 if report.problems else 200, report=report, draft=draft,
                          filename=filename)

    async def _refused(self, request: Request, principal: Principal, problem: str, status: int = 422) -> Response:
        try:
            return await run_in_threadpool(lambda: self._page(request, principal, status=status, problem=problem))
        except (NotFound, PermissionDenied):
            return not_found(request, principal)

    async def confirm(self, request: Request) -> Response:
        """Write the checked draft: all of it or nothing (the importer checks it once more)."""
        coalition_id = request.path_params["coalition_id"]
        here = f"/app/coalitions/{coalition_id}/importeren"
        post = await accepted_post(self.pages, request, sent_again=link(request, here))
        if not isinstance(post, Post):
            return post
        try:
            report = await run_in_threadpool(self._write, post.principal, coalition_id, post.form)
        except (NotFound, PermissionDenied):
            return not_found(request, post.principal)
        if report.problems:  # the network changed since the check: show what is wrong now
            return await run_in_threadpool(lambda: self._page(request, post.principal, status=422, report=report))
        target = link(request, here)
        written = sum(report.nodes.values()) + sum(report.ties.values())
        return RedirectResponse(f"{target}{'&' if '?' in target else '?'}written={written}", status_code=303,
                                headers=HEADERS)

    def _write(self, principal: Principal, coalition_id: str, form: FormData) -> ImportReport:
        draft = self.services.import_drafts.take(principal, coalition_id, form.get("draft", ""))
        return self.services.importer.run(principal, coalition_id, draft.content, draft.file_format)

    # ------------------------------------------------------------------ downloads
    def template(self, request: Request, principal: Principal) -> Response:
        name = request.path_params["name"]
        if name == "kansrijke-start-import.xlsx":
            return attachment(template_xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name)
        sheet = name.removesuffix(".csv")
        if name.endswith(".csv") and sheet in SHEETS:
            return attachment(template_csv(sheet), "text/csv; charset=utf-8", name)
        raise NotFound("no such template", field="name")

    def download(self, request: Request, principal: Principal) -> Response:
        coalition_id, name = request.path_params["coalition_id"], request.path_params["name"]
        network = self.services.network
        network.require_full_read(principal, coalition_id, "export")
        if name == f"{coalition_id}.xlsx":
            return attachment(export_xlsx(network, principal, coalition_id),
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name)
        file_format = {".csv": "csv"}.get(PurePath(name).suffix, PurePath(name).suffix.lstrip("."))
        if file_format not in FORMATS:
            raise NotFound("no such export", field="name")
        for file in export(network, principal, coalition_id, file_format):
            if file.name == name:
                return attachment(file.content, f"{file.media_type}; charset=utf-8", name)
        raise NotFound("no such export", field="name")

    def routes(self) -> list[Route]:
        base = "/app/coalitions/{coalition_id}/importeren"
        return [
            Route(base, signed_in(self.pages, self.overview), methods=["GET"]),
            Route(base, self.upload, methods=["POST"]),
            Route(f"{base}/bevestigen", self.confirm, methods=["POST"]),
            Route(base + "/sjablonen/{name}", signed_in(self.pages, self.template), methods=["GET"]),
            Route("/app/coalitions/{coalition_id}/export/{name}", signed_in(self.pages, self.download), methods=["GET"]),
        ]
