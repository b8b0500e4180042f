"""A coordinator's first steps in headless Chromium, by what she sees on the page: sign in, read
her coalition's home, switch language, and do it all again with the keyboard only. axe checks
every page for WCAG 2.1 AA (and 2.2 AA); no request leaves the origin."""

from __future__ import annotations


A = "kansrijk-dijkhaven"


def test_a_coordinator_signs_in_and_reads_what_to_do_first(visit, live_app):
    tab = visit()
    tab.sign_in(live_app.token("coordinator", name="Coördinator Dijkhaven", coalitions=[A]))
    page = tab.page
    assert page.get_by_role("heading", level=1).inner_text() == "Kansrijke Start Dijkhaven"
    assert page.get_by_text("Ingelogd als").is_visible() and "coördinator" in page.locator("header").inner_text()
    first = page.get_by_role("region", name="Eerst doen").get_by_role("listitem")
    assert first.count() == 5 and "Begin met" in first.first.inner_text()
    assert page.get_by_text("62 partners doen mee.").is_visible()
    assert tab.serious_violations() == []
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", name="Key figures").is_visible()
    assert tab.serious_violations() == []
    assert tab.elsewhere() == []


def test_the_whole_walk_works_with_the_keyboard_only(visit, live_app):
    tab = visit()
    tab.sign_in(live_app.token("coordinator", coalitions=[A]))
    page = tab.page
    page.get_by_role("heading", level=1).wait_for()
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Ga direct naar de inhoud" and skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    # onwards from the content: the first link is the map with the gaps, reached and opened by key
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Bekijk de kaart met de witte vlekken":
            break
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # focus is visible
    page.keyboard.press("Enter")
    page.wait_for_url("**/maps/coalition/**")
    assert "overlay=1" in page.url


def test_pages_work_without_javascript(visit, live_app):
    tab = visit(javascript=False)
    tab.sign_in(live_app.token("admin"))
    page = tab.page
    assert page.get_by_role("heading", name="Uw coalities").is_visible()
    page.get_by_role("link", name="Kansrijke Start Buurdorp").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kansrijke Start Buurdorp"
    important = page.locator("details.app-group").first
    assert important.get_attribute("open") is not None  # the first group is open, the rest fold out by a click
    page.locator("details.app-group summary").nth(1).click()
    assert page.locator("details.app-group").nth(1).get_attribute("open") is not None


PAGES = ["/app", f"/app/coalitions/{A}", "/toegankelijkheid", "/app/nothing", f"/app/coalitions/{A}/partners/kz-wieg",
         f"/app/coalitions/{A}/partners/new", f"/app/coalitions/{A}/professionals?q=kees",
         f"/app/coalitions/{A}/partners/kz-wieg/ties/new", f"/app/coalitions/{A}/menukaart",
         f"/app/coalitions/{A}/kaart/verandering?from=2020-06-01&to=2022-01-01", f"/app/coalitions/{A}/verslag",
         f"/app/coalitions/{A}/importeren", f"/app/coalitions/{A}/metingen"]


def test_axe_finds_nothing_serious_on_any_page(visit, live_app):
    tab = visit()
    tab.sign_in(live_app.token("admin"))
    found = {}
    for path in PAGES:  # one sign-in, every page
        tab.go(path)
        found[path] = tab.serious_violations()
    assert {path: problems for path, problems in found.items() if problems} == {}
    assert tab.elsewhere() == []


def test_a_coordinator_marks_a_finding_as_planned_and_sees_it_kept(visit, live_app):
    tab = visit()
    tab.sign_in(live_app.token("coordinator", name="Fatima de Vries", coalitions=[A]))
    page = tab.page
    first = page.locator("article.app-finding").first
    first.get_by_role("button", name="Opslaan").click()  # nothing chosen: told at the field, nothing written
    summary = page.get_by_role("alert")
    assert "Dit is nog niet opgeslagen" in summary.inner_text()
    assert page.evaluate("document.activeElement.id").endswith("-fouten")  # the summary has the focus
    summary.get_by_role("link").click()
    first = page.locator("article.app-finding").first
    first.get_by_label("Actie gepland").check()
    first.get_by_label("Notitie (mag leeg blijven)").fill("Overleg met de huisartsen in maart")
    first.get_by_role("button", name="Opslaan").click()
    assert page.get_by_role("status").inner_text().startswith("Opgeslagen.")
    decided = page.locator("article.app-finding").first.locator(".app-decision").inner_text()
    assert "Actie gepland" in decided and "Fatima de Vries" in decided and "huisartsen in maart" in decided
    assert tab.serious_violations() == []
    assert tab.elsewhere() == []


def test_a_coordinator_finds_a_partner_and_opens_its_page(visit, live_app):
    tab = visit()
    tab.sign_in(live_app.token("coordinator", coalitions=[A]))
    page = tab.page
    page.get_by_role("link", name="Partners", exact=True).click()
    assert tab.serious_violations() == []
    page.get_by_label("Zoek op naam").fill("kraamzorg")  # htmx updates the table in place while she types
    page.get_by_role("link", name="Kraamzorg Rivierland").wait_for()
    assert page.get_by_role("status").inner_text() == "2 op deze pagina"
    assert "q=kraamzorg" in page.url  # the address follows, so back and a shared link give the same list
    page.get_by_role("link", name="Kraamzorg De Wieg").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kraamzorg De Wieg"
    assert page.get_by_text("Medisch domein").first.is_visible()
    assert tab.serious_violations() == []
    assert tab.elsewhere() == []


def test_the_partner_list_works_without_javascript(visit, live_app):
    tab = visit(javascript=False)
    tab.sign_in(live_app.token("coordinator", coalitions=[A]))
    page = tab.page
    tab.go(f"/app/coalitions/{A}/partners")
    page.get_by_label("Domein").select_option(label="Sociaal domein")
    page.get_by_role("button", name="Toon").click()
    rows = page.locator("tbody tr")
    assert rows.count() > 0 and all("Sociaal domein" in rows.nth(i).inner_text() for i in range(rows.count()))


def test_a_coordinator_adds_a_partner_after_one_correction(visit, live_app):
    tab = visit()
    tab.sign_in(live_app.token("coordinator", coalitions=[A]))
    page = tab.page
    tab.go(f"/app/coalitions/{A}/partners")
    page.get_by_role("link", name="Partner toevoegen").click()
    assert tab.serious_violations() == []
    page.get_by_label("Naam", exact=True).fill("Mamacafé De Haven")
    page.get_by_label("Soort organisatie").select_option(label="Vrijwilligersorganisatie")
    page.get_by_label("Niveau in de coalitie").select_option(index=1)
    page.get_by_role("button", name="Opslaan").click()  # no domain chosen: told so, with what she typed kept
    assert "Dit moet u invullen." in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Naam", exact=True).input_value() == "Mamacafé De Haven"
    assert tab.serious_violations() == []
    page.get_by_role("alert").get_by_role("link").click()
    page.get_by_label("Domein").select_option(label="Informeel netwerk en gemeenschap")
    page.get_by_label("Zwangerschap", exact=True).check()
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mamacafé De Haven"
    assert page.get_by_role("status").inner_text() == "Opgeslagen."
    assert tab.elsewhere() == []


def test_the_meeting_report_prints_without_buttons_or_menus(visit, live_app):
    tab = visit()
    tab.sign_in(live_app.token("coordinator", coalitions=[A]))
    page = tab.page
    page.get_by_role("link", name="Verslag voor het overleg (om af te drukken)").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Verslag voor het overleg: Kansrijke Start Dijkhaven"
    assert tab.serious_violations() == []
    page.emulate_media(media="print")
    assert not page.locator("header.app-header").is_visible() and not page.get_by_text("Download als tekstbestand").is_visible()
    assert page.get_by_role("heading", name="Kerncijfers").is_visible()
    pdf = page.pdf(format="A4")  # what "print to PDF" gives: a real document of a few pages
    assert pdf.startswith(b"%PDF") and 1 <= pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") <= 12
