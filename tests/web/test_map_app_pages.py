"""The coalition map inside the web application, over HTTP: organisations only
until she asks for the people, a focus on one partner or on a finding's partners, filters and a
date in a plain form, the same data as a table, views saved under a name as links, and the change
between two dates chosen with two date pickers."""

from __future__ import annotations

import re
from html import unescape


from tests.web.test_finding_reviews import signed_in
from tests.web.test_partner_forms import hidden

A, B = "kansrijk-dijkhaven", "kansrijk-buurdorp"
MAP = f"/app/coalitions/{A}/kaart"


def table_names(html: str) -> list[str]:
    table = html.split('id="als-tabel"')[1].split("</table>")[0]
    return [unescape(n) for n in re.findall(r'<td class="utrecht-table__cell">(?:<a [^>]*>)?([^<]+)(?:</a>)?</td>\s*'
                                              r'<td class="utrecht-table__cell">[^<]*</td>\s*<td', table)]


def test_the_map_shows_organisations_until_she_asks_for_the_people(embedded_demo):
    browser = signed_in(embedded_demo)
    folded = browser.get(MAP).text
    assert 'src="/maps/coalition/kansrijk-dijkhaven?people=0"' in folded and "<iframe" in folded
    assert "Kraamzorg De Wieg" in table_names(folded) and "Kees Yilmaz" not in table_names(folded)
    unfolded = browser.get(f"{MAP}?people=1").text
    assert "Kees Yilmaz" in table_names(unfolded) and len(table_names(unfolded)) > len(table_names(folded))
    frame = browser.get("/maps/coalition/kansrijk-dijkhaven?people=0")
    assert "frame-ancestors 'self'" in frame.headers["content-security-policy"]
    assert frame.headers["x-frame-options"] == "SAMEORIGIN" and "Kees Yilmaz" not in frame.text


def test_a_focus_shows_a_partner_with_its_neighbours_only(embedded_demo):
    browser = signed_in(embedded_demo)
    everyone = table_names(browser.get(MAP).text)
    focused = table_names(browser.get(f"{MAP}?focus=vp-noord").text)
    assert "Verloskundigenpraktijk Noord" in focused and "Sociaal Wijkteam Noord" in focused  # it refers there
    assert 2 < len(focused) < len(everyone)


def test_filters_and_size_by_give_the_same_rows_as_the_map(embedded_demo):
    browser = signed_in(embedded_demo)
    page = browser.get(f"{MAP}?domain=medical&metric=betweenness").text
    table = page.split('id="als-tabel"')[1].split("</table>")[0]
    assert set(re.findall(r"<td class=\"utrecht-table__cell\">(Medisch domein|Sociaal domein)</td>", table)) == {
        "Medisch domein"}
    assert "<th class=\"utrecht-table__header-cell\" scope=\"col\">Verbindt anderen</th>" in table
    assert "domain=medical" in page.split("<iframe")[1].split(">")[0]


def test_a_wrong_choice_is_named_and_no_map_is_drawn(embedded_demo):
    browser = signed_in(embedded_demo)
    refused = browser.get(f"{MAP}?metric=nonsense")
    assert refused.status_code == 422 and 'href="#veld-metric"' in refused.text and "<iframe" not in refused.text


def test_a_view_is_saved_under_a_name_and_opens_as_a_link(embedded_demo):
    browser = signed_in(embedded_demo)
    page = browser.get(f"{MAP}?domain=social&focus=wt-noord").text
    form = page[page.index('action="/app/coalitions/kansrijk-dijkhaven/kaart/weergaven"'):]
    fields = hidden(form[:form.index("</form>")])
    assert fields["domain"] == "social" and fields["focus"] == "wt-noord"
    saved = browser.post(f"{MAP}/weergaven", data={**fields, "name": "Wijkteam Noord en het sociaal domein"},
                         follow_redirects=False)
    assert saved.status_code == 303
    opened = browser.get(saved.headers["location"]).text
    assert "De weergave is bewaard." in opened
    link = re.search(r'<a class="utrecht-link" href="([^"]+)">Wijkteam Noord en het sociaal domein</a>', opened).group(1)
    again = browser.get(unescape(link)).text
    assert table_names(again) == table_names(page)
    fresh = again[again.index('action="/app/coalitions/kansrijk-dijkhaven/kaart/weergaven"'):]
    nameless = browser.post(f"{MAP}/weergaven", data={**hidden(fresh[:fresh.index("</form>")]), "name": " "})
    assert nameless.status_code == 422 and 'href="#veld-name"' in nameless.text
    reader = signed_in(embedded_demo, "evaluator", coalitions=[A])
    assert "Wijkteam Noord en het sociaal domein" in reader.get(MAP).text and "Bewaar deze weergave" not in reader.get(MAP).text


def test_the_change_between_two_dates_is_chosen_with_date_pickers(embedded_demo):
    browser = signed_in(embedded_demo)
    empty = browser.get(f"{MAP}/verandering").text
    assert 'type="date" name="from"' in empty and "<iframe" not in empty
    page = browser.get(f"{MAP}/verandering?from=2020-06-01&to=2022-01-01").text
    assert re.search(r"Nieuwe relaties \((\d+)\)", page).group(1) != "0"
    assert 'src="/maps/compare/kansrijk-dijkhaven?from=2020-06-01&amp;to=2022-01-01"' in page
    backwards = browser.get(f"{MAP}/verandering?from=2022-01-01&to=2020-06-01")
    assert backwards.status_code == 422 and 'href="#veld-from"' in backwards.text


def test_a_finding_links_to_the_map_focused_on_its_partners(embedded_demo):
    browser = signed_in(embedded_demo)
    home = browser.get(f"/app/coalitions/{A}").text
    link = unescape(re.search(r'href="(/app/coalitions/kansrijk-dijkhaven/kaart\?people=1&amp;focus=[^"]+)">'
                              r"Bekijk deze partners op de kaart", home).group(1))
    assert browser.get(link).status_code == 200 and "<iframe" in browser.get(link).text


def test_another_coalitions_coordinator_gets_the_404_page(embedded_demo):
    other = signed_in(embedded_demo, coalitions=[B])
    assert other.get(MAP).status_code == 404 and other.get(f"{MAP}/verandering").status_code == 404
    form = hidden(other.get(f"/app/coalitions/{B}/kaart").text)
    assert other.post(f"{MAP}/weergaven", data={**form, "name": "overname"}).status_code == 404
