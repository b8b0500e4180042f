"""Commands on the coalition network: maps, tokens, import, export, analysis and the schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import UsageError, opened_store, services, settings_of


def _render(args: argparse.Namespace, build) -> int:  # type: ignore[no-untyped-def]
    """Open the store, build the map page as the operator (audited where it touches a family), export it."""
    from ..maps.export import export_page
    from ..services.principal import SYSTEM

    settings = settings_of(args)
    with opened_store(settings) as store:
        page = build(services(store, settings).maps, SYSTEM)
    out = Path(args.out)
    export_page(page, out)
    print(f"{args.render_command} map written to {out}")
    return 0

def cmd_render_coalition(args: argparse.Namespace) -> int:
    filters = {"domain": args.domain, "phase": args.phase, "level": args.level, "tie": args.tie}
    return _render(args, lambda maps, who: maps.coalition(
        who, args.coalition, as_of=args.as_of, lang=args.lang, metric=args.metric, overlay=args.overlay,
        filters={k: v for k, v in filters.items() if v}))

def cmd_render_compare(args: argparse.Namespace) -> int:
    return _render(args, lambda maps, who: maps.compare(who, args.coalition, args.from_date, args.to_date,
                                                        lang=args.lang))

def cmd_render_domains(args: argparse.Namespace) -> int:
    others = [c for c in (args.compare or "").split(",") if c]
    return _render(args, lambda maps, who: maps.domains(who, args.coalition, others=others, as_of=args.as_of,
                                                        lang=args.lang))

def cmd_render_family(args: argparse.Namespace) -> int:
    return _render(args, lambda maps, who: maps.family(who, args.family, lang=args.lang))

def cmd_token_create(args: argparse.Namespace) -> int:
    from ..services.tokens import create_token

    with opened_store(settings_of(args)) as store:
        token, record = create_token(
            store, args.role, name=args.name or "", coalitions=args.coalition or [], professional=args.professional
        )
    print(f"token {record['id']} ({record['role']}) created; it is shown only now:")
    print(token)
    return 0

def cmd_token_list(args: argparse.Namespace) -> int:
    with opened_store(settings_of(args)) as store:
        tokens = store.list_tokens()
    for t in tokens:
        scope = ",".join(t.get("coalitions") or []) or t.get("professional") or "-"
        state = f"revoked {t['revoked']}" if t.get("revoked") else "active"
        print(f"{t['id']}  {t['role']:<11} {scope:<30} {t.get('name', '')}  ({state})")
    if not tokens:
        print("no tokens")
    return 0

def cmd_token_revoke(args: argparse.Namespace) -> int:
    with opened_store(settings_of(args)) as store:
        if not store.revoke_token(args.token_id):
            raise UsageError(f"no active token with id {args.token_id}")
    print(f"token {args.token_id} revoked")
    return 0

def _progress(done: int, total: int) -> None:
    """A progress bar on stderr for large files (only when stderr is a terminal or asked for)."""
    width = 30
    filled = int(width * done / max(total, 1))
    sys.stderr.write(f"\rchecking rows [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()

def cmd_import(args: argparse.Namespace) -> int:
    from ..services.principal import SYSTEM

    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"no file at {path}")
    file_format = args.format or path.suffix.lstrip(".").lower()
    content = path.read_bytes()
    settings = settings_of(args)
    with opened_store(settings) as store:
        report = services(store, settings).importer.run(
            SYSTEM, args.coalition, content, file_format, dry_run=args.dry_run,
            progress=_progress if (args.progress or sys.stderr.isatty()) else None,
        )
    print(f"{report.rows} rows checked")
    for problem in report.problems:
        print(f"  {problem}")
    if report.problems:
        print(f"{len(report.problems)} problems: nothing was written")
        return 1
    counts = ", ".join(f"{n} {k}" for k, n in sorted(report.nodes.items()))
    ties = ", ".join(f"{n} {k}" for k, n in sorted(report.ties.items()))
    verb = "would write" if report.dry_run else "written"
    print(f"{verb}: {counts or 'no nodes'}; ties: {ties or 'none'}")
    return 0

def cmd_export(args: argparse.Namespace) -> int:
    from ..services.exporter import export
    from ..services.principal import SYSTEM

    settings = settings_of(args)
    with opened_store(settings) as store:
        files = export(services(store, settings).network, SYSTEM, args.coalition, args.format, args.as_of)
    out = Path(args.out)
    if len(files) > 1 or out.is_dir():
        out.mkdir(parents=True, exist_ok=True)
        targets = [(out / f.name, f) for f in files]
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        targets = [(out, files[0])]
    for target, file in targets:
        target.write_text(file.content, encoding="utf-8")
        print(f"written {target}")
    return 0

def cmd_analyse(args: argparse.Namespace) -> int:
    import json

    from ..analysis.report import markdown_report
    from ..services.principal import SYSTEM

    settings = settings_of(args)
    with opened_store(settings) as store:
        result = services(store, settings).analysis.analyse(SYSTEM, args.coalition, args.as_of)
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=1, default=sorted))
    else:
        print(markdown_report(result, lang=args.lang))
    return 0

def cmd_schema(args: argparse.Namespace) -> int:
    from ..api.schema import build_schema
    from ..domain.vocabulary import load_vocabulary

    sdl = build_schema(load_vocabulary()).as_str() + "\n"
    if args.out:
        Path(args.out).write_text(sdl, encoding="utf-8")
        print(f"GraphQL schema written to {args.out}")
    else:
        sys.stdout.write(sdl)
    return 0
