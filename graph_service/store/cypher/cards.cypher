// Family network card statements. A card is the family node, the nodes that carry its id as
// `family` (members, the family's own network, agreements, factors, versions, flags) and the
// ties that draw it (SUPPORTS, COORDINATES, ASSIGNED_TO to the family; HANDS_OVER between its
// professionals, carrying the family id). Every mutation is one statement that also bumps the
// graph version, like everywhere else.

// name: create_family
// The family, its coalition and (when a worker creates it) her assignment, all or nothing.
MATCH (c:Coalition {id: $coalition})
CREATE (f:Node:Family)
SET f = $family
CREATE (f)-[b:BELONGS_TO]->(c)
SET b = $belongs
WITH f
OPTIONAL MATCH (p:Node {id: $professional})
WHERE p.kind = 'professional'
FOREACH (x IN CASE WHEN p IS NULL THEN [] ELSE [1] END |
  CREATE (p)-[a:ASSIGNED_TO]->(f)
  SET a = $assigned)
WITH f
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
CREATE (:GraphChange {version: v.value, touched: [f.id]})
WITH f, v
OPTIONAL MATCH (old:GraphChange {version: v.value - 4096})
DELETE old
RETURN f {.*} AS node

// name: card_items
// Everything that carries the family's id.
MATCH (n:Node {family: $family})
RETURN n {.*} AS node

// name: card_coalition
MATCH (f:Node {id: $family})-[b:BELONGS_TO]->(c:Coalition)
WHERE f.kind = 'family'
RETURN c.id AS coalition

// name: create_card_item
MATCH (f:Node {id: $family})
WHERE f.kind = 'family'
CREATE (n:Node:__KIND__)
SET n = $props, n.family = $family
WITH n
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
CREATE (:GraphChange {version: v.value, touched: [$family]})
WITH n, v
OPTIONAL MATCH (old:GraphChange {version: v.value - 4096})
DELETE old
RETURN n {.*} AS node

// name: update_card_item
MATCH (n:Node {id: $id})
WHERE n.family = $family AND n.kind = $kind
SET n += $props, n.updated = $stamp
WITH n
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
CREATE (:GraphChange {version: v.value, touched: [$family]})
WITH n, v
OPTIONAL MATCH (old:GraphChange {version: v.value - 4096})
DELETE old
RETURN n {.*} AS node

// name: delete_card_item
MATCH (n:Node {id: $id})
WHERE n.family = $family AND n.kind = $kind
DETACH DELETE n
WITH count(*) AS deleted
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
CREATE (:GraphChange {version: v.value, touched: [$family]})
WITH deleted, v
OPTIONAL MATCH (old:GraphChange {version: v.value - 4096})
DELETE old
RETURN deleted

// name: add_network_person
// A person of the family's own network and the tie that places her on the card, together.
MATCH (f:Node {id: $family})
WHERE f.kind = 'family'
CREATE (p:Node:NetworkPerson)
SET p = $person, p.family = $family
CREATE (p)-[r:SUPPORTS]->(f)
SET r = $tie
WITH p
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
CREATE (:GraphChange {version: v.value, touched: [$family]})
WITH p, v
OPTIONAL MATCH (old:GraphChange {version: v.value - 4096})
DELETE old
RETURN p {.*} AS node

// name: add_card_tie
// A tie from someone to the family; refused (no row) when a tie of this type from this person
// is still current, so a person is on the card once and a family has one coordinator.
MATCH (f:Node {id: $family})
WHERE f.kind = 'family'
MATCH (p:Node {id: $person})
WHERE p.kind IN $from_kinds
OPTIONAL MATCH (other:Node)-[c:__REL__]->(f)
WHERE (c.until IS NULL OR c.until > $today) AND ($single OR other.id = $person)
WITH f, p, count(c) AS current
WHERE current = 0
CREATE (p)-[r:__REL__]->(f)
SET r = $tie
WITH r
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
CREATE (:GraphChange {version: v.value, touched: [$family]})
WITH r, v
OPTIONAL MATCH (old:GraphChange {version: v.value - 4096})
DELETE old
RETURN r.id AS id

// name: current_card_ties
// The current ties of one type to the family, with who they come from.
MATCH (p:Node)-[r:__REL__]->(f:Node {id: $family})
WHERE f.kind = 'family' AND (r.until IS NULL OR r.until > $today)
RETURN r {.*, from: p.id, to: f.id} AS rel

// name: family_ids_assigned
// The families a professional is assigned to today (her case list).
MATCH (p:Node {id: $professional})-[a:ASSIGNED_TO]->(f:Family)
WHERE a.since <= $today AND (a.until IS NULL OR a.until > $today)
RETURN f {.*} AS node
ORDER BY f.label, f.id

// name: bulk_card_items
// Many items of one kind on many cards in one statement (seeding, large imports): all or none.
// A row whose family does not exist stops nothing here, so the caller checks the families first.
UNWIND $rows AS row
MATCH (f:Node {id: row.family})
WHERE f.kind = 'family'
CREATE (n:Node:__KIND__)
SET n = row.props, n.family = row.family
WITH count(n) AS written, collect(DISTINCT row.family) AS touched
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
CREATE (:GraphChange {version: v.value, touched: CASE WHEN size(touched) > 64 THEN ['*'] ELSE touched END})
WITH written, v
OPTIONAL MATCH (old:GraphChange {version: v.value - 4096})
DELETE old
RETURN written

// name: professional_organisations
// Where each of these professionals works on $as_of.
UNWIND $ids AS wanted
MATCH (p:Node {id: wanted})-[w:WORKS_AT]->(o:Node)
WHERE w.since <= $as_of AND (w.until IS NULL OR w.until > $as_of)
RETURN wanted AS professional, o {.*} AS organisation

// name: erase_family
// Erasure: the family, everything on its card (members, its own network, agreements, factors,
// versions, flags), every tie that drew it, and the handovers its professionals recorded for it.
// One statement for a list of families: all of it or nothing. `before` is null for an erasure
// asked for now; a restore erases again only a family whose copy was created before `before`
// (its erasure), so a new family that later got the same id is left alone.
UNWIND $families AS wanted
MATCH (f:Node {id: wanted.family})
WHERE f.kind = 'family' AND (wanted.before IS NULL OR f.created IS NULL OR f.created <= wanted.before)
OPTIONAL MATCH ()-[h:HANDS_OVER]->()
WHERE h.family = f.id
DELETE h
WITH DISTINCT f
OPTIONAL MATCH (item:Node {family: f.id})
DETACH DELETE item
WITH DISTINCT f
DETACH DELETE f
WITH count(*) AS erased
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
CREATE (:GraphChange {version: v.value, touched: CASE WHEN size([w IN $families | w.family]) > 64 THEN ['*'] ELSE [w IN $families | w.family] END})
WITH erased, v
OPTIONAL MATCH (old:GraphChange {version: v.value - 4096})
DELETE old
RETURN erased

// name: family_retention
// Families with the child's date of birth recorded, for the retention rule.
MATCH (f:Family)
WHERE f.child_born_on IS NOT NULL AND f.child_born_on < $born_before
RETURN f.id AS id

// name: items_of_kind
// One kind of card item of one family (consents, emergency grants).
MATCH (n:Node {family: $family})
WHERE n.kind = $kind
RETURN n {.*} AS node

// name: items_of_kind_everywhere
// One kind of card item of every family (the emergency grants to review).
MATCH (n:__KIND__)
RETURN n {.*} AS node
ORDER BY n.created

// name: emergency_grants_with_coalition
// Every emergency grant with the coalition of its family, for the privacy officers' review.
MATCH (g:EmergencyGrant)
OPTIONAL MATCH (f:Family {id: g.family})-[:BELONGS_TO]->(c:Coalition)
RETURN g {.*, coalition: c.id} AS node
ORDER BY g.created
