"""The store contract: the same behaviour on the embedded FalkorDB and on Neo4j.

Each case is what a coordinator or an integration would notice: data that comes back as written,
errors that name the field, batches that are written whole or not at all.
"""

from __future__ import annotations

import pytest

from graph_service.domain.errors import Conflict, NotFound, ValidationError
from graph_service.store.card_store import CardStore
from graph_service.store.graph_store import GraphStore
from graph_service.store.migrations import latest_version


def org(node_id: str, name: str | None = None, **extra):
    return {"id": node_id, "name": name or f"Organisatie {node_id}", "domain": "social",
            "organisation_type": "welfare", **extra}


@pytest.fixture
def coalition(store: GraphStore):
    """A small coalition: two member organisations, one staff member, one former member."""
    store.create_node("coalition", {"id": "c1", "name": "Kansrijke Start Dijkhaven"})
    store.create_node("coalition", {"id": "c2", "name": "Kansrijke Start Buurdorp"})
    store.create_node("organisation", org("midwives", "Verloskundigen Noord", domain="medical",
                                          organisation_type="midwife_practice", phases=["pregnancy", "birth_maternity"]))
    store.create_node("organisation", org("team", "Wijkteam Zuid", organisation_type="neighbourhood_team"))
    store.create_node("organisation", org("former", "Oude Partner"))
    store.create_node("professional", {"id": "anna", "name": "Anna", "role": "verloskundige", "domain": "medical"})
    store.link("member_of", "midwives", "c1", {"since": "2020-01-01", "level": "practice"})
    store.link("member_of", "team", "c1", {"since": "2021-01-01", "level": "practice"})
    store.link("member_of", "team", "c2", {"since": "2021-01-01", "level": "management"})
    store.link("member_of", "former", "c1", {"since": "2019-01-01", "until": "2021-06-01", "level": "governance"})
    store.link("works_at", "anna", "midwives", {"since": "2020-03-01"})
    store.link("collaborates_with", "midwives", "team", {"since": "2022-01-01", "intensity": "cooperation"})
    return store


# ---------------------------------------------------------------- nodes
def test_created_node_reads_back_with_its_properties(store):
    created = store.create_node("organisation", org("o1", "Kraamzorg De Wieg", domain="medical",
                                                    organisation_type="maternity_care", phases=["birth_maternity"]))
    got = store.get_node("o1")
    assert got["name"] == "Kraamzorg De Wieg"
    assert got["kind"] == "organisation"
    assert got["phases"] == ["birth_maternity"]
    assert got["created"] == created["created"]


def test_values_and_maps_come_back_in_the_same_shapes_on_every_backend(coalition):
    """Text, whole numbers, yes/no, lists, dates and nested maps: the same Python types whichever
    database answered, so nothing above the store needs to know which one it was."""
    coalition.create_node("community", {"id": "k1", "name": "Buurtvaders", "size_estimate": 40})
    coalition.update_node("organisation", "team", {"regional": True, "lived_experience": False})
    community, team = coalition.get_node("k1"), coalition.get_node("team")
    assert (type(community["size_estimate"]), type(team["regional"]), type(team["lived_experience"])) == (int, bool, bool)
    assert type(coalition.get_node("midwives")["phases"]) is list and type(community["created"]) is str
    tie = next(t for t in coalition.ties_of("former") if t["kind"] == "member_of")
    assert (tie["since"], tie["until"]) == ("2019-01-01", "2021-06-01")  # dates as ISO text
    sub = coalition.coalition_subgraph("c1", "2022-06-01")
    assert type(sub.nodes) is dict and all(type(t) is dict for t in sub.ties)
    assert {type(v) for n in sub.nodes.values() for v in n.values()} <= {str, int, bool, list, float}


def test_create_without_id_gets_a_uuid(store):
    created = store.create_node("community", {"name": "Eritrese gemeenschap"})
    assert len(created["id"]) == 36
    assert store.get_node(created["id"])["name"] == "Eritrese gemeenschap"


def test_taken_id_is_a_conflict_and_keeps_the_first(store):
    store.create_node("organisation", org("o1", "Eerste"))
    with pytest.raises(Conflict) as err:
        store.create_node("community", {"id": "o1", "name": "Tweede"})
    assert err.value.field == "id"
    assert store.get_node("o1")["name"] == "Eerste"


def test_get_unknown_or_other_kind_is_none(store):
    store.create_node("organisation", org("o1"))
    assert store.get_node("nope") is None
    assert store.get_node("o1", kind="community") is None
    assert store.get_node("o1", kind="organisation")["id"] == "o1"


def test_update_changes_and_removes_properties(store):
    store.create_node("organisation", org("o1", municipality="Dijkhaven"))
    updated = store.update_node("organisation", "o1", {"name": "Nieuwe naam", "municipality": None})
    assert updated["name"] == "Nieuwe naam"
    assert "municipality" not in store.get_node("o1")
    assert updated["updated"] >= updated["created"]


def test_update_unknown_node_is_not_found(store):
    with pytest.raises(NotFound):
        store.update_node("organisation", "ghost", {"name": "x"})


def test_update_cannot_remove_a_required_property(store):
    store.create_node("organisation", org("o1"))
    with pytest.raises(ValidationError) as err:
        store.update_node("organisation", "o1", {"name": None})
    assert err.value.field == "name"
    assert store.get_node("o1")["name"] == "Organisatie o1"


def test_delete_removes_node_and_its_ties(coalition):
    coalition.delete_node("organisation", "team")
    assert coalition.get_node("team") is None
    assert all(t["to"] != "team" and t["from"] != "team" for t in coalition.ties_of("midwives"))


def test_delete_unknown_node_is_not_found(store):
    with pytest.raises(NotFound):
        store.delete_node("organisation", "ghost")


# ---------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("kind", "props", "field", "code"),
    [
        ("spaceship", {"name": "x"}, "kind", "UNKNOWN_KIND"),
        ("organisation", {**org("o"), "colour": "red"}, "colour", "UNKNOWN_PROPERTY"),
        ("organisation", {"id": "o", "name": "x", "domain": "social"}, "organisation_type", "REQUIRED"),
        ("organisation", {**org("o"), "domain": "astrology"}, "domain", "UNKNOWN_ENUM_VALUE"),
        ("organisation", {**org("o"), "phases": ["pregnancy", "retirement"]}, "phases[1]", "UNKNOWN_ENUM_VALUE"),
        ("organisation", {**org("o"), "name": "x" * 501}, "name", "TOO_LONG"),
        ("organisation", {**org("o"), "regional": "yes"}, "regional", "INVALID_TYPE"),
        ("family", {"label": "Gezin A", "pregnancy_week": 50}, "pregnancy_week", "OUT_OF_RANGE"),
        ("organisation", {**org("o"), "id": "has space"}, "id", "INVALID_ID"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(store, kind, props, field, code):
    with pytest.raises(ValidationError) as err:
        store.create_node(kind, props)
    assert err.value.field == field
    assert err.value.code == code
    assert sum(store.counts()["nodes"].values()) == 0


# ---------------------------------------------------------------- lists
def test_list_filters_by_value_list_membership_and_text(coalition):
    medical = coalition.list_nodes("organisation", filters={"domain": "medical"})
    assert [n["id"] for n in medical.items] == ["midwives"]
    in_pregnancy = coalition.list_nodes("organisation", filters={"phases": "pregnancy"})
    assert [n["id"] for n in in_pregnancy.items] == ["midwives"]
    found = coalition.list_nodes("organisation", text="WIJK")
    assert [n["id"] for n in found.items] == ["team"]


def test_list_filter_on_unknown_property_or_value_names_it(store):
    with pytest.raises(ValidationError) as err:
        store.list_nodes("organisation", filters={"colour": "red"})
    assert err.value.field == "filters.colour"
    with pytest.raises(ValidationError) as err:
        store.list_nodes("organisation", filters={"domain": "astrology"})
    assert err.value.field == "filters.domain"


def test_cursor_pagination_visits_every_node_once_in_name_order(store):
    store.bulk_upsert_nodes("organisation", [org(f"o{i:02d}", f"Partner {i:02d}") for i in range(25)])
    seen, after, pages = [], None, 0
    while True:
        page = store.list_nodes("organisation", first=10, after=after)
        seen += [n["name"] for n in page.items]
        pages += 1
        if not page.has_next_page:
            break
        after = page.end_cursor
    assert pages == 3
    assert seen == [f"Partner {i:02d}" for i in range(25)]


def test_descending_pagination(store):
    store.bulk_upsert_nodes("organisation", [org(f"o{i}", f"Partner {i}") for i in range(5)])
    first = store.list_nodes("organisation", first=3, descending=True)
    rest = store.list_nodes("organisation", first=3, descending=True, after=first.end_cursor)
    assert [n["name"] for n in first.items + rest.items] == [f"Partner {i}" for i in (4, 3, 2, 1, 0)]
    assert first.has_next_page and not rest.has_next_page


def test_bad_cursor_and_page_size_are_validation_errors(store):
    with pytest.raises(ValidationError) as err:
        store.list_nodes("organisation", after="not-a-cursor")
    assert err.value.field == "after"
    with pytest.raises(ValidationError) as err:
        store.list_nodes("organisation", first=101)
    assert err.value.field == "first"


def test_coalition_scope_includes_staff_and_respects_dates(coalition):
    now = coalition.list_nodes("organisation", coalition="c1")
    assert {n["id"] for n in now.items} == {"midwives", "team"}
    in_2020 = coalition.list_nodes("organisation", coalition="c1", as_of="2020-06-01")
    assert {n["id"] for n in in_2020.items} == {"midwives", "former"}
    staff = coalition.list_nodes("professional", coalition="c1")
    assert [n["id"] for n in staff.items] == ["anna"]
    assert coalition.list_nodes("professional", coalition="c2").items == []


def test_coalition_scope_filters_by_the_level_at_the_table(coalition):
    assert [n["id"] for n in coalition.list_nodes("organisation", coalition="c2", level="management").items] == ["team"]
    assert coalition.list_nodes("organisation", coalition="c1", level="management").items == []
    in_2020 = coalition.list_nodes("organisation", coalition="c1", as_of="2020-06-01", level="governance")
    assert [n["id"] for n in in_2020.items] == ["former"]
    with pytest.raises(ValidationError) as err:
        coalition.list_nodes("organisation", coalition="c1", level="boardroom")
    assert err.value.field == "level"


# ---------------------------------------------------------------- ties
def test_tie_to_wrong_kind_is_rejected_naming_the_end(coalition):
    with pytest.raises(ValidationError) as err:
        coalition.link("works_at", "anna", "c1", {"since": "2020-01-01"})
    assert err.value.field == "to"
    assert err.value.code == "WRONG_ENDPOINT_KIND"
    with pytest.raises(ValidationError) as err:
        coalition.link("member_of", "c2", "c1", {"since": "2020-01-01", "level": "practice"})
    assert err.value.field == "from"


def test_tie_to_unknown_node_is_not_found(coalition):
    with pytest.raises(NotFound) as err:
        coalition.link("works_at", "anna", "ghost", {"since": "2020-01-01"})
    assert err.value.field == "to"


def test_tie_needs_since_and_a_period_that_ends_after_it(coalition):
    with pytest.raises(ValidationError) as err:
        coalition.link("works_at", "anna", "team", {})
    assert (err.value.field, err.value.code) == ("since", "REQUIRED")
    with pytest.raises(ValidationError) as err:
        coalition.link("works_at", "anna", "team", {"since": "2022-01-01", "until": "2021-01-01"})
    assert (err.value.field, err.value.code) == ("until", "INVALID_PERIOD")
    with pytest.raises(ValidationError) as err:
        coalition.link("works_at", "anna", "team", {"since": "1 januari"})
    assert (err.value.field, err.value.code) == ("since", "INVALID_DATE")


def test_ending_a_tie_hides_it_after_that_date(coalition):
    tie = coalition.link("works_at", "anna", "team", {"since": "2021-01-01"})
    coalition.update_tie("works_at", tie["id"], {"until": "2023-01-01"})
    assert tie["id"] in {t["id"] for t in coalition.ties_of("anna", as_of="2022-06-01")}
    assert tie["id"] not in {t["id"] for t in coalition.ties_of("anna", as_of="2023-06-01")}
    with pytest.raises(ValidationError):
        coalition.update_tie("works_at", tie["id"], {"until": "2020-01-01"})


def test_unlink_removes_the_tie(coalition):
    tie = coalition.link("refers_to", "midwives", "team", {"since": "2022-02-01"})
    assert coalition.get_tie("refers_to", tie["id"])["from"] == "midwives"
    coalition.unlink("refers_to", tie["id"])
    assert coalition.get_tie("refers_to", tie["id"]) is None
    with pytest.raises(NotFound):
        coalition.unlink("refers_to", tie["id"])


def test_tie_properties_are_validated(coalition):
    store_family = coalition.create_node("family", {"id": "fam", "label": "Gezin Zon"})
    coalition.create_node("informal_supporter", {"id": "oma", "name": "oma"})
    with pytest.raises(ValidationError) as err:
        coalition.link("supports", "oma", store_family["id"], {"since": "2024-01-01", "ring": 4})
    assert (err.value.field, err.value.code) == ("ring", "OUT_OF_RANGE")


# ---------------------------------------------------------------- bulk
def test_bulk_upsert_of_ten_thousand_nodes(store):
    rows = [org(f"bulk-{i}", f"Partner {i}") for i in range(10_000)]
    assert store.bulk_upsert_nodes("organisation", rows) == 10_000
    assert store.counts()["nodes"]["organisation"] == 10_000
    # a second run updates in place: no duplicates, unmentioned properties stay
    store.update_node("organisation", "bulk-7", {"municipality": "Dijkhaven"})
    renamed = [{**row, "name": row["name"] + " (nieuw)"} for row in rows]
    assert store.bulk_upsert_nodes("organisation", renamed) == 10_000
    assert store.counts()["nodes"]["organisation"] == 10_000
    again = store.get_node("bulk-7")
    assert again["name"] == "Partner 7 (nieuw)"
    assert again["municipality"] == "Dijkhaven"


def test_bulk_upsert_with_one_bad_row_writes_nothing(store):
    rows = [org(f"bulk-{i}") for i in range(10_000)]
    rows[5_000]["domain"] = "astrology"
    with pytest.raises(ValidationError) as err:
        store.bulk_upsert_nodes("organisation", rows)
    assert err.value.field == "rows[5000].domain"
    assert store.counts()["nodes"]["organisation"] == 0


def test_bulk_upsert_checks_every_row_even_when_values_repeat(store):
    # a batch checks a value it has seen once; 1 equals True in Python, yet only True is a yes/no
    rows = [org(f"o{i}", regional=True, municipality=" Dijkhaven ", phases=["pregnancy", "pregnancy"])
            for i in range(3)]
    rows[2]["regional"] = 1
    with pytest.raises(ValidationError) as err:
        store.bulk_upsert_nodes("organisation", rows)
    assert (err.value.field, err.value.code) == ("rows[2].regional", "INVALID_TYPE")
    rows[2]["regional"] = True
    rows[2]["phases"] = [["pregnancy"]]
    with pytest.raises(ValidationError) as err:
        store.bulk_upsert_nodes("organisation", rows)
    assert err.value.field == "rows[2].phases[0]"
    assert store.counts()["nodes"]["organisation"] == 0
    rows[2]["phases"] = ["pregnancy", "pregnancy"]
    assert store.bulk_upsert_nodes("organisation", rows) == 3
    for i in range(3):  # every row cleaned alike: trimmed, phases once
        node = store.get_node(f"o{i}")
        assert (node["municipality"], node["phases"], node["regional"]) == ("Dijkhaven", ["pregnancy"], True)


def test_bulk_upsert_rejects_duplicate_ids_and_ids_of_another_kind(store):
    with pytest.raises(ValidationError) as err:
        store.bulk_upsert_nodes("organisation", [org("a"), org("b"), org("a")])
    assert (err.value.field, err.value.code) == ("rows[2].id", "DUPLICATE_ID")
    store.create_node("community", {"id": "b", "name": "Buurt"})
    with pytest.raises(Conflict) as err:
        store.bulk_upsert_nodes("organisation", [org("a"), org("b")])
    assert err.value.field == "rows[1].id"
    assert store.counts()["nodes"]["organisation"] == 0


def test_bulk_link_is_all_or_nothing(coalition):
    rows = [{"from": "midwives", "to": "team", "since": "2022-01-01"},
            {"from": "team", "to": "midwives", "since": "2022-01-01"},
            {"from": "team", "to": "c1", "since": "2022-01-01"}]
    with pytest.raises(ValidationError) as err:
        coalition.bulk_link("refers_to", rows)
    assert err.value.field == "rows[2].to"
    assert coalition.counts()["ties"]["refers_to"] == 0
    assert coalition.bulk_link("refers_to", rows[:2]) == 2


# ---------------------------------------------------------------- graphs
def test_coalition_subgraph_as_of_a_date(coalition):
    coalition.create_node("family", {"id": "fam", "label": "Gezin Zon"})
    coalition.link("assigned_to", "anna", "fam", {"since": "2020-05-01"})
    then = coalition.coalition_subgraph("c1", "2020-06-01")
    assert set(then.nodes) == {"c1", "midwives", "former", "anna"}
    now = coalition.coalition_subgraph("c1")
    assert set(now.nodes) == {"c1", "midwives", "team", "anna"}
    kinds = sorted(t["kind"] for t in now.ties)
    assert kinds == ["collaborates_with", "member_of", "member_of", "works_at"]
    assert "fam" not in now.nodes  # families are private: never part of a coalition map
    with pytest.raises(NotFound):
        coalition.coalition_subgraph("ghost")


def test_family_card_holds_the_people_around_the_family(coalition):
    cards = CardStore(coalition)
    cards.create_family("c1", {"id": "fam", "label": "Gezin Zon", "stage": "pregnant", "pregnancy_week": 30}, "anna")
    coalition.create_node("informal_supporter", {"id": "buurvrouw", "name": "buurvrouw", "life_area": "neighbours"})
    coalition.link("supports", "buurvrouw", "fam", {"since": "2024-01-01", "practical": 2, "ring": 2})
    cards.add_network_person("fam", {"id": "oma", "name": "Oma", "life_area": "family"},
                             {"since": "2024-02-01", "emotional": 2, "ring": 1})
    cards.add_item("family_member", "fam", {"id": "m1", "label": "Mama", "role": "parent"})
    card = cards.read("fam", "2024-03-01")
    assert [p.id for p in card.people] == ["buurvrouw", "oma"] and card.coalition == "c1"
    assert [m["id"] for m in card.members] == ["m1"] and card.people[1].node["family"] == "fam"
    assert cards.read("fam", "2024-01-15").person("oma") is None  # as of a date
    assert card.assigned == [] and cards.read("fam").assigned == ["anna"]  # assigned today
    with pytest.raises(NotFound):
        cards.read("midwives")
    with pytest.raises(NotFound):  # nothing can be put on a card that does not exist
        cards.add_item("family_member", "ghost", {"label": "X", "role": "parent"})


def test_graph_version_moves_on_every_change_only(store):
    start = store.graph_version()
    store.list_nodes("organisation")
    assert store.graph_version() == start
    store.create_node("organisation", org("o1"))
    store.update_node("organisation", "o1", {"name": "Nieuw"})
    store.create_node("coalition", {"id": "c", "name": "C"})
    tie = store.link("member_of", "o1", "c", {"since": "2020-01-01", "level": "practice"})
    store.unlink("member_of", tie["id"])
    store.delete_node("organisation", "o1")
    assert store.graph_version() == start + 6


def test_counts_and_schema_version(coalition):
    counts = coalition.counts()
    assert counts["nodes"]["organisation"] == 3
    assert counts["nodes"]["family"] == 0
    assert counts["ties"]["member_of"] == 4
    assert coalition.schema_version() == latest_version("neo4j" if coalition.backend.name == "neo4j" else "falkordb")


def test_a_member_at_two_levels_lists_each_tie_once(coalition):
    coalition.link("member_of", "midwives", "c1", {"since": "2020-01-01", "level": "governance"})
    graph = coalition.coalition_subgraph("c1")
    ids = [t["id"] for t in graph.ties]
    assert len(ids) == len(set(ids))
    assert sum(1 for t in graph.ties if t["kind"] == "collaborates_with") == 1


def test_staff_who_are_also_members_appear_once_with_each_tie_once(coalition):
    # anna is reached twice: as staff of a member organisation and as a member herself
    coalition.link("member_of", "anna", "c1", {"since": "2021-01-01", "level": "practice"})
    coalition.link("refers_to", "anna", "team", {"since": "2022-01-01"})
    graph = coalition.coalition_subgraph("c1")
    anna_ties = sorted((t["kind"], t["to"]) for t in graph.ties if t["from"] == "anna")
    assert anna_ties == [("member_of", "c1"), ("refers_to", "team"), ("works_at", "midwives")]
    assert len({t["id"] for t in graph.ties}) == len(graph.ties)


def test_a_repeated_subgraph_read_sees_every_change(coalition):
    first = coalition.coalition_subgraph("c1")
    assert coalition.coalition_subgraph("c1") is first  # unchanged graph: served from the cache
    coalition.create_node("community", {"id": "nieuw", "name": "Nieuwe gemeenschap"})
    coalition.link("belongs_to", "nieuw", "c1", {"since": "2020-01-01"})
    again = coalition.coalition_subgraph("c1")
    assert "nieuw" in again.nodes and "nieuw" not in first.nodes
    assert again.version > first.version


def test_a_kept_network_stays_until_a_change_touches_it(coalition):
    """A write to another coalition's partner (or to a former member) leaves the network kept, so
    its analysis and overview stay too; a change to one of its partners, or one without a record
    of what it touched (an import), makes it read again."""
    first, other = coalition.coalition_subgraph("c1"), coalition.coalition_subgraph("c2")
    coalition.create_node("organisation", org("elders", "Buurdorp Zorg"))
    coalition.link("member_of", "elders", "c2", {"since": "2021-01-01", "level": "practice"})
    coalition.update_node("organisation", "former", {"description": "left in 2021"})
    assert coalition.coalition_subgraph("c1") is first  # nothing of c1 today was touched
    assert "elders" in coalition.coalition_subgraph("c2").nodes  # c2 read again, with its new member
    coalition.update_node("organisation", "team", {"description": "in both"})  # a partner of both
    again, other_again = coalition.coalition_subgraph("c1"), coalition.coalition_subgraph("c2")
    assert again is not first and again.nodes["team"]["description"] == "in both"
    assert other_again is not other and other_again.nodes["team"]["description"] == "in both"
    coalition.write_import({"community": [{"id": "k9", "props": {"name": "Elders"}}]}, {})
    assert coalition.coalition_subgraph("c1") is not again  # no record of what the import touched
