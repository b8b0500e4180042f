"""A neighbourhood-team worker draws a family's network card with the parents, in headless
Chromium: on a tablet with touch (drag, tap-then-tap) and on a laptop by keyboard only. What she
sees is what was saved (every change autosaves, a reload shows it), undo restores the last change,
the printed card is one A4 page, and every read and change is in the audit log."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

WORKER = {"professional": "prof-048"}
TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True}
#: a point inside each ring, in the drawing's own units (rings end at 190, 330 and 470)
RING_POINT = {1: 120, 2: 260, 3: 400}


def start_card(page, label: str) -> str:
    page.get_by_label("Naam van de kaart").fill(label)
    page.get_by_label("Zwangerschapsweek").fill("24")
    page.get_by_label("Het is het eerste kind").check()
    page.get_by_label("De ouders geven toestemming").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Kaart beginnen").click()
    assert "Stap 1 van 7" in page.inner_text("main") and "Wie helpt u nu?" in page.inner_text("main")
    return re.search(r"/app/gezinnen/([^/?#]+)", page.url).group(1)


def quick_add(page, name: str, ring: int) -> None:
    page.locator("#toevoegen").get_by_label("Voornaam of rol").fill(name)
    page.locator("#toevoegen").locator(f"label[for=nieuw-ring-{ring}]").click()
    with page.expect_navigation():
        page.locator("#toevoegen").get_by_role("button", name="Toevoegen").click()
    assert "Alles is opgeslagen." in page.inner_text("main")


def person(page, name: str):
    return page.locator(f"a.card-person[aria-label^='{name},']")


def ring_of(page, name: str) -> str:
    return person(page, name).get_attribute("aria-label")


def screen_point(page, ring: int) -> tuple[float, float]:
    """A point of the left half of `ring` on the screen."""
    box = page.locator("svg.card-svg").bounding_box()
    assert box["y"] >= 0, "the card is in view"
    scale = box["width"] / 1120
    r = RING_POINT[ring] * scale * 0.7
    return box["x"] + box["width"] / 2 - r, box["y"] + box["height"] / 2 - r


def pdf_pages(tab, path: str) -> tuple[int, str]:
    answer = tab.page.request.get(tab.base_url + path)
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.body()))
    return len(reader.pages), " ".join(p.extract_text() for p in reader.pages)


def test_a_first_card_drawn_on_a_tablet_from_an_empty_start(visit, live_app):
    tab = visit(**TABLET)
    posts: list[str] = []
    tab.page.on("request", lambda r: posts.append(r.url) if r.method == "POST" and "/app/gezinnen/" in r.url else None)
    tab.sign_in(live_app.token("worker", **WORKER))
    page = tab.page
    assert page.url.endswith("/app/gezinnen") and "Mijn gezinnen" in page.inner_text("h1")
    family = start_card(page, "Gezin Zonnebloem")
    assert tab.serious_violations() == []

    # strengths first: who helps now, quick add by a first name or a role
    quick_add(page, "oma Ria", 2)
    quick_add(page, "buurvrouw Ans", 3)
    assert "cirkel 2" in ring_of(page, "oma Ria") and "cirkel 3" in ring_of(page, "buurvrouw Ans")

    # drag oma Ria into the inner ring
    page.locator("svg.card-svg").scroll_into_view_if_needed()
    box = person(page, "oma Ria").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 3)
    page.mouse.down()
    with page.expect_navigation():
        page.mouse.move(*screen_point(page, 1), steps=8)
        page.mouse.up()
    assert "cirkel 1 (heel dichtbij)" in ring_of(page, "oma Ria")

    # tap the neighbour, then tap the middle ring
    page.locator("svg.card-svg").scroll_into_view_if_needed()
    person(page, "buurvrouw Ans").tap()
    assert "Gekozen: buurvrouw Ans" in page.inner_text("#kaart-keuze")
    with page.expect_navigation():
        page.touchscreen.tap(*screen_point(page, 2))
    assert "cirkel 2 (dichtbij)" in ring_of(page, "buurvrouw Ans")

    # two people who know each other: tap both
    page.get_by_role("button", name="Kennen elkaar: tik op twee mensen").tap()
    person(page, "oma Ria").tap()
    with page.expect_navigation():
        person(page, "buurvrouw Ans").tap()
    assert "kent buurvrouw Ans" in ring_of(page, "oma Ria") and "kent oma Ria" in ring_of(page, "buurvrouw Ans")

    # a second tap opens her details: big toggles for the support she gives
    page.locator("svg.card-svg").scroll_into_view_if_needed()
    person(page, "oma Ria").tap()
    with page.expect_navigation():
        person(page, "oma Ria").tap()
    page.get_by_role("group", name="Luistert, troost").get_by_text("vaak").click()
    page.get_by_role("group", name="Helpt met dingen").get_by_text("soms").click()
    page.get_by_role("group", name="Kan deze persoon helpen in de kraamweek?").get_by_text("ja").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan", exact=True).click()
    assert "luistert, troost vaak, helpt met dingen soms" in ring_of(page, "oma Ria")
    assert tab.serious_violations() == []

    # professionals from the coalition's roster, and the coordinator
    page.goto(f"{tab.base_url}/app/gezinnen/{family}?stap=4")
    first = page.locator(".card-roster li").first
    professional = first.locator("span").inner_text().split(" (")[0]
    with page.expect_navigation():
        first.get_by_role("button").click()
    assert person(page, professional).count() == 1
    page.goto(f"{tab.base_url}/app/gezinnen/{family}?stap=5")
    page.locator("#regisseur").get_by_label("Kies de regisseur").select_option(label=professional)
    with page.expect_navigation():
        page.locator("#regisseur").get_by_role("button", name="Maak regisseur").click()
    assert f"{professional} is de regisseur." in page.inner_text("#regisseur")
    assert "regisseur" in ring_of(page, professional)

    # an agreement and a risk factor
    page.goto(f"{tab.base_url}/app/gezinnen/{family}?stap=6")
    page.get_by_label("Wat gaan we doen?").fill("Oma Ria vragen voor de kraamweek")
    page.locator("#veld-who").select_option(label="oma Ria")
    page.get_by_label("Wanneer klaar?").fill("2027-01-15")
    with page.expect_navigation():
        page.get_by_role("button", name="Afspraak toevoegen").click()
    assert "Oma Ria vragen voor de kraamweek: oma Ria (2027-01-15)" in page.inner_text("#afspraken")
    page.locator("#veld-factor-risk").select_option(value="debts")
    with page.expect_navigation():
        page.get_by_role("button", name="Factor vastleggen: risicofactor").click()
    assert "Geldzorgen of schulden" in page.inner_text("#factoren")

    # the signals appear as questions; one is not relevant for this family
    page.goto(f"{tab.base_url}/app/gezinnen/{family}?stap=7")
    signals = page.locator(".card-signal")
    assert signals.count() >= 1 and "?" in signals.first.locator("strong").inner_text()
    first_question = signals.first.locator("strong").inner_text()
    signals.first.get_by_label("Waarom niet?").fill("Vader regelt dit")
    with page.expect_navigation():
        signals.first.get_by_role("button", name="Niet van toepassing voor ons").click()
    assert "Niet van toepassing volgens het gezin. Vader regelt dit" in page.inner_text("#signalen")

    # undo restores the last change
    with page.expect_navigation():
        page.get_by_role("button", name="Laatste wijziging terugzetten").click()
    assert "Teruggezet." in page.inner_text("main")
    assert "Niet van toepassing volgens het gezin" not in page.inner_text("#signalen")
    assert first_question in page.inner_text("#signalen")

    # a version after the conversation, a change, a second version, and the two side by side
    page.goto(f"{tab.base_url}/app/gezinnen/{family}")
    with page.expect_navigation():
        page.get_by_role("button", name="Versie opslaan na dit gesprek").click()
    quick_add(page, "vriendin Mo", 2)
    page.locator("svg.card-svg").scroll_into_view_if_needed()
    person(page, "buurvrouw Ans").tap()
    with page.expect_navigation():
        page.touchscreen.tap(*screen_point(page, 1))
    page.locator("#veld-reason").select_option(label="Tussendoor")
    with page.expect_navigation():
        page.get_by_role("button", name="Versie opslaan na dit gesprek").click()
    page.goto(f"{tab.base_url}/app/gezinnen/{family}/versies")
    page.get_by_label("Eerste persoon").select_option(value="1")
    page.get_by_label("Tweede persoon").select_option(value="2")
    with page.expect_navigation():
        page.get_by_role("button", name="Vergelijken").click()
    changes = page.inner_text(".card-compare__lists")
    assert "Erbij gekomen\nvriendin Mo" in changes and "Dichterbij gekomen\nbuurvrouw Ans: cirkel 2 → 1" in changes
    assert page.locator(".card-compare svg").count() == 2
    assert tab.serious_violations() == []

    # a reload shows everything autosaved
    page.goto(f"{tab.base_url}/app/gezinnen/{family}")
    page.reload()
    for name in ("oma Ria", "buurvrouw Ans", "vriendin Mo", professional):
        assert person(page, name).count() == 1

    # the A4 card and the family's copy: one page each; the copy leaves the recorded factors out
    page.goto(f"{tab.base_url}/app/gezinnen/{family}/afdrukken")
    assert "Netwerkkaart van Gezin Zonnebloem" in page.inner_text("main") and tab.serious_violations() == []
    pages, text = pdf_pages(tab, f"/app/gezinnen/{family}/afdrukken.pdf")
    assert pages == 1 and "Geldzorgen" in text and "Legenda" in text
    pages, text = pdf_pages(tab, f"/app/gezinnen/{family}/afdrukken.pdf?kopie=gezin")
    assert pages == 1 and "Geldzorgen" not in text and "Oma Ria vragen voor de kraamweek" in text
    pages, _ = pdf_pages(tab, "/app/gezinnen/lege-kaart.pdf")
    assert pages == 1

    # the case list, and the audit: one line per change posted, every read logged, the chain intact
    page.goto(f"{tab.base_url}/app/gezinnen")
    row = page.locator("tr", has_text="Gezin Zonnebloem")
    assert "Zwanger, week 24" in row.inner_text() and professional in row.inner_text()
    events = live_app.audit.events(family=family)
    changes = [e for e in events if e["action"] == "change"]
    assert len(changes) == len([p for p in posts if "/versies" not in p])
    assert {e["action"] for e in events} <= {"create", "read", "change"}
    assert live_app.audit.verify().ok
    assert tab.elsewhere() == []


def press_button(tab, name: str) -> None:
    """Tab to a button or link with this text and press Enter (the page it opens is waited for)."""
    tab.tab_until(f"document.activeElement.textContent.trim() === {name!r}", limit=250)
    tab.follow()


def choose(tab, field_id: str, option_text: str) -> None:
    """Tab to a list box and pick an option by typing its first letters."""
    tab.tab_until(f"document.activeElement.id === {field_id!r}")
    tab.page.keyboard.type(option_text)


def test_the_same_card_by_keyboard_only(visit, live_app):
    tab = visit()
    tab.sign_in(live_app.token("worker", **WORKER))
    page = tab.page
    tab.tab_until("document.activeElement.id === 'veld-label'")
    page.keyboard.type("Gezin Klaproos")
    tab.tab_until("document.activeElement.id === 'veld-consent'")
    page.keyboard.press("Space")
    press_button(tab, "Kaart beginnen")
    family = re.search(r"/app/gezinnen/([^/?#]+)", page.url).group(1)

    # step 1: the young mother, then who helps
    tab.tab_until("document.activeElement.id === 'veld-label'")
    page.keyboard.type("Sanne")
    tab.tab_until("document.activeElement.id === 'veld-birth_year'")
    page.keyboard.type("2007")
    press_button(tab, "Gezinslid toevoegen")
    assert "Sanne (ouder, 2007)" in page.inner_text("#gezin")
    tab.tab_until("document.activeElement.id === 'veld-name'")
    page.keyboard.type("tante Noor")
    tab.tab_until("document.activeElement.name === 'ring'")
    page.keyboard.press("ArrowRight")  # from ring 2 to ring 3
    press_button(tab, "Toevoegen")
    assert "cirkel 3" in ring_of(page, "tante Noor")

    # on the card: the person by Tab, then key 1 moves her in; the focus comes back to her
    tab.tab_until("document.activeElement.matches('a.card-person')")
    tab.follow("1")
    assert "cirkel 1" in ring_of(page, "tante Noor")
    assert page.evaluate("document.activeElement.matches('a.card-person')")
    tab.follow("ArrowDown")
    assert "cirkel 2" in ring_of(page, "tante Noor")
    tab.follow("Enter")  # her details
    tab.tab_until("document.activeElement.name === 'emotional'")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    tab.tab_until("document.activeElement.id === 'persoon-opslaan'")
    tab.follow()
    assert "luistert, troost vaak" in ring_of(page, "tante Noor")
    assert tab.serious_violations() == []

    # undo, then the rest of the flow, step by step
    tab.tab_until("document.activeElement.id === 'terugzetten'")
    tab.follow()
    assert "luistert" not in ring_of(page, "tante Noor") and "Teruggezet." in page.inner_text("main")
    for _ in range(3):
        press_button(tab, "Volgende stap")
    assert "Stap 4 van 7" in page.inner_text("main")
    tab.tab_until("document.activeElement.textContent.trim() === 'Op de kaart zetten'")
    professional = page.evaluate("document.activeElement.closest('li').querySelector('span').textContent").split(" (")[0]
    tab.follow()
    assert person(page, professional).count() == 1
    press_button(tab, "Volgende stap")
    press_button(tab, "Maak regisseur")
    assert f"{professional} is de regisseur." in page.inner_text("#regisseur")
    press_button(tab, "Volgende stap")
    tab.tab_until("document.activeElement.id === 'veld-what'")
    page.keyboard.type("Tante Noor vragen om mee te gaan naar het consultatiebureau")
    press_button(tab, "Afspraak toevoegen")
    assert "Tante Noor vragen" in page.inner_text("#afspraken")
    choose(tab, "veld-factor-risk", "Roken")
    press_button(tab, "Factor vastleggen: risicofactor")
    assert "Roken" in page.inner_text("#factoren")
    press_button(tab, "Volgende stap")
    tab.tab_until("document.activeElement.textContent.trim() === 'Niet van toepassing voor ons'")
    tab.follow()
    assert "Niet van toepassing volgens het gezin." in page.inner_text("#signalen")

    # versions in free mode, a change, and the comparison
    press_button(tab, "Vrij tekenen (alles op één pagina)")
    press_button(tab, "Versie opslaan na dit gesprek")
    tab.tab_until("(document.activeElement.getAttribute('aria-label') || '').startsWith('tante Noor,')", limit=250)
    tab.follow("3")
    press_button(tab, "Versie opslaan na dit gesprek")
    press_button(tab, "Twee versies vergelijken")
    press_button(tab, "Vergelijken")
    assert "Verder weg" in page.inner_text(".card-compare__lists") and "cirkel 2 → 3" in page.inner_text(".card-compare__lists")
    assert tab.serious_violations() == []
    page.goto(f"{tab.base_url}/app/gezinnen/{family}")
    press_button(tab, "Kopie voor het gezin (zonder notities van hulpverleners)")
    assert "Tante Noor vragen" in page.inner_text("main") and "Roken" not in page.inner_text("main")
