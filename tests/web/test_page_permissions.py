"""The permission matrix of the web application: every page and every form of a coalition, for its
coordinator, the coordinator of another coalition, an evaluator, a worker in the coalition and
someone signed out. The answers follow the GraphQL matrix: a coordinator reads another coalition
as organisations only and changes nothing of it, an evaluator reads everything but people by name
and changes nothing, a worker reads her own coalition and changes nothing of it, and what a role
may not see answers exactly like what does not exist (the app's 404 page). A test at the end
fails when a page is added to the app without a row here.

Outcomes: ok (the page, or for a form: it reached the object, 303 or 422 with a message), none
(the 404 page), signin (sent to sign in)."""

from __future__ import annotations

import re
import secrets

import pytest
from starlette.routing import Mount

from graph_service.web.sessions import COOKIE
from tests.web.test_finding_reviews import signed_in

A, B = "kansrijk-dijkhaven", "kansrijk-buurdorp"
C = f"/app/coalitions/{A}"
ROLES = ("coordinator", "other", "evaluator", "worker", "nobody")
SCOPES = {"coordinator": ("coordinator", {"coalitions": [A]}), "other": ("coordinator", {"coalitions": [B]}),
          "evaluator": ("evaluator", {"coalitions": [A]}), "worker": ("worker", {"professional": "prof-048"})}


def row(coordinator: str, other: str, evaluator: str, worker: str) -> dict[str, str]:
    return {"coordinator": coordinator, "other": other, "evaluator": evaluator, "worker": worker}


READ_ALL = row("ok", "ok", "ok", "ok")  # organisations, communities, the offer: every reader
READ_FULL = row("ok", "none", "ok", "ok")  # the coalition as a whole: not a neighbour's coordinator
READ_PEOPLE = row("ok", "ok", "none", "ok")  # lists of people: evaluators never list people by name
READ_PERSON = row("ok", "none", "none", "ok")  # a person by real id
CHANGE = row("ok", "none", "none", "none")  # only her own coordinator changes the coalition

PAGES = {
    C: READ_FULL, f"{C}/verslag": READ_FULL, f"{C}/verslag.md": READ_FULL,
    f"{C}/partners": READ_ALL, f"{C}/partners/kz-wieg": READ_ALL, f"{C}/partners/new": CHANGE,
    f"{C}/partners/kz-wieg/edit": CHANGE, f"{C}/partners/kz-wieg/ties/new": CHANGE,
    f"{C}/professionals": READ_PEOPLE, f"{C}/professionals/prof-001": READ_PERSON,
    f"{C}/professionals/new": CHANGE, f"{C}/professionals/prof-001/edit": CHANGE,
    f"{C}/professionals/prof-001/ties/new": CHANGE,
    f"{C}/supporters": READ_PEOPLE, f"{C}/supporters/kf-turks": READ_PERSON, f"{C}/supporters/new": CHANGE,
    f"{C}/supporters/kf-turks/edit": CHANGE, f"{C}/supporters/kf-turks/ties/new": CHANGE,
    f"{C}/communities": READ_ALL, f"{C}/communities/com-eritrea": READ_ALL, f"{C}/communities/new": CHANGE,
    f"{C}/communities/com-eritrea/edit": CHANGE, f"{C}/communities/com-eritrea/ties/new": CHANGE,
    f"{C}/interventions": READ_ALL, f"{C}/interventions/int-precon": READ_ALL, f"{C}/interventions/new": CHANGE,
    f"{C}/interventions/int-precon/edit": CHANGE, f"{C}/interventions/int-precon/ties/new": CHANGE,
    f"{C}/neighbourhoods": READ_ALL, f"{C}/neighbourhoods/wijk-noord": READ_ALL,
    f"{C}/neighbourhoods/new": CHANGE, f"{C}/neighbourhoods/wijk-noord/edit": CHANGE,
    f"{C}/neighbourhoods/wijk-noord/ties/new": CHANGE,
    f"{C}/menukaart": READ_ALL, f"{C}/kaart": READ_FULL, f"{C}/kaart/verandering": READ_FULL,
    f"{C}/importeren": READ_FULL, f"{C}/importeren/sjablonen/partners.csv": READ_ALL,
    f"{C}/export/{A}.gexf": READ_FULL,
}
#: forms, with what the coalition's coordinator sends (a 422 with a message counts as reached)
FORMS = {
    f"{C}/findings": {"status": "discussed", "finding": "isolated_member:x"},
    f"{C}/partners/new": {"name": ""},
    f"{C}/partners/kz-wieg/edit": {"name": ""},
    f"{C}/partners/kz-wieg/ties/new": {"kind": "collaborates_with", "other": "wt-noord"},
    f"{C}/partners/kz-wieg/join": {"coalition": ""},
    f"{C}/partners/kz-wieg/end": {"tie_kind": "member_of", "tie": "demo-member-of-0004", "until": "nooit"},
    f"{C}/communities/new": {"name": ""},
    f"{C}/communities/com-eritrea/edit": {"name": ""},
    f"{C}/communities/com-eritrea/ties/new": {"kind": "", "other": ""},
    f"{C}/kaart/weergaven": {"name": ""},
    f"{C}/importeren": {},
}
#: every page and form of the app: their own rows are elsewhere (the survey's in test_surveys.py, the
#: family card's in test_card_editor_pages.py, the workspace's in test_workspace_pages.py), or they are
#: the same for everyone
OUTSIDE = {"/app", "/toegankelijkheid", f"{C}/importeren/bevestigen", f"{C}/kaart.pdf", f"{C}/verslag.pdf",
           f"{C}/metingen", f"{C}/metingen/x", f"{C}/metingen/x/links.csv", f"{C}/metingen/x/invullen/x",
           f"{C}/metingen/x/x", "/app/gezinnen", "/app/gezinnen/lege-kaart", "/app/gezinnen/lege-kaart.pdf",
           "/app/gezinnen/x", "/app/gezinnen/x/versies", "/app/gezinnen/x/afdrukken", "/app/gezinnen/x/afdrukken.pdf",
           "/app/gezinnen/x/x", "/app/evaluatie", "/app/evaluatie/vergelijken", "/app/evaluatie/rapport.xlsx",
           "/app/evaluatie/rapport.pdf", f"/app/evaluatie/{A}", f"/app/evaluatie/{A}/gezinnen",
           f"/app/evaluatie/{A}/grafiek/x.x"}


def outcome(answer) -> str:  # type: ignore[no-untyped-def]
    if answer.status_code == 303 and answer.headers["location"].startswith("/signin"):
        return "signin"
    if answer.status_code == 404:
        return "none"
    assert answer.status_code in (200, 303, 422), (answer.status_code, answer.text[:300])
    return "ok"


@pytest.fixture
def clients(embedded_demo):
    made = {}
    for name, (role, scope) in SCOPES.items():
        browser = signed_in(embedded_demo, role, **scope)
        made[name] = dict(browser.cookies)
    return embedded_demo, made


def ask(api, cookies: dict | None, method: str, path: str, data: dict | None = None):  # type: ignore[no-untyped-def]
    api.client.cookies.clear()
    for key, value in (cookies or {}).items():
        api.client.cookies.set(key, value)
    if method == "GET":
        return api.client.get(path, follow_redirects=False)
    sessions = api.client.app.state.sessions
    form = {"csrf": sessions.csrf_token((cookies or {}).get(COOKIE)) or "", "form_id": secrets.token_urlsafe(12),
            **(data or {})}
    return api.client.post(path, data=form, follow_redirects=False)


def wrong_answers(clients, rows: list[tuple[str, str, dict[str, str], dict | None]]) -> list[str]:
    """Every (method, path, expected outcome per role, form) asked as every role; what differs."""
    api, cookies = clients
    wrong = []
    for method, path, expected, data in rows:
        for role in ROLES:
            got = outcome(ask(api, cookies.get(role), method, path, data))
            want = "signin" if role == "nobody" else expected[role]
            if got != want:
                wrong.append(f"{method} {path} as {role}: {got}, expected {want}")
    return wrong


def test_every_page_answers_each_role_as_the_api_does(clients):
    assert wrong_answers(clients, [("GET", path, expected, None) for path, expected in PAGES.items()]) == []


def test_every_form_is_refused_to_all_but_the_coalitions_coordinator(clients):
    assert wrong_answers(clients, [("POST", path, CHANGE, data) for path, data in FORMS.items()]) == []


def test_a_checked_upload_is_confirmed_by_the_one_who_uploaded_it_only(clients):
    api, cookies = clients
    page = ask(api, cookies["coordinator"], "GET", f"{C}/importeren").text
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page.split("multipart")[1]))
    checked = api.client.post(f"{C}/importeren", data=fields, files={"file": ("p.csv", (
        "id,naam,domein,soort organisatie,niveau\nmc-x,Mamacafé X,Informeel netwerk en gemeenschap,"
        "Vrijwilligersorganisatie,Uitvoering\n").encode())})
    draft = re.search(r'name="draft" value="([^"]+)"', checked.text).group(1)
    for role in ("other", "evaluator", "worker"):
        assert outcome(ask(api, cookies[role], "POST", f"{C}/importeren/bevestigen", {"draft": draft})) == "none", role
    assert outcome(ask(api, None, "POST", f"{C}/importeren/bevestigen", {"draft": draft})) == "signin"
    confirmed = ask(api, cookies["coordinator"], "POST", f"{C}/importeren/bevestigen", {"draft": draft})
    assert confirmed.status_code == 303 and "written=" in confirmed.headers["location"]


def test_no_page_of_the_app_is_left_out_of_the_matrix(embedded_demo):
    sample = {"coalition_id": A, "node_id": "x", "name": "x", "round_id": "x", "member": "x", "action": "x",
              "family_id": "x", "chart": "x", "ext": "x"}
    covered = {re.sub(r"/(kz-wieg|prof-001|kf-turks|com-eritrea|int-precon|wijk-noord)(?=/|$)", "/x", p)
               for p in [*PAGES, *FORMS, *OUTSIDE]}
    covered = {re.sub(r"/(partners|professionals|supporters|communities|interventions|neighbourhoods)/", "/S/", p) for p in covered}
    covered = {re.sub(r"/(sjablonen|export)/[^/]+$", r"/\1/x", p) for p in covered}
    missing = []
    for route in embedded_demo.client.app.routes:
        if isinstance(route, Mount) or not route.path.startswith("/app"):
            continue
        path = re.sub(r"{(\w+)(:\w+)?}", lambda m: sample[m.group(1)], route.path)
        path = re.sub(r"/(partners|professionals|supporters|communities|interventions|neighbourhoods)/", "/S/", path)
        if path not in covered:
            missing.append(route.path)
    assert missing == []


def test_a_form_about_an_element_that_does_not_exist_is_the_404_page(clients):
    api, cookies = clients
    for path, data in ((f"{C}/partners/bestaat-niet/join", {"coalition": ""}),
                       (f"{C}/partners/bestaat-niet/end", {"tie_kind": "member_of", "tie": "x", "until": "nooit"}),
                       (f"{C}/partners/bestaat-niet/ties/new", {"kind": ""}),
                       (f"{C}/partners/bestaat-niet/edit", {"name": ""})):
        assert outcome(ask(api, cookies["coordinator"], "POST", path, data)) == "none", path
