"""Every error a user can cause has a Dutch text by its stable code, with the limits it names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph_service.domain import errors
from graph_service.domain.errors import DomainError, ValidationError
from graph_service.domain.messages import DUTCH, dutch
from graph_service.domain.validation import Validator
from graph_service.domain.vocabulary import load_vocabulary

SOURCE = Path(__file__).resolve().parents[2] / "graph_service"


def codes_in_the_source() -> set[str]:
    """Every code a raise site gives, and every error class's own code."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        found |= set(re.findall(r'code="([A-Z_]+)"', path.read_text(encoding="utf-8")))
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, DomainError)]
    return found | {c.code for c in classes}


def test_every_code_raised_anywhere_has_a_dutch_text():
    codes = codes_in_the_source()
    assert len(codes) > 30
    assert sorted(codes - set(DUTCH)) == []


def test_dutch_texts_hold_no_codes_and_end_as_sentences():
    for code, templates in DUTCH.items():
        for template in templates:
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", re.sub(r"{\w+}", "", template)), (code, template)
            assert template.rstrip().endswith("."), (code, template)


@pytest.fixture(scope="module")
def validator():
    return Validator(load_vocabulary())


def refused(call) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value


def test_validation_texts_name_the_limit_and_the_list(validator):
    vocabulary = load_vocabulary()
    member = vocabulary.node_kinds["family_member"]
    too_old = refused(lambda: validator.node_properties(member, {"label": "mama", "role": "parent", "birth_year": 1800}))
    assert too_old.field == "birth_year" and dutch(too_old) == "Vul een getal in van minstens 1940."
    future = refused(lambda: validator.node_properties(member, {"label": "mama", "role": "parent", "birth_year": 2099}))
    assert future.code == "DATE_IN_FUTURE" and dutch(future) == "Dit ligt in de toekomst. Vul iets in dat al gebeurd is."
    role = refused(lambda: validator.node_properties(member, {"label": "mama", "role": "grandmother"}))
    assert dutch(role) == "'grandmother' staat niet in de lijst 'rol in het gezin'. Kies een waarde uit de lijst."
    long = refused(lambda: validator.node_properties(member, {"label": "x" * 100_000, "role": "parent"}))
    assert re.fullmatch(r"De tekst is te lang: gebruik hoogstens \d+ tekens\.", dutch(long))
    typed = refused(lambda: validator.node_properties(member, {"label": "mama", "role": "parent", "birth_year": "2001"}))
    assert dutch(typed) == "Vul hier een heel getal in."


def test_an_error_without_its_parameters_still_reads_as_a_sentence():
    assert dutch(ValidationError("too long", code="TOO_LONG")) == "De tekst is te lang."
    assert dutch(ValidationError("something new", code="NOT_IN_THE_CATALOGUE")) == "Deze invoer klopt niet."
