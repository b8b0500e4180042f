"""Commands on family data, all of them audited: the audit log and erasure."""

from __future__ import annotations

import argparse

from .common import audit_log, card_service, opened_store, services, settings_of


def cmd_audit_verify(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    with opened_store(settings) as store:
        results = [(chain.path.name, chain.verify()) for chain in services(store, settings).audit.chains()]
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

    from ..services.principal import SYSTEM

    events = audit_log(settings_of(args)).show(SYSTEM, family=args.family, actor=args.user)
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
    from ..services.principal import SYSTEM

    settings = settings_of(args)
    days = settings.audit_retention_days if args.days is None else args.days
    removed = audit_log(settings).prune(SYSTEM, days)
    print(f"{removed} audit events older than {days} days removed; the chain still verifies from its anchor")
    return 0

def cmd_audit_emergencies(args: argparse.Namespace) -> int:
    from ..services.principal import SYSTEM

    settings = settings_of(args)
    with opened_store(settings) as store:
        grants = card_service(settings, store).emergency_grants(SYSTEM)
    for grant in grants:
        ended = f" (ended {grant['ended_at']} by {grant['ended_by']})" if grant.get("ended_at") else ""
        print(f"{grant['id']}  {grant['granted_at']} until {grant['expires_at']}{ended}  {grant['professional']}  "
              f"family {grant['family']} ({grant.get('coalition') or '-'}): {grant['reason']}")
    print(f"{len(grants)} emergency grants to review")
    return 0

def cmd_audit_end_emergency(args: argparse.Namespace) -> int:
    from ..services.principal import SYSTEM

    settings = settings_of(args)
    with opened_store(settings) as store:
        grant = card_service(settings, store).end_emergency_access(SYSTEM, args.grant)
    print(f"emergency access {grant['id']} of {grant['professional']} ended; the card is closed to her again")
    return 0

def cmd_family_erase(args: argparse.Namespace) -> int:
    from ..services.principal import SYSTEM

    settings = settings_of(args)
    with opened_store(settings) as store:
        card_service(settings, store).erase(SYSTEM, args.family, reason=args.reason)
    print(f"family {args.family} and its card are erased; the audit log records the erasure")
    return 0

def cmd_family_erase_expired(args: argparse.Namespace) -> int:
    from ..services.principal import SYSTEM

    settings = settings_of(args)
    months = settings.retention_months if args.months is None else args.months
    with opened_store(settings) as store:
        erased = card_service(settings, store).erase_expired(SYSTEM, months)
    print(f"{len(erased)} families erased whose child turned two more than {months} months ago")
    return 0
