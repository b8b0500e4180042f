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
OPTIONAL MATCH (p:Professional {id: $professional})
FOREACH (x IN CASE WHEN p IS NULL THEN [] ELSE [1] END |
  CREATE (p)-[a:ASSIGNED_TO]->(f)
  SET a = $assigned)
WITH f
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
RETURN f {.*} AS node

// name: card_items
// Everything that carries the family's id.
MATCH (n:Node {family: $family})
RETURN n {.*} AS node

// name: card_coalition
MATCH (f:Family {id: $family})-[b:BELONGS_TO]->(c:Coalition)
RETURN c.id AS coalition

// name: create_card_item
MATCH (f:Family {id: $family})
CREATE (n:Node:__KIND__)
SET n = $props, n.family = $family
WITH n
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
RETURN n {.*} AS node

// name: update_card_item
MATCH (n:Node {id: $id})
WHERE n.family = $family AND n.kind = $kind
SET n += $props, n.updated = $stamp
WITH n
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
RETURN n {.*} AS node

// name: delete_card_item
MATCH (n:Node {id: $id})
WHERE n.family = $family AND n.kind = $kind
DETACH DELETE n
WITH count(*) AS deleted
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
RETURN deleted

// name: add_network_person
// A person of the family's own network and the tie that places her on the card, together.
MATCH (f:Family {id: $family})
CREATE (p:Node:NetworkPerson)
SET p = $person, p.family = $family
CREATE (p)-[r:SUPPORTS]->(f)
SET r = $tie
WITH p
MATCH (v:GraphMeta {key: 'version'})
SET v.value = v.value + 1
RETURN p {.*} AS node

// name: add_card_tie
// A tie from someone to the family; refused (no row) when a tie of this type from this person
// is still current, so a person is on the card once and a family has one coordinator.
MATCH (f:Family {id: $family})
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
RETURN r.id AS id

// name: current_card_ties
// The current ties of one type to the family, with who they come from.
MATCH (p:Node)-[r:__REL__]->(f:Family {id: $family})
WHERE r.until IS NULL OR r.until > $today
RETURN r {.*, from: p.id, to: f.id} AS rel

// name: family_ids_assigned
// The families a professional is assigned to today (her case list).
MATCH (p:Professional {id: $professional})-[a:ASSIGNED_TO]->(f:Family)
WHERE a.since <= $today AND (a.until IS NULL OR a.until > $today)
RETURN f {.*} AS node
ORDER BY f.label, f.id
