"""The coordinator keeps her whole network in pages, over HTTP: professionals,
informal supporters, communities and the offer each have a list and a page; she adds a tie
between two partners by choosing them, ends it on a date (it stays, with its dates), lets an
element stop in or join a coalition, and reads on each page who changed what and when."""

from __future__ import annotations

import re

from tests.web.test_finding_reviews import signed_in
from tests.web.test_partner_forms import hidden

A, B = "kansrijk-dijkhaven", "kansrijk-buurdorp"
BASE = f"/app/coalitions/{A}"


def form_on(html: str, action: str) -> dict[str, str]:
    """The hidden fields of the form on the page that posts to `action`."""
    start = html.index(f'action="{action}"')
    return hidden(html[start:html.index("</form>", start)])


def test_each_part_of_the_network_has_a_list_and_a_page(embedded_demo):
    browser = signed_in(embedded_demo)
    pages = {"professionals": ("prof-001", "Kees Yilmaz"), "supporters": ("kf-turks", "Sleutelpersoon Turkse moeders"),
             "communities": ("com-eritrea", "Eritrese gemeenschap"), "interventions": ("int-precon", "Preconceptiespreekuur")}
    for slug, (node_id, name) in pages.items():
        listing = browser.get(f"{BASE}/{slug}?q={name.split()[0].lower()}").text
        assert f'href="{BASE}/{slug}/{node_id}">{name}' in listing, slug
        page = browser.get(f"{BASE}/{slug}/{node_id}").text
        assert f'<h1 class="utrecht-heading-1">{name}' in page and "Kansrijke Start Dijkhaven" in page, slug
    offer = browser.get(f"{BASE}/interventions?phases=preconception").text
    assert "Preconceptiespreekuur<" in offer and "CenteringZwangerschap<" not in offer  # filtered by phase


def test_a_new_community_belongs_to_the_coalition_at_once(embedded_demo):
    browser = signed_in(embedded_demo)
    form = browser.get(f"{BASE}/communities/new").text
    assert "Niveau in de coalitie" not in form  # a community belongs to it, it is not a member at a level
    saved = browser.post(f"{BASE}/communities/new", data={**hidden(form), "name": "Poolse gemeenschap",
                                                          "language": "Pools"}, follow_redirects=False)
    assert saved.status_code == 303
    page = browser.get(saved.headers["location"]).text
    assert "Poolse gemeenschap</h1>" in page and "Toegevoegd" in page and "Fatima de Vries" in page  # its history
    assert "Poolse gemeenschap" in browser.get(f"{BASE}/communities").text


def test_a_tie_is_added_by_choosing_a_partner_and_shows_on_both_pages(embedded_demo):
    browser = signed_in(embedded_demo)
    new = f"{BASE}/partners/kz-wieg/ties/new"
    form = browser.get(new).text
    assert '<optgroup label="Organisatie">' in form and '<optgroup label="Gemeenschap">' in form
    other = re.search(r'<option value="([^"]+)">Sociaal Wijkteam Noord</option>', form).group(1)
    saved = browser.post(new, data={**hidden(form), "kind": "collaborates_with", "other": other,
                                    "intensity": "cooperation", "since": "2026-03-01"}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].endswith("#relaties")
    page = browser.get(f"{BASE}/partners/kz-wieg").text
    assert re.search(r"werkt samen met<br><span class=\"app-muted\">[^<]*</span></td>\s*<td[^>]*><a[^>]*>Sociaal Wijkteam Noord",
                     page)
    assert "Relatie toegevoegd: werkt samen met Sociaal Wijkteam Noord" in page  # the history names it
    assert "Kraamzorg De Wieg" in browser.get(f"{BASE}/partners/{other}").text  # seen from the other side too


def test_a_tie_without_its_required_strength_is_refused_at_the_field(embedded_demo):
    browser = signed_in(embedded_demo)
    new = f"{BASE}/partners/kz-wieg/ties/new"
    form = browser.get(new).text
    other = re.search(r'<option value="([^"]+)">Sociaal Wijkteam Noord</option>', form).group(1)
    refused = browser.post(new, data={**hidden(form), "kind": "collaborates_with", "other": other, "since": "2026-03-01"})
    assert refused.status_code == 422
    assert 'href="#veld-intensity">' in refused.text and 'id="fout-intensity"' in refused.text
    assert f'<option value="{other}" selected>' in refused.text  # her choice is kept
    assert "Sociaal Wijkteam Noord" not in browser.get(f"{BASE}/partners/kz-wieg").text.split('id="relaties"')[1]


def test_a_tie_is_ended_on_a_date_and_stays_in_the_history(embedded_demo):
    browser = signed_in(embedded_demo)
    page = browser.get(f"{BASE}/partners/vp-noord").text
    tie = re.search(r'name="tie_kind" value="refers_to"><input type="hidden" name="tie" value="([^"]+)"', page).group(1)
    fields = {**form_on(page, f"{BASE}/partners/vp-noord/end"), "form_name": f"relatie-{tie}", "tie_kind": "refers_to",
              "tie": tie, "until": "2026-06-30"}
    ended = browser.post(f"{BASE}/partners/vp-noord/end", data=fields, follow_redirects=False)
    assert ended.status_code == 303
    after = browser.get(f"{BASE}/partners/vp-noord").text
    assert "<td class=\"utrecht-table__cell\">2026-06-30</td>" in after  # still there, with its end date
    assert "Relatie gewijzigd: verwijst naar" in after and "Tot" in after


def test_an_element_stops_in_a_coalition_and_joins_another(embedded_demo):
    browser = signed_in(embedded_demo, coalitions=[A, B])
    page = browser.get(f"{BASE}/communities/com-eritrea").text
    assert "Ook laten meedoen in" in page and "Kansrijke Start Buurdorp</option>" in page
    joined = browser.post(f"{BASE}/communities/com-eritrea/join",
                          data={**form_on(page, f"{BASE}/communities/com-eritrea/join"), "coalition": B},
                          follow_redirects=False)
    assert joined.status_code == 303
    page = browser.get(f"{BASE}/communities/com-eritrea").text
    assert "Kansrijke Start Buurdorp, sinds" in page
    tie = re.search(r'name="form_name" value="lid-([^"]+)">\s*<input type="hidden" name="tie_kind" value="belongs_to">'
                    r'<input type="hidden" name="tie" value="\1">', page).group(1)
    left = browser.post(f"{BASE}/communities/com-eritrea/end",
                        data={**form_on(page, f"{BASE}/communities/com-eritrea/end"), "form_name": f"lid-{tie}",
                              "tie_kind": "belongs_to", "tie": tie, "until": "2026-12-31"}, follow_redirects=False)
    assert left.status_code == 303
    assert ", tot 2026-12-31" in browser.get(f"{BASE}/communities/com-eritrea").text


def test_others_cannot_change_the_network_and_evaluators_do_not_see_people(embedded_demo):
    other = signed_in(embedded_demo, coalitions=[B])
    assert other.get(f"{BASE}/partners/kz-wieg/ties/new").status_code == 404
    form = hidden(other.get(f"/app/coalitions/{B}").text)
    refused = other.post(f"{BASE}/partners/kz-wieg/ties/new", data={**form, "kind": "refers_to", "other": "wt-noord",
                                                                     "since": "2026-01-01"})
    assert refused.status_code == 404
    evaluator = signed_in(embedded_demo, "evaluator", coalitions=[A])
    assert evaluator.get(f"{BASE}/professionals").status_code == 404
    assert evaluator.get(f"{BASE}/professionals/prof-001").status_code == 404
    page = evaluator.get(f"{BASE}/partners/kz-wieg").text
    assert "Relatie toevoegen" not in page and "/end" not in page  # she reads, she does not change


def test_a_change_through_the_api_is_in_the_history_and_history_is_not_an_api_node(embedded_demo):
    token = embedded_demo.token("coordinator", name="Pieter Bakker", coalitions=[A])
    embedded_demo.gql('mutation { updateOrganisation(id: "kz-wieg", patch: {municipality: "Dijkhaven"}) { __typename } }',
                 token=token)
    page = signed_in(embedded_demo).get(f"{BASE}/partners/kz-wieg").text
    assert re.search(r"<td class=\"utrecht-table__cell\">Pieter Bakker</td>\s*<td class=\"utrecht-table__cell\">"
                     r"Gewijzigd: Gemeente</td>", page)
    record = embedded_demo.store.list_nodes("change_record", filters={"elements": "kz-wieg"}).items[0]
    assert embedded_demo.gql('query($id: ID!) { node(id: $id) { id } }', {"id": record["id"]}, token=token) == {"node": None}


def test_the_menu_card_shows_the_offer_per_phase_and_who_offers_it(embedded_demo):
    page = signed_in(embedded_demo).get(f"{BASE}/menukaart").text
    preconception = page.split("Voor de zwangerschap</h2>")[1].split("<h2")[0]
    assert "Preconceptiespreekuur</a>" in preconception and "CenteringZwangerschap" not in preconception
    assert re.search(r"Preconceptiespreekuur</a>(?:(?!</li>).)*Aangeboden door:(?:(?!</li>).)*>Verloskundigenpraktijk Noord</a>",
                     preconception, re.S)
    assert "Aantal aanbiedingen per fase en pijler</caption>" in page


def test_markup_in_a_name_is_shown_as_text_everywhere(embedded_demo):
    browser = signed_in(embedded_demo)
    form = browser.get(f"{BASE}/communities/new").text
    saved = browser.post(f"{BASE}/communities/new", data={**hidden(form), "name": "<script>alert(1)</script>Poolse"},
                         follow_redirects=False)
    node_id = saved.headers["location"].split("/")[-1].split("?")[0]
    for path in (f"{BASE}/communities/{node_id}", f"{BASE}/communities", f"{BASE}/kaart",
                 f"{BASE}/communities/{node_id}/ties/new", f"{BASE}/partners/kz-wieg/ties/new"):
        page = browser.get(path).text
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;Poolse" in page, path
