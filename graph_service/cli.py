"""`coalition-map`: serve the service and manage its database.

One-shot commands work with no service running (they start the embedded database for themselves
and stop it after) and while `serve` runs on the same data directory (they attach to its socket).
Every failure a user can cause ends in one line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

from . import __version__
from .api import logs
from .bootstrap import Services
from .config import ConfigError, Settings
from .domain.errors import DomainError, StoreUnavailable
from .store.graph_store import GraphStore
from .store.migrations import ddl_family, latest_version

if TYPE_CHECKING:
    from .services.audit import AuditLog
    from .services.family_cards import FamilyCardService

PROG = "coalition-map"


class UsageError(Exception):
    """Bad configuration given on the command line or in the environment."""


def _settings(args: argparse.Namespace) -> Settings:
    try:
        base = Settings.from_env()
    except ValueError as exc:
        raise UsageError(f"bad configuration in the environment: {exc}") from None
    return base.with_overrides(
        data_dir=getattr(args, "data_dir", None),
        store_url=getattr(args, "store_url", None),
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
    )


@contextmanager
def _store(settings: Settings) -> Iterator[GraphStore]:
    from .store.factory import open_store

    store = open_store(settings, allow_attach=True)
    try:
        yield store
    finally:
        store.close()


# ---------------------------------------------------------------------- commands
def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .api.app import create_app
    from .services.demo import load_demo
    from .store.factory import open_store, open_store_waiting

    settings = _settings(args).with_overrides(dev_mode=True if args.dev else None)
    logs.configure()  # JSON lines on stderr, each with the request id of the request it belongs to
    try:
        store = open_store(settings, allow_attach=False, supervise=True)
    except StoreUnavailable as error:
        if not settings.store_url or args.demo:  # the embedded database is ours to start; the demo needs data
            raise
        print(f"the database is not reachable yet ({error.message}); serving /readyz 503 until it is", flush=True)
        store = open_store_waiting(settings)
    import scipy.sparse  # noqa: F401 - warm the scientific imports so the first analysis is not slow

    from .analysis import analyse  # noqa: F401
    services = Services(store, settings)
    try:
        if args.demo:
            from .services.tokens import renew_demo_admin_token

            written = load_demo(store, services.audit)
            print(f"demo data loaded: {written['nodes']} nodes, {written['ties']} ties, {written['families']} families")
            token = renew_demo_admin_token(store)
            print(f"demo admin token: {token}")  # the one of an earlier start no longer works
        app = create_app(store, settings, services)
        if args.demo:
            from .services.tokens import hash_token

            code = app.state.sessions.one_time_code(hash_token(token))
            minutes = app.state.sessions.code_seconds // 60
            print(f"open the maps: http://{settings.host}:{settings.port}/signin?code={code} "
                  f"(a one-time sign-in link, valid for {minutes} minutes)")
        print(f"serving on http://{settings.host}:{settings.port} (store: {store.backend.name})", flush=True)
        # our own access log (api/access_log.py) replaces uvicorn's, which would log query strings
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", access_log=False)
    finally:
        store.close()
    return 0


def cmd_db_init(args: argparse.Namespace) -> int:
    with _store(_settings(args)) as store:
        print(f"database ready: {store.backend.name}, schema version {store.schema_version()}")
    return 0


def cmd_db_status(args: argparse.Namespace) -> int:
    settings = _settings(args)
    with _store(settings) as store:
        backend = store.backend
        print(f"backend: {backend.name}")
        server = getattr(backend, "server", None)
        if backend.name == "falkordb-embedded":
            how = "started for this command" if server is not None else "attached to the running service"
            print(f"data directory: {settings.data_dir.absolute()} ({how})")
        print(f"schema version: {store.schema_version()} (latest {latest_version(ddl_family(backend))})")
        print(f"graph version: {store.graph_version()}")
        counts = store.counts()
        for section in ("nodes", "ties"):
            total = sum(counts[section].values())
            print(f"{section}: {total}")
            for kind, count in counts[section].items():
                print(f"  {kind}: {count}")
    return 0


def cmd_db_backup(args: argparse.Namespace) -> int:
    from .services.backup import backup

    with _store(_settings(args)) as store:
        counts = backup(store, Path(args.path))
    print(f"backup written to {args.path}: {counts['nodes']} nodes, {counts['ties']} ties")
    return 0


def cmd_db_restore(args: argparse.Namespace) -> int:
    from .services.backup import restore
    from .services.erasure_ledger import ErasureLedger
    from .services.principal import SYSTEM

    path = Path(args.path)
    if not path.is_file():
        raise UsageError(f"no backup file at {path}")
    settings = _settings(args)
    audit = _audit(settings)
    with _store(settings) as store:
        counts = restore(store, path, ErasureLedger.beside(audit.path))
        audit.anchors = store.shared
        audit.record(SYSTEM, "restore", family=None, what=f"graph restored from a backup; "
                     f"{counts['erased_again']} erased families erased again")
        audit.repair()  # the restored graph holds the backup's anchor: anchor the head again
    print(f"restored from {path}: {counts['nodes']} nodes, {counts['ties']} ties; erasure ledger: "
          f"{counts['erased_again']} of the restored families had been erased after the backup and were erased again")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from .services.demo import load_demo

    settings = _settings(args)
    with _store(settings) as store:
        written = load_demo(store, Services(store, settings).audit)
    print(f"demo data loaded: {written['nodes']} nodes, {written['ties']} ties, {written['families']} families")
    return 0


def _audit(settings: Settings) -> AuditLog:
    """The audit log for commands that run without the database (show, prune, restore); with a
    store, `Services.audit` anchors its head in the database."""
    from .services.audit import AuditLog

    return AuditLog.in_data_dir(settings.data_dir, settings.audit_key, replica=settings.replica)


def cmd_audit_verify(args: argparse.Namespace) -> int:
    settings = _settings(args)
    with _store(settings) as store:
        results = [(chain.path.name, chain.verify()) for chain in Services(store, settings).audit.chains()]
    for name, result in results:
        label = "audit log" if len(results) == 1 else f"audit chain {name}"
        if result.ok:
            print(f"{label} intact: {result.events} events")
        else:
            where = f"at line {result.broken_at}" if result.broken_at else "at its end"
            print(f"{label} broken {where}: {result.reason} ({result.events} events before it are intact)")
    return 0 if all(result.ok for _, result in results) else 1


def cmd_audit_show(args: argparse.Namespace) -> int:
    import json

    from .services.principal import SYSTEM

    events = _audit(_settings(args)).show(SYSTEM, family=args.family, actor=args.user)
    for event in events:
        if args.format == "json":
            print(json.dumps(event, ensure_ascii=False))
        else:
            who = event["actor"] + (f" ({event['professional']})" if event.get("professional") else "")
            behalf = f" namens {event['on_behalf_of']}" if event.get("on_behalf_of") else ""
            flag = " NOODTOEGANG" if event.get("emergency") else ""
            print(f"{event['at']}  {event['action']:<14} {event.get('family') or '-':<24} {who} [{event['role']}]"
                  f"{behalf}{flag}: {event['what']}")
    return 0


def cmd_audit_prune(args: argparse.Namespace) -> int:
    from .services.principal import SYSTEM

    settings = _settings(args)
    days = settings.audit_retention_days if args.days is None else args.days
    removed = _audit(settings).prune(SYSTEM, days)
    print(f"{removed} audit events older than {days} days removed; the chain still verifies from its anchor")
    return 0


def cmd_audit_emergencies(args: argparse.Namespace) -> int:
    from .services.principal import SYSTEM

    settings = _settings(args)
    with _store(settings) as store:
        grants = _cards(settings, store).emergency_grants(SYSTEM)
    for grant in grants:
        ended = f" (ended {grant['ended_at']} by {grant['ended_by']})" if grant.get("ended_at") else ""
        print(f"{grant['id']}  {grant['granted_at']} until {grant['expires_at']}{ended}  {grant['professional']}  "
              f"family {grant['family']} ({grant.get('coalition') or '-'}): {grant['reason']}")
    print(f"{len(grants)} emergency grants to review")
    return 0


def cmd_audit_end_emergency(args: argparse.Namespace) -> int:
    from .services.principal import SYSTEM

    settings = _settings(args)
    with _store(settings) as store:
        grant = _cards(settings, store).end_emergency_access(SYSTEM, args.grant)
    print(f"emergency access {grant['id']} of {grant['professional']} ended; the card is closed to her again")
    return 0


def _cards(settings: Settings, store: GraphStore) -> "FamilyCardService":
    return Services(store, settings).cards


def cmd_family_erase(args: argparse.Namespace) -> int:
    from .services.principal import SYSTEM

    settings = _settings(args)
    with _store(settings) as store:
        _cards(settings, store).erase(SYSTEM, args.family, reason=args.reason)
    print(f"family {args.family} and its card are erased; the audit log records the erasure")
    return 0


def cmd_family_erase_expired(args: argparse.Namespace) -> int:
    from .services.principal import SYSTEM

    settings = _settings(args)
    months = settings.retention_months if args.months is None else args.months
    with _store(settings) as store:
        erased = _cards(settings, store).erase_expired(SYSTEM, months)
    print(f"{len(erased)} families erased whose child turned two more than {months} months ago")
    return 0


def _render(args: argparse.Namespace, build) -> int:  # type: ignore[no-untyped-def]
    """Open the store, build the map page as the operator (audited where it touches a family), export it."""
    from .maps.export import export_page
    from .services.principal import SYSTEM

    settings = _settings(args)
    with _store(settings) as store:
        page = build(Services(store, settings).maps, SYSTEM)
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
    from .services.tokens import create_token

    with _store(_settings(args)) as store:
        token, record = create_token(
            store, args.role, name=args.name or "", coalitions=args.coalition or [], professional=args.professional
        )
    print(f"token {record['id']} ({record['role']}) created; it is shown only now:")
    print(token)
    return 0


def cmd_token_list(args: argparse.Namespace) -> int:
    with _store(_settings(args)) as store:
        tokens = store.list_tokens()
    for t in tokens:
        scope = ",".join(t.get("coalitions") or []) or t.get("professional") or "-"
        state = f"revoked {t['revoked']}" if t.get("revoked") else "active"
        print(f"{t['id']}  {t['role']:<11} {scope:<30} {t.get('name', '')}  ({state})")
    if not tokens:
        print("no tokens")
    return 0


def cmd_token_revoke(args: argparse.Namespace) -> int:
    with _store(_settings(args)) as store:
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
    from .services.principal import SYSTEM

    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"no file at {path}")
    file_format = args.format or path.suffix.lstrip(".").lower()
    content = path.read_bytes()
    settings = _settings(args)
    with _store(settings) as store:
        report = Services(store, settings).importer.run(
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
    from .services.exporter import export
    from .services.principal import SYSTEM

    settings = _settings(args)
    with _store(settings) as store:
        files = export(Services(store, settings).network, SYSTEM, args.coalition, args.format, args.as_of)
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

    from .analysis.report import markdown_report
    from .services.principal import SYSTEM

    settings = _settings(args)
    with _store(settings) as store:
        result = Services(store, settings).analysis.analyse(SYSTEM, args.coalition, args.as_of)
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=1, default=sorted))
    else:
        print(markdown_report(result, lang=args.lang))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .api.schema import build_schema
    from .domain.vocabulary import load_vocabulary

    sdl = build_schema(load_vocabulary()).as_str() + "\n"
    if args.out:
        Path(args.out).write_text(sdl, encoding="utf-8")
        print(f"GraphQL schema written to {args.out}")
    else:
        sys.stdout.write(sdl)
    return 0


# ---------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, help="embedded database directory (COALITION_DATA_DIR)")
    common.add_argument("--store-url", help="falkor://host:port or neo4j://host:7687 (COALITION_STORE_URL)")

    parser = argparse.ArgumentParser(prog=PROG, description="Kansrijke Start coalition network service")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", parents=[common], help="run the HTTP service")
    serve.add_argument("--host", help="address to listen on (COALITION_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (COALITION_PORT, default 8000)")
    serve.add_argument("--demo", action="store_true", help="load the demo data first")
    serve.add_argument("--dev", action="store_true", help="development mode (COALITION_DEV=1)")
    serve.set_defaults(handler=cmd_serve)

    db = commands.add_parser("db", help="manage the database")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("init", parents=[common], help="create the database and apply the schema").set_defaults(
        handler=cmd_db_init
    )
    db_commands.add_parser("status", parents=[common], help="backend, schema version and counts").set_defaults(
        handler=cmd_db_status
    )
    backup = db_commands.add_parser("backup", parents=[common], help="write every node and tie to a file")
    backup.add_argument("path")
    backup.set_defaults(handler=cmd_db_backup)
    restore = db_commands.add_parser("restore", parents=[common], help="replace the graph with a backup")
    restore.add_argument("path")
    restore.set_defaults(handler=cmd_db_restore)

    token = commands.add_parser("token", help="API bearer tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    create = token_commands.add_parser("create", parents=[common], help="create a token (printed once)")
    create.add_argument("--role", required=True, choices=["admin", "coordinator", "worker", "evaluator", "privacy_officer"])
    create.add_argument("--coalition", action="append", help="coalition a coordinator coordinates (repeatable)")
    create.add_argument("--professional", help="the professional node a worker is")
    create.add_argument("--name", help="who or what the token is for")
    create.set_defaults(handler=cmd_token_create)
    token_commands.add_parser("list", parents=[common], help="list tokens (never the tokens themselves)").set_defaults(
        handler=cmd_token_list
    )
    revoke = token_commands.add_parser("revoke", parents=[common], help="revoke a token by its id")
    revoke.add_argument("token_id")
    revoke.set_defaults(handler=cmd_token_revoke)

    importer = commands.add_parser("import", parents=[common], help="import a CSV or XLSX file into a coalition")
    importer.add_argument("file")
    importer.add_argument("--coalition", required=True)
    importer.add_argument("--format", choices=["csv", "xlsx"], help="default: from the file name")
    importer.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    importer.add_argument("--progress", action="store_true", help="show a progress bar even when not on a terminal")
    importer.set_defaults(handler=cmd_import)

    exporter = commands.add_parser("export", parents=[common], help="export a coalition's network")
    exporter.add_argument("--coalition", required=True)
    exporter.add_argument("--format", required=True, choices=["graphml", "gexf", "csv", "json"])
    exporter.add_argument("--out", required=True, help="file (or folder, for csv)")
    exporter.add_argument("--as-of", help="the network as it was on this date (yyyy-mm-dd)")
    exporter.set_defaults(handler=cmd_export)

    analyse = commands.add_parser("analyse", parents=[common], help="measure a coalition and list its gaps")
    analyse.add_argument("--coalition", required=True)
    analyse.add_argument("--as-of", help="the network as it was on this date (yyyy-mm-dd)")
    analyse.add_argument("--format", choices=["md", "json"], default="md")
    analyse.add_argument("--lang", choices=["nl", "en"], default="nl")
    analyse.set_defaults(handler=cmd_analyse)

    schema = commands.add_parser("schema", help="print the GraphQL schema (SDL) generated from the code")
    schema.add_argument("--out", help="write it to this file (graph_service/schema/schema.graphql in the repository)")
    schema.set_defaults(handler=cmd_schema)

    render = commands.add_parser("render", help="write a map as standalone HTML, PNG or PDF (by --out's suffix)")
    render_commands = render.add_subparsers(dest="render_command", required=True, metavar="MAP")
    out_help = "FILE.html (standalone), FILE.png (screenshot) or FILE.pdf (A3 poster); PNG/PDF need chromium"

    def render_parser(name: str, help_text: str, handler) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        sub = render_commands.add_parser(name, parents=[common], help=help_text)
        sub.add_argument("--out", required=True, help=out_help)
        sub.add_argument("--lang", choices=["nl", "en"], default="nl")
        sub.set_defaults(handler=handler)
        return sub

    coalition = render_parser("coalition", "a coalition map, optionally with its gaps", cmd_render_coalition)
    coalition.add_argument("coalition", help="the coalition id")
    coalition.add_argument("--overlay", action="store_true", help="mark the gaps: suggested ties, unreached, brokers")
    coalition.add_argument("--as-of", help="the network as it was on this date (yyyy-mm-dd)")
    coalition.add_argument("--metric", help="size by degree, betweenness or brokerage (default degree)")
    for name in ("domain", "phase", "level", "tie"):
        coalition.add_argument(f"--{name}", help=f"show only this {name} (a vocabulary id)")
    compare = render_parser("compare", "ties added and removed between two dates", cmd_render_compare)
    compare.add_argument("coalition")
    compare.add_argument("--from", dest="from_date", required=True, help="yyyy-mm-dd")
    compare.add_argument("--to", dest="to_date", required=True, help="yyyy-mm-dd")
    domains = render_parser("domains", "the cross-domain view with its heat map", cmd_render_domains)
    domains.add_argument("coalition")
    domains.add_argument("--compare", help="other coalitions for the side-by-side table, comma separated")
    domains.add_argument("--as-of", help="yyyy-mm-dd")
    family = render_parser("family", "a family's network card (audited)", cmd_render_family)
    family.add_argument("family", help="the family id")

    audit = commands.add_parser("audit", help="the audit log of family data")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    audit_commands.add_parser("verify", parents=[common], help="check that no line was changed or removed").set_defaults(
        handler=cmd_audit_verify)
    show = audit_commands.add_parser("show", parents=[common], help="one family's or one user's events (logged)")
    which = show.add_mutually_exclusive_group(required=True)
    which.add_argument("--family")
    which.add_argument("--user", help="a token id or a professional id")
    show.add_argument("--format", choices=["text", "json"], default="text")
    show.set_defaults(handler=cmd_audit_show)
    prune = audit_commands.add_parser("prune", parents=[common], help="drop events past the retention period")
    prune.add_argument("--days", type=int, help="keep this many days (default COALITION_AUDIT_RETENTION_DAYS, 1825)")
    prune.set_defaults(handler=cmd_audit_prune)
    audit_commands.add_parser("emergencies", parents=[common], help="every emergency access, for review (logged)"
                              ).set_defaults(handler=cmd_audit_emergencies)
    end = audit_commands.add_parser("end-emergency", parents=[common], help="end an emergency access at once (logged)")
    end.add_argument("grant", help="the grant id (see `audit emergencies`)")
    end.set_defaults(handler=cmd_audit_end_emergency)

    families = commands.add_parser("family", help="family cards: erasure")
    family_commands = families.add_subparsers(dest="family_command", required=True, metavar="ACTION")
    erase = family_commands.add_parser("erase", parents=[common], help="erase a family and its card (audited)")
    erase.add_argument("family")
    erase.add_argument("--reason", default="request", help="why (recorded in the audit log; no personal data)")
    erase.set_defaults(handler=cmd_family_erase)
    expired = family_commands.add_parser("erase-expired", parents=[common],
                                         help="erase cards past the retention period (COALITION_RETENTION_MONTHS)")
    expired.add_argument("--months", type=int, help="months after the child's second birthday (default: configuration)")
    expired.set_defaults(handler=cmd_family_erase_expired)

    seed = commands.add_parser("seed", help="load example data")
    seed_commands = seed.add_subparsers(dest="seed_command", required=True, metavar="DATASET")
    seed_commands.add_parser("demo", parents=[common], help="the demo coalition and families (idempotent)").set_defaults(
        handler=cmd_seed_demo
    )
    return parser


#: files the service writes (database, logs, backups, exports, keys) are the service user's only:
#: they hold special-category personal data, and other accounts on the host must not read them
PRIVATE_UMASK = 0o077


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(PRIVATE_UMASK)
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (DomainError, UsageError, ConfigError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
