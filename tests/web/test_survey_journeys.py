"""The partner survey in headless Chromium, by what people see: the coordinator starts a round and
downloads the links; three partners answer through theirs (one on a phone-sized screen, one with
the keyboard only, one who stops halfway and comes back); a revoked link is refused; the status
shows the rate; the coordinator accepts the agreeing tie in bulk and resolves a disagreement, and
the partner's page and the map show the accepted ties with the round as source. axe checks every
survey page; no request leaves the origin."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import Page

A = "kansrijk-dijkhaven"
WIJKTEAM, JGZ, MBO = "Rivierwonen", "JGZ Dijkhaven (consultatiebureau)", "MBO Rivierland (opleiding zorg)"


def start_round(tab) -> dict[str, str]:  # type: ignore[no-untyped-def]
    page = tab.page
    page.get_by_role("link", name="Metingen van de samenwerking").click()
    assert tab.serious_violations() == []
    page.get_by_label("Naam van de meting").fill("Meting najaar 2026")
    page.get_by_label("Partners kunnen antwoorden tot en met (datum)").fill("2027-01-31")
    page.get_by_label("Welk aanbod u heeft").uncheck()
    page.get_by_role("button", name="Start de meting").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Meting najaar 2026"
    assert tab.serious_violations() == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download de persoonlijke links (CSV, voor een mailing)").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    return {name: url for name, person, url in rows[1:] if not person}


def answer_by_pointer(tab, link: str, picks: dict[str, str], stop_after_members: bool = False) -> None:  # type: ignore[no-untyped-def]
    page: Page = tab.page
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Stap 1 van")
    assert tab.serious_violations() == []
    for name in picks:
        page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="Opslaan en verder").click()
    if stop_after_members:
        return
    for name, kind in picks.items():
        assert page.get_by_role("heading", level=1).inner_text().endswith(f"Uw samenwerking met {name}")
        page.get_by_label(kind, exact=True).check()
        page.get_by_label("Wekelijks").check()
        page.get_by_label("4: goed", exact=True).check()
        page.get_by_role("button", name="Opslaan en verder").click()
    if "Welke gemeenschappen" in page.get_by_role("heading", level=1).inner_text():
        page.get_by_role("button", name="Opslaan en verder").click()
    assert page.get_by_role("heading", level=1).inner_text().endswith("Kijk alles na en verstuur")
    assert tab.serious_violations() == []
    page.get_by_role("button", name="Verstuur").click()
    assert page.get_by_role("status").inner_text().startswith("Verstuurd. Dank u wel!")


def test_a_round_from_links_to_accepted_ties(visit, live_app):
    tab = visit()
    tab.sign_in(live_app.token("coordinator", coalitions=[A]))
    links = start_round(tab)
    round_page = tab.page.url

    on_phone = visit(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    answer_by_pointer(on_phone, links[WIJKTEAM], {JGZ: "We werken samen", MBO: "We verwijzen naar hen"})
    assert on_phone.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
    assert on_phone.elsewhere() == []

    later = visit()  # the MBO stops after the first step and comes back through the same link
    answer_by_pointer(later, links[MBO], {WIJKTEAM: "We hebben een afspraak of convenant"}, stop_after_members=True)
    later.page.goto(links[MBO])
    assert later.page.get_by_label(WIJKTEAM, exact=True).is_checked()
    answer_by_pointer(later, links[MBO], {WIJKTEAM: "We hebben een afspraak of convenant"})

    keyboard = visit()  # the JGZ answers with the keyboard only
    page = keyboard.page
    page.goto(links[JGZ])

    tab_until = keyboard.tab_until

    tab_until(f"document.activeElement.labels && document.activeElement.labels[0].textContent.trim() == '{WIJKTEAM}'")
    page.keyboard.press("Space")
    tab_until("document.activeElement.textContent.trim() == 'Opslaan en verder'")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=re.compile(f"Uw samenwerking met {WIJKTEAM}")).wait_for()
    for name, label in (("tie_kind", "We werken samen"), ("frequency", "Wekelijks"), ("quality", "4: goed")):
        tab_until(f"document.activeElement.name == '{name}'")
        for _ in range(8):
            if page.evaluate("document.activeElement.labels[0].textContent.trim()") == label:
                break
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Space")
    tab_until("document.activeElement.textContent.trim() == 'Opslaan en verder'")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=re.compile("Welke gemeenschappen")).wait_for()
    tab_until("document.activeElement.textContent.trim() == 'Opslaan en verder'")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=re.compile("Kijk alles na")).wait_for()
    assert f"{WIJKTEAM}: We werken samen, wekelijks, werkt 4 van 5" in page.locator("main").inner_text()
    tab_until("document.activeElement.textContent.trim() == 'Verstuur'")
    page.keyboard.press("Enter")
    assert page.get_by_role("status").inner_text().startswith("Verstuurd.")

    coordinator = tab.page
    coordinator.goto(round_page)
    coordinator.get_by_role("button", name=re.compile("^Trek de link in.*Basisschool De Rank$")).click()
    refused = visit()
    refused.page.goto(links["Basisschool De Rank"])
    assert refused.page.get_by_role("heading", level=1).inner_text() == "Meting van de samenwerking"
    assert "werkt niet (meer)" in refused.page.locator("main").inner_text()
    assert refused.serious_violations() == []

    coordinator.goto(round_page)
    assert re.search(r"3 van de \d+ partners stuurden hun antwoorden", coordinator.locator("main").inner_text())
    coordinator.get_by_role("button", name=re.compile("Neem alle relaties over waarover beide kanten het eens zijn")).click()
    differ = coordinator.locator("section", has_text="Ze zeggen iets anders")
    differ.get_by_label("Neem over als").select_option(label="We hebben een afspraak of convenant")
    differ.get_by_role("button", name=re.compile("^Neem over")).click()
    assert coordinator.get_by_text("Er zijn geen antwoorden om te beoordelen.").is_visible()
    assert tab.serious_violations() == []

    coordinator.goto(f"{live_app.base_url}/app/coalitions/{A}/partners/woon-rivier")
    ties = coordinator.locator("#relaties + p + table, #relaties ~ table").first.inner_text()
    assert JGZ in ties and "Uit meting: Meting najaar 2026" in ties and "convenant met" in ties
    coordinator.goto(f"{live_app.base_url}/maps/coalition/{A}")
    coordinator.locator("body[data-ready='1']").wait_for()
    tips = coordinator.evaluate("coalitionMap.data.edges.map(e => e.tooltip).join('\\n')")
    assert "uit meting: Meting najaar 2026" in tips
    assert tab.elsewhere() == [] and keyboard.elsewhere() == [] and later.elsewhere() == []
