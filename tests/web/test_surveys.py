"""The partner survey over HTTP: the coordinator starts a round, hands out the personal links and
follows who answered; a partner answers through her link one step at a time, saves and comes back,
and sends; the coordinator accepts what both sides agree on in bulk, resolves a disagreement, and
only then are there ties in the network, with the round as their source. A revoked, changed or
unknown link gets one friendly page; a link reaches nothing else."""

from __future__ import annotations

import csv
import io
import re

from graph_service.web.sessions import COOKIE
from tests.web.test_finding_reviews import signed_in
from tests.web.test_partner_forms import hidden

A, B = "kansrijk-dijkhaven", "kansrijk-buurdorp"
ROUNDS = f"/app/coalitions/{A}/metingen"


def start_round(browser, title: str = "Meting najaar 2026") -> tuple[str, dict[str, str]]:
    """The round's address and the personal link per organisation name, from the CSV."""
    form = browser.get(ROUNDS).text
    started = browser.post(ROUNDS, data={**hidden(form.split('action="/app/coalitions/kansrijk-dijkhaven/metingen"')[1]),
                                         "title": title, "closes_on": "2027-01-31",
                                         "members": re.findall(r'name="members" value="([^"]+)"', form),
                                         "questions": ["tie_kind", "frequency", "quality", "since", "communities"]},
                           follow_redirects=False)
    assert started.status_code == 303, started.text[:500]
    here = started.headers["location"].split("?")[0]
    rows = list(csv.reader(io.StringIO(browser.get(f"{here}/links.csv").text)))
    assert rows[0] == ["organisatie", "persoon", "link"]
    return here, {name: url.split("testserver", 1)[1] for name, person, url in rows[1:] if not person}


def answer(client, link: str, picks: dict[str, dict[str, str]], communities: list[str] = ()) -> None:
    """Go through every step of a link as a respondent: pick members by name, answer about each."""
    first = client.get(link, follow_redirects=True)
    assert "Stap 1 van" in first.text
    ids = {name: value for value, name in re.findall(r'name="picked" value="([^"]+)" id="[^"]+">\s*<label[^>]*>([^<]+)<',
                                                     first.text)}
    step = first.url.path
    answer_ = client.post(step, data={"picked": [ids[name] for name in picks]}, follow_redirects=True)
    for _ in picks:
        name = re.search(r"Uw samenwerking met ([^<]+)</h1>", answer_.text).group(1)
        answer_ = client.post(answer_.url.path, data=picks[name], follow_redirects=True)
    if "Welke gemeenschappen bereikt u?" in answer_.text:
        chosen = [v for v, n in re.findall(r'name="communities" value="([^"]+)" id="[^"]+">\s*<label[^>]*>([^<]+)<',
                                           answer_.text) if n in communities]
        answer_ = client.post(answer_.url.path, data={"communities": chosen}, follow_redirects=True)
    assert "Kijk alles na en verstuur" in answer_.text
    sent = client.post(answer_.url.path, data={}, follow_redirects=True)
    assert "Verstuurd. Dank u wel!" in sent.text


WORK = {"tie_kind": "collaboration", "frequency": "weekly", "quality": "4", "since": "2025-03-01"}


def test_a_round_runs_from_links_to_accepted_ties(embedded_demo):
    coordinator = signed_in(embedded_demo)
    here, links = start_round(coordinator)
    assert "0 van de" in coordinator.get(here).text
    respondent = embedded_demo.client.__class__(embedded_demo.client.app)  # no cookie: only the link
    answer(respondent, links["Rivierwonen"], {"JGZ Dijkhaven (consultatiebureau)": WORK,
                                              "MBO Rivierland (opleiding zorg)": {**WORK, "tie_kind": "referral"}},
           communities=["Eritrese gemeenschap"])
    answer(respondent, links["JGZ Dijkhaven (consultatiebureau)"], {"Rivierwonen": WORK})
    answer(respondent, links["MBO Rivierland (opleiding zorg)"], {"Rivierwonen": {**WORK, "tie_kind": "agreement"}})
    own = respondent.get(links["Rivierwonen"], follow_redirects=True).text  # her check page: her answers only
    assert "We verwijzen naar hen" in own and "We hebben een afspraak" not in own
    page = coordinator.get(here).text
    assert re.search(r"3 van de \d+ partners stuurden hun antwoorden", page)
    assert "Neem alle relaties over waarover beide kanten het eens zijn (1)" in page
    assert "Ze zeggen iets anders" in page
    bulk = page.split('action="' + here + '/overnemen"')[1].split("</form>")[0]
    accepted = coordinator.post(f"{here}/overnemen", data={**hidden(bulk), "answers": re.findall(
        r'name="answers" value="([^"]+)"', bulk)}, follow_redirects=False)
    assert accepted.status_code == 303
    page = coordinator.get(here).text
    differ = page.split("Ze zeggen iets anders")[0].rsplit("<section", 1)[1] + page.split("Ze zeggen iets anders")[1]
    form = differ.split('action="' + here + '/overnemen"')[1].split("</form>")[0]
    coordinator.post(f"{here}/overnemen", data={**hidden(form), "answers": re.findall(
        r'name="answers" value="([^"]+)"', form), "tie_kind": "agreement"})
    assert "Er zijn geen antwoorden om te beoordelen." in coordinator.get(here).text
    ties = coordinator.get(f"/app/coalitions/{A}/partners/woon-rivier").text.split('id="relaties"')[1]
    assert "werkt samen met" in ties and "JGZ Dijkhaven (consultatiebureau)" in ties
    assert "convenant met" in ties and "MBO Rivierland" in ties
    assert "Uit meting: Meting najaar 2026" in ties  # the round is the source
    frame = coordinator.get(f"/maps/coalition/{A}?people=0").text
    assert "uit meting: Meting najaar 2026" in frame  # on the map too
    history = coordinator.get(f"/app/coalitions/{A}/partners/woon-rivier").text.split('id="geschiedenis"')[1]
    assert "Relatie toegevoegd" in history and "Fatima de Vries" in history


def test_people_within_a_partner_get_a_link_each_and_answer_for_their_part(embedded_demo):
    coordinator = signed_in(embedded_demo)
    here, links = start_round(coordinator)
    page = coordinator.get(here).text
    form = page.split('action="' + here + '/persoon"')[1].split("</form>")[0]
    jgz = re.search(r'<option value="([^"]+)">JGZ Dijkhaven', form).group(1)
    empty = coordinator.post(f"{here}/persoon", data={**hidden(form), "member": jgz, "person": "  "})
    assert empty.status_code == 422 and 'href="#veld-person"' in empty.text
    page = coordinator.get(here).text
    form = page.split('action="' + here + '/persoon"')[1].split("</form>")[0]
    made = coordinator.post(f"{here}/persoon", data={**hidden(form), "member": jgz, "person": "Team Oost"},
                            follow_redirects=False)
    assert made.status_code == 303
    rows = list(csv.reader(io.StringIO(coordinator.get(f"{here}/links.csv").text)))
    person_link = next(url for name, person, url in rows if person == "Team Oost").split("testserver", 1)[1]
    assert person_link != links["JGZ Dijkhaven (consultatiebureau)"]
    respondent = embedded_demo.client.__class__(embedded_demo.client.app)
    first = respondent.get(person_link, follow_redirects=True).text
    assert "JGZ Dijkhaven (consultatiebureau) (Team Oost)" in first
    answer(respondent, person_link, {"Rivierwonen": WORK})
    answer(respondent, links["Rivierwonen"], {"JGZ Dijkhaven (consultatiebureau)": WORK})
    own = respondent.get(links["JGZ Dijkhaven (consultatiebureau)"], follow_redirects=True).text
    assert "Stap 1 van" in own and "checked" not in own  # the member's own link: her colleague's picks are not here
    page = coordinator.get(here).text
    assert re.search(r"2 van de \d+ partners stuurden hun antwoorden", page)  # JGZ answered, through Team Oost
    assert "JGZ Dijkhaven (consultatiebureau) (Team Oost) zegt" in page
    assert "Neem alle relaties over waarover beide kanten het eens zijn (1)" in page


def test_a_respondent_saves_halfway_comes_back_and_her_bad_input_is_named(embedded_demo):
    coordinator = signed_in(embedded_demo)
    here, links = start_round(coordinator)
    respondent = embedded_demo.client.__class__(embedded_demo.client.app)
    first = respondent.get(links["Rivierwonen"], follow_redirects=True)
    jgz = re.search(r'name="picked" value="([^"]+)" id="[^"]+">\s*<label[^>]*>JGZ Dijkhaven', first.text).group(1)
    second = respondent.post(first.url.path, data={"picked": [jgz], "suggested": "<b>Buurtmoeders</b>"},
                             follow_redirects=True)
    refused = respondent.post(second.url.path, data={**WORK, "quality": "7"})
    assert refused.status_code == 422 and 'href="#veld-quality"' in refused.text
    again = respondent.get(links["Rivierwonen"], follow_redirects=True)  # later, through the same link
    assert f'value="{jgz}" id="veld-picked-' in again.text and "checked" in again.text.split(jgz)[1][:60]
    assert "Begonnen" in coordinator.get(here).text
    page = coordinator.get(here).text
    assert "&lt;b&gt;Buurtmoeders&lt;/b&gt; (genoemd door Rivierwonen)" in page  # a suggested partner, as text
    add = re.search(r'href="(/app/coalitions/kansrijk-dijkhaven/partners/new\?name=[^"]+)">Voeg toe als partner', page)
    assert 'value="&lt;b&gt;Buurtmoeders&lt;/b&gt;"' in coordinator.get(add.group(1).replace("&amp;", "&")).text
    stranger = respondent.post(first.url.path, data={"picked": ["gem-buur"]})
    assert stranger.status_code == 422  # only members of this round's coalition


def test_a_revoked_changed_or_unknown_link_gets_one_friendly_page(embedded_demo):
    coordinator = signed_in(embedded_demo)
    here, links = start_round(coordinator)
    link = links["Rivierwonen"]
    member = link.split(".")[1]
    form = coordinator.get(here).text.split(f'name="member" value="{member}"')[0].rsplit("<form", 1)[1]
    coordinator.post(f"{here}/intrekken", data={**hidden(form), "member": member})
    respondent = embedded_demo.client.__class__(embedded_demo.client.app)
    revoked = respondent.get(link, follow_redirects=True)
    other = links["JGZ Dijkhaven (consultatiebureau)"]
    changed = respondent.get(other.replace(other.split(".")[1], member))
    unknown = respondent.get("/meting/abc.def.0123456789abcdef0123456789abcdef")
    pages = {r.status_code for r in (revoked, changed, unknown)}
    assert pages == {404}
    assert revoked.text.split("<main")[1] == unknown.text.split("<main")[1] == changed.text.split("<main")[1]
    assert "Dijkhaven" not in revoked.text.split("<main")[1]
    assert "ingetrokken" in coordinator.get(here).text


def test_a_link_reaches_nothing_but_its_own_steps(embedded_demo):
    coordinator = signed_in(embedded_demo)
    _, links = start_round(coordinator)
    respondent = embedded_demo.client.__class__(embedded_demo.client.app)
    token = links["Rivierwonen"].split("/meting/")[1]
    assert respondent.get(links["Rivierwonen"], follow_redirects=True).status_code == 200
    assert respondent.get(f"/app/coalitions/{A}", follow_redirects=False).headers["location"].startswith("/signin")
    assert respondent.get(f"/maps/coalition/{A}", follow_redirects=False).status_code in (303, 401)
    api = respondent.post("/graphql", json={"query": "{ me { role } }"}, headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 401
    page = respondent.get(links["Rivierwonen"], follow_redirects=True).text
    for private in ("Zonnebloem", "Lavendel", "Klaproos", "Sanne", "Kees Yilmaz"):  # no family, no people
        assert private not in page, private


def test_only_the_coalitions_coordinator_runs_its_surveys(embedded_demo):
    coordinator = signed_in(embedded_demo)
    here, _ = start_round(coordinator)
    for role, scope in (("coordinator", {"coalitions": [B]}), ("evaluator", {"coalitions": [A]}),
                        ("worker", {"professional": "prof-048"})):
        other = signed_in(embedded_demo, role, **scope)
        assert other.get(ROUNDS).status_code == 404, role
        assert other.get(here).status_code == 404 and other.get(f"{here}/links.csv").status_code == 404, role
        assert other.get(f"{here}/invullen/woon-rivier").status_code == 404, role
        sessions = embedded_demo.client.app.state.sessions
        form = {"csrf": sessions.csrf_token(other.cookies.get(COOKIE)), "form_id": f"f-{role}-{scope}"}
        for action, data in (("intrekken", {"member": "woon-rivier"}), ("sluiten", {}), ("overnemen", {"answers": "x"}),
                             ("afwijzen", {"answers": "x"})):
            assert other.post(f"{here}/{action}", data={**form, **data, "form_id": f"{form['form_id']}-{action}"}
                              ).status_code == 404, (role, action)
        assert other.post(ROUNDS, data={**form, "form_id": f"{form['form_id']}-new", "title": "x",
                                        "closes_on": "2099-01-01", "members": ["woon-rivier"]}).status_code == 404


def test_a_link_has_its_own_budget_of_requests(embedded_store, data_dir):
    from starlette.testclient import TestClient

    from graph_service.api.app import create_app
    from graph_service.bootstrap import Services
    from graph_service.config import Settings
    from graph_service.services.principal import SYSTEM
    from tests.conftest import load_demo_snapshot

    settings = Settings(data_dir=data_dir, rate_limit_per_minute=4, signin_rate_limit_per_minute=0,
                        auth_failure_limit_per_minute=0)
    services = Services(embedded_store, settings)
    client = TestClient(create_app(embedded_store, settings, services))
    load_demo_snapshot(embedded_store, services.audit)
    round_ = services.surveys.start(SYSTEM, A, "Meting", "2099-01-01", ["woon-rivier", "jgz-dijk"])
    link = f"/meting/{services.surveys.link_token(round_['id'], 'woon-rivier')}"
    answers = [client.get(link, follow_redirects=False).status_code for _ in range(6)]
    assert answers[:4] == [303] * 4 and answers[4] == 429
    assert "Wacht een minuut" in client.get(link).text
    other = f"/meting/{services.surveys.link_token(round_['id'], 'jgz-dijk')}"
    assert client.get(other, follow_redirects=False).status_code == 303  # another link has its own budget
