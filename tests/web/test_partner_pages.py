"""The coalition's partners as pages, over HTTP: search, filter, sort and page
through the list; a partner's page tells its details in words and its ties with their dates."""

from __future__ import annotations

import re


A = "kansrijk-dijkhaven"
LIST = f"/app/coalitions/{A}/partners"


def get(api, path: str, token: str, **headers):
    return api.client.get(path, headers={"Authorization": f"Bearer {token}", **headers}, follow_redirects=False)


def names(html: str) -> list[str]:
    return re.findall(r'/partners/[^"]+">([^<]+)</a></td>', html)


def test_the_list_searches_filters_and_sorts_by_name(embedded_demo):
    token = embedded_demo.token("coordinator", coalitions=[A])
    found = names(get(embedded_demo, f"{LIST}?q=kraamzorg", token).text)
    assert found == ["Kraamzorg De Wieg", "Kraamzorg Rivierland"]
    medical = names(get(embedded_demo, f"{LIST}?domain=medical", token).text)
    assert "Kraamzorg De Wieg" in medical and "Sociaal Wijkteam Noord" not in medical
    backwards = names(get(embedded_demo, f"{LIST}?domain=medical&order=desc", token).text)
    assert backwards == sorted(backwards, key=str.lower, reverse=True) and set(backwards) == set(medical)


def test_a_long_list_pages_on_and_the_next_page_keeps_the_filter(embedded_demo):
    token = embedded_demo.token("coordinator", coalitions=[A])
    first = get(embedded_demo, LIST, token).text
    assert len(names(first)) == 25 and "25 op deze pagina" in first
    next_link = re.search(r'href="(/app/coalitions/[^"]+after=[^"]+)">Volgende pagina', first).group(1)
    second = names(get(embedded_demo, next_link.replace("&amp;", "&"), token).text)
    assert second and not set(second) & set(names(first))


def test_htmx_gets_the_table_only(embedded_demo):
    token = embedded_demo.token("coordinator", coalitions=[A])
    fragment = get(embedded_demo, f"{LIST}?q=kraamzorg", token, **{"HX-Request": "true"}).text
    assert "<html" not in fragment and "<table" in fragment and "Kraamzorg De Wieg" in fragment


def test_a_partner_page_tells_its_details_and_ties_in_words(embedded_demo):
    token = embedded_demo.token("coordinator", coalitions=[A])
    page = get(embedded_demo, f"{LIST}/kz-wieg", token).text
    assert "<h1 class=\"utrecht-heading-1\">Kraamzorg De Wieg</h1>" in page
    assert "<dt class=\"utrecht-data-list__item-key\">Domein</dt><dd class=\"utrecht-data-list__item-value\">Medisch domein" in page
    assert "Hoort bij" in page and "Kansrijke Start Dijkhaven" in page
    assert "kz-wieg" not in re.sub(r'(href|action|value)="[^"]*"', "", page.split("<main")[1])  # names, never ids (only in links)
    assert re.search(r"<td class=\"utrecht-table__cell\">\d{4}-\d\d-\d\d</td>", page)  # ties with their since


def test_a_partner_that_does_not_exist_is_the_404_page(embedded_demo):
    token = embedded_demo.token("coordinator", coalitions=[A])
    assert get(embedded_demo, f"{LIST}/no-such-partner", token).status_code == 404
    assert get(embedded_demo, f"/app/coalitions/{A}/partners/prof-048", token).status_code == 404  # not an organisation


def test_the_home_links_a_findings_partners_to_their_pages(embedded_demo):
    token = embedded_demo.token("coordinator", coalitions=[A])
    home = get(embedded_demo, f"/app/coalitions/{A}", token).text
    assert f'href="{LIST}/ha-molen">Huisartsenpraktijk De Molen</a>' in home


def test_the_list_filters_by_level_at_the_coalition_table(embedded_demo):
    token = embedded_demo.token("coordinator", coalitions=[A])
    governance = names(get(embedded_demo, f"{LIST}?level=governance", token).text)
    practice = names(get(embedded_demo, f"{LIST}?level=practice", token).text)
    assert governance and practice and not set(governance) & set(practice)
    assert "Gemeente Dijkhaven" in governance
