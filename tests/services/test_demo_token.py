"""`serve --demo` prints an admin token at every start; the one of an earlier start must stop working."""

from __future__ import annotations

from graph_service.services.tokens import authenticate, create_token, renew_demo_admin_token


def test_a_new_demo_start_revokes_the_earlier_demo_admin_token_only(store):
    other, _ = create_token(store, "admin", name="beheerder")
    first = renew_demo_admin_token(store)
    assert authenticate(store, first).role.value == "admin"
    second = renew_demo_admin_token(store)
    assert authenticate(store, first) is None
    assert authenticate(store, second).role.value == "admin"
    assert authenticate(store, other).name == "beheerder"
