"""The command line: every command, its options and its help text."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import __version__
from . import database, family_data, network
from .common import PROG


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
    serve.add_argument("--workers", type=int, help="server processes on the port (COALITION_WORKERS, default 1)")
    serve.set_defaults(handler=database.cmd_serve)

    db = commands.add_parser("db", help="manage the database")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("init", parents=[common], help="create the database and apply the schema").set_defaults(
        handler=database.cmd_db_init
    )
    db_commands.add_parser("status", parents=[common], help="backend, schema version and counts").set_defaults(
        handler=database.cmd_db_status
    )
    backup = db_commands.add_parser("backup", parents=[common], help="write every node and tie to a file")
    backup.add_argument("path")
    backup.set_defaults(handler=database.cmd_db_backup)
    restore = db_commands.add_parser("restore", parents=[common], help="replace the graph with a backup")
    restore.add_argument("path")
    restore.set_defaults(handler=database.cmd_db_restore)

    token = commands.add_parser("token", help="API bearer tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    create = token_commands.add_parser("create", parents=[common], help="create a token (printed once)")
    create.add_argument("--role", required=True, choices=["admin", "coordinator", "worker", "evaluator", "privacy_officer"])
    create.add_argument("--coalition", action="append", help="coalition a coordinator coordinates (repeatable)")
    create.add_argument("--professional", help="the professional node a worker is")
    create.add_argument("--name", help="who or what the token is for")
    create.set_defaults(handler=network.cmd_token_create)
    token_commands.add_parser("list", parents=[common], help="list tokens (never the tokens themselves)").set_defaults(
        handler=network.cmd_token_list
    )
    revoke = token_commands.add_parser("revoke", parents=[common], help="revoke a token by its id")
    revoke.add_argument("token_id")
    revoke.set_defaults(handler=network.cmd_token_revoke)

    importer = commands.add_parser("import", parents=[common], help="import a CSV or XLSX file into a coalition")
    importer.add_argument("file")
    importer.add_argument("--coalition", required=True)
    importer.add_argument("--format", choices=["csv", "xlsx"], help="default: from the file name")
    importer.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    importer.add_argument("--progress", action="store_true", help="show a progress bar even when not on a terminal")
    importer.set_defaults(handler=network.cmd_import)

    exporter = commands.add_parser("export", parents=[common], help="export a coalition's network")
    exporter.add_argument("--coalition", required=True)
    exporter.add_argument("--format", required=True, choices=["graphml", "gexf", "csv", "json"])
    exporter.add_argument("--out", required=True, help="file (or folder, for csv)")
    exporter.add_argument("--as-of", help="the network as it was on this date (yyyy-mm-dd)")
    exporter.set_defaults(handler=network.cmd_export)

    analyse = commands.add_parser("analyse", parents=[common], help="measure a coalition and list its gaps")
    analyse.add_argument("--coalition", required=True)
    analyse.add_argument("--as-of", help="the network as it was on this date (yyyy-mm-dd)")
    analyse.add_argument("--format", choices=["md", "json"], default="md")
    analyse.add_argument("--lang", choices=["nl", "en"], default="nl")
    analyse.set_defaults(handler=network.cmd_analyse)

    schema = commands.add_parser("schema", help="print the GraphQL schema (SDL) generated from the code")
    schema.add_argument("--out", help="write it to this file (graph_service/schema/schema.graphql in the repository)")
    schema.set_defaults(handler=network.cmd_schema)

    render = commands.add_parser("render", help="write a map as standalone HTML, PNG or PDF (by --out's suffix)")
    render_commands = render.add_subparsers(dest="render_command", required=True, metavar="MAP")
    out_help = "FILE.html (standalone), FILE.png (screenshot) or FILE.pdf (A3 poster); PNG/PDF need chromium"

    def render_parser(name: str, help_text: str, handler) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        sub = render_commands.add_parser(name, parents=[common], help=help_text)
        sub.add_argument("--out", required=True, help=out_help)
        sub.add_argument("--lang", choices=["nl", "en"], default="nl")
        sub.set_defaults(handler=handler)
        return sub

    coalition = render_parser("coalition", "a coalition map, optionally with its gaps", network.cmd_render_coalition)
    coalition.add_argument("coalition", help="the coalition id")
    coalition.add_argument("--overlay", action="store_true", help="mark the gaps: suggested ties, unreached, brokers")
    coalition.add_argument("--as-of", help="the network as it was on this date (yyyy-mm-dd)")
    coalition.add_argument("--metric", help="size by degree, betweenness or brokerage (default degree)")
    for name in ("domain", "phase", "level", "tie"):
        coalition.add_argument(f"--{name}", help=f"show only this {name} (a vocabulary id)")
    compare = render_parser("compare", "ties added and removed between two dates", network.cmd_render_compare)
    compare.add_argument("coalition")
    compare.add_argument("--from", dest="from_date", required=True, help="yyyy-mm-dd")
    compare.add_argument("--to", dest="to_date", required=True, help="yyyy-mm-dd")
    domains = render_parser("domains", "the cross-domain view with its heat map", network.cmd_render_domains)
    domains.add_argument("coalition")
    domains.add_argument("--compare", help="other coalitions for the side-by-side table, comma separated")
    domains.add_argument("--as-of", help="yyyy-mm-dd")
    family = render_parser("family", "a family's network card (audited)", network.cmd_render_family)
    family.add_argument("family", help="the family id")

    audit = commands.add_parser("audit", help="the audit log of family data")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    audit_commands.add_parser("verify", parents=[common], help="check that no line was changed or removed").set_defaults(
        handler=family_data.cmd_audit_verify)
    show = audit_commands.add_parser("show", parents=[common], help="one family's or one user's events (logged)")
    which = show.add_mutually_exclusive_group(required=True)
    which.add_argument("--family")
    which.add_argument("--user", help="a token id or a professional id")
    show.add_argument("--format", choices=["text", "json"], default="text")
    show.set_defaults(handler=family_data.cmd_audit_show)
    prune = audit_commands.add_parser("prune", parents=[common], help="drop events past the retention period")
    prune.add_argument("--days", type=int, help="keep this many days (default COALITION_AUDIT_RETENTION_DAYS, 1825)")
    prune.set_defaults(handler=family_data.cmd_audit_prune)
    audit_commands.add_parser("emergencies", parents=[common], help="every emergency access, for review (logged)"
                              ).set_defaults(handler=family_data.cmd_audit_emergencies)
    end = audit_commands.add_parser("end-emergency", parents=[common], help="end an emergency access at once (logged)")
    end.add_argument("grant", help="the grant id (see `audit emergencies`)")
    end.set_defaults(handler=family_data.cmd_audit_end_emergency)

    families = commands.add_parser("family", help="family cards: erasure")
    family_commands = families.add_subparsers(dest="family_command", required=True, metavar="ACTION")
    erase = family_commands.add_parser("erase", parents=[common], help="erase a family and its card (audited)")
    erase.add_argument("family")
    erase.add_argument("--reason", default="request", help="why (recorded in the audit log; no personal data)")
    erase.set_defaults(handler=family_data.cmd_family_erase)
    expired = family_commands.add_parser("erase-expired", parents=[common],
                                         help="erase cards past the retention period (COALITION_RETENTION_MONTHS)")
    expired.add_argument("--months", type=int, help="months after the child's second birthday (default: configuration)")
    expired.set_defaults(handler=family_data.cmd_family_erase_expired)

    seed = commands.add_parser("seed", help="load example data")
    seed_commands = seed.add_subparsers(dest="seed_command", required=True, metavar="DATASET")
    seed_commands.add_parser("demo", parents=[common], help="the demo coalition and families (idempotent)").set_defaults(
        handler=database.cmd_seed_demo
    )
    return parser
