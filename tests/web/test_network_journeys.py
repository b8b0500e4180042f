"""A coordinator keeps her network in headless Chromium, by what she sees on the page: she ties two
unconnected partners to others and sees the finding about them go once the analysis reruns,
imports a partner list after one correction, opens the map, saves a view and opens it again,
and does a tie with the keyboard only. axe checks each page; no request leaves the origin."""

from __future__ import annotations

import re

from playwright.sync_api import Page

A = "kansrijk-dijkhaven"
UNTIED = re.compile(r"in het sociaal domein zijn lid maar werken met niemand|(MBO Rivierland \(opleiding zorg\)|Rivierwonen) is lid maar werkt met niemand")


def add_tie(page: Page, partner: str, other: str) -> None:
    page.get_by_role("link", name="Partners", exact=True).click()
    page.get_by_label("Zoek op naam").fill(partner.split()[0])
    page.get_by_role("link", name=partner).click()
    page.get_by_role("link", name="Relatie toevoegen").click()
    page.get_by_label("Soort relatie").select_option(label=f"{partner} werkt samen met …")
    page.get_by_label("Met wie?").select_option(label=other)
    page.get_by_label("Hoe sterk is de samenwerking?").select_option(label="Werken samen")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("heading", name="Relaties").wait_for()


def test_tying_the_unconnected_partners_closes_their_finding(visit, live_app):
    tab = visit()
    tab.sign_in(live_app.token("coordinator", coalitions=[A]))
    page = tab.page
    untied = page.locator("article.app-finding", has_text=UNTIED)
    assert untied.count() == 1 and "Rivierwonen" in untied.inner_text()
    add_tie(page, "Rivierwonen", "JGZ Dijkhaven (consultatiebureau)")
    assert page.get_by_role("status").inner_text() == "Opgeslagen."
    assert page.get_by_role("link", name="JGZ Dijkhaven (consultatiebureau)").first.is_visible()
    assert tab.serious_violations() == []
    page.get_by_role("link", name="Kansrijke Start Dijkhaven").first.click()
    assert "Rivierwonen" not in untied.inner_text() and "MBO Rivierland" in untied.inner_text()
    add_tie(page, "MBO Rivierland (opleiding zorg)", "Verloskundigenpraktijk Noord")
    page.get_by_role("link", name="Kansrijke Start Dijkhaven").first.click()
    assert untied.count() == 0  # the analysis reran: the finding is gone
    assert page.locator("article.app-finding", has_text="in het medisch domein").count() >= 1  # others stay
    assert tab.elsewhere() == []


def test_a_partner_list_is_imported_after_one_correction(visit, live_app):
    tab = visit()
    tab.sign_in(live_app.token("coordinator", coalitions=[A]))
    page = tab.page
    page.get_by_role("link", name="Inlezen en downloaden").click()
    assert tab.serious_violations() == []
    header = "id,naam,domein,soort organisatie,niveau\n"
    wrong = header + "mc-haven,Mamacafé De Haven,Sportclub,Vrijwilligersorganisatie,Uitvoering\n"
    page.get_by_label("Bestand (CSV of Excel, hoogstens 5 MB)").set_input_files(
        files=[{"name": "partners.csv", "mimeType": "text/csv", "buffer": wrong.encode()}])
    page.get_by_role("button", name="Controleer het bestand").click()
    assert "Er zijn 1 problemen. Er is niets opgeslagen." in page.get_by_role("alert").inner_text()
    assert "Sportclub" in page.get_by_role("table").inner_text()
    assert tab.serious_violations() == []
    right = wrong.replace("Sportclub", "Informeel netwerk en gemeenschap")
    page.get_by_label("Bestand (CSV of Excel, hoogstens 5 MB)").set_input_files(
        files=[{"name": "partners.csv", "mimeType": "text/csv", "buffer": right.encode()}])
    page.get_by_role("button", name="Controleer het bestand").click()
    assert page.get_by_text("Alles is goed. Dit wordt opgeslagen:").is_visible()
    page.get_by_role("button", name="Sla alles op").click()
    assert page.get_by_role("status").inner_text().startswith("Opgeslagen:")
    tab.go(f"/app/coalitions/{A}/partners?q=mamacaf")
    assert page.get_by_role("link", name="Mamacafé De Haven").is_visible()
    assert tab.elsewhere() == []


def test_the_map_a_saved_view_and_its_table(visit, live_app):
    tab = visit()
    tab.sign_in(live_app.token("coordinator", coalitions=[A]))
    page = tab.page
    page.get_by_role("link", name="Kaart van de coalitie").click()
    frame = page.frame_locator("iframe.app-map-frame")
    frame.locator("body[data-ready='1']").wait_for()  # the map drew itself inside the page
    assert "Kees Yilmaz" not in page.locator("#als-tabel + table").inner_text()  # organisations only
    page.get_by_label("Kijk naar één partner en met wie die werkt").select_option(label="Sociaal Wijkteam Noord")
    page.get_by_role("button", name="Toon").click()
    rows = page.locator("#als-tabel + table tbody tr")
    assert 1 < rows.count() < 40
    page.get_by_label("Naam voor deze weergave").fill("Wijkteam Noord en zijn partners")
    page.get_by_role("button", name="Bewaar deze weergave").click()
    assert page.get_by_role("status").inner_text().startswith("De weergave is bewaard.")
    tab.go(f"/app/coalitions/{A}/kaart")
    page.get_by_role("link", name="Wijkteam Noord en zijn partners").click()
    assert page.get_by_label("Kijk naar één partner en met wie die werkt").input_value() == "wt-noord"
    assert page.locator("#als-tabel + table tbody tr").count() == rows.count()
    assert tab.serious_violations() == []
    page.get_by_label("Van (datum)").fill("2020-06-01")
    page.get_by_label("Tot (datum)").fill("2022-01-01")
    page.get_by_role("button", name="Vergelijk").click()
    assert page.get_by_role("heading", name="Wat veranderde er in het netwerk?").is_visible()
    assert page.get_by_role("heading", name="Nieuwe relaties").is_visible()
    assert tab.serious_violations() == []
    assert tab.elsewhere() == []


def test_a_tie_is_added_with_the_keyboard_only(visit, live_app):
    tab = visit()
    tab.sign_in(live_app.token("coordinator", coalitions=[A]))
    page = tab.page
    tab.go(f"/app/coalitions/{A}/partners/woon-rivier/ties/new")

    def tab_to(label: str) -> None:
        tab.tab_until("document.activeElement.labels && document.activeElement.labels[0] "
                      f"&& document.activeElement.labels[0].textContent.trim() == {label!r}")

    tab_to("Soort relatie")
    page.keyboard.type("Rivierwonen werkt")  # a closed list answers to typing, as in every browser
    tab_to("Met wie?")
    page.keyboard.type("JGZ Dijk")
    tab_to("Hoe sterk is de samenwerking? (alleen bij samenwerken)")
    page.keyboard.type("Werken")
    tab.tab_until("document.activeElement.textContent == 'Opslaan'")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Relaties").wait_for()
    assert page.get_by_role("status").inner_text() == "Opgeslagen."
    assert "JGZ Dijkhaven (consultatiebureau)" in page.locator("table").first.inner_text()


def test_a_map_view_is_chosen_and_saved_with_the_keyboard_only(visit, live_app):
    tab = visit()
    tab.sign_in(live_app.token("coordinator", coalitions=[A]))
    page = tab.page
    tab.go(f"/app/coalitions/{A}/kaart")
    tab.tab_until("document.activeElement.id == 'veld-focus'")
    page.keyboard.type("Sociaal Wijkteam Noord")
    tab.tab_until("document.activeElement.textContent == 'Toon'")
    page.keyboard.press("Enter")
    page.wait_for_url("**focus=wt-noord**")
    tab.tab_until("document.activeElement.id == 'veld-name'")
    page.keyboard.type("Wijkteam Noord, met het toetsenbord")
    page.keyboard.press("Enter")  # Enter in a text field sends its form
    assert page.get_by_role("status").inner_text().startswith("De weergave is bewaard.")
    assert page.get_by_role("link", name="Wijkteam Noord, met het toetsenbord").is_visible()


def test_adding_a_partner_importing_a_list_and_the_report_with_the_keyboard_only(visit, live_app):
    tab = visit()
    tab.sign_in(live_app.token("coordinator", coalitions=[A]))
    page = tab.page
    focused_text = "document.activeElement.textContent.trim() == {!r}".format
    focused_field = "document.activeElement.id == {!r}".format
    tab.tab_until(focused_text("Partners"))  # from the home page, by the links a person sees
    tab.follow()
    tab.tab_until(focused_text("Partner toevoegen"))
    tab.follow()
    page.get_by_role("heading", name="Partner toevoegen").wait_for()
    tab.tab_until(focused_field("veld-name"))
    page.keyboard.type("Mamacafé Noord")
    tab.tab_until(focused_field("veld-domain"))
    page.keyboard.type("Informeel")
    tab.tab_until(focused_field("veld-organisation_type"))
    page.keyboard.type("Vrijwilligers")
    tab.tab_until(focused_field("veld-level"))
    page.keyboard.type("Uitvoering")
    tab.tab_until(focused_text("Opslaan"))
    tab.follow()
    assert page.get_by_role("heading", level=1).inner_text() == "Mamacafé Noord"
    tab.go(f"/app/coalitions/{A}/importeren")
    tab.tab_until(focused_field("veld-file"))
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")  # the file field opens the file chooser by key
    chooser.value.set_files(files=[{"name": "partners.csv", "mimeType": "text/csv", "buffer": (
        "id,naam,domein,soort organisatie,niveau\nmc-zuid,Mamacafé Zuid,Informeel netwerk en gemeenschap,"
        "Vrijwilligersorganisatie,Uitvoering\n").encode()}])
    tab.tab_until(focused_text("Controleer het bestand"))
    tab.follow()
    tab.tab_until(focused_text("Sla alles op"))
    tab.follow()
    assert page.get_by_role("status").inner_text().startswith("Opgeslagen:")
    tab.go(f"/app/coalitions/{A}")
    tab.tab_until(focused_text("Verslag voor het overleg (om af te drukken)"))
    tab.follow()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Verslag voor het overleg")
