"""People compared as people: titles, roles in parentheses and role names resolved."""

from __future__ import annotations

import pytest

from ibpaudit.dossier.identity import person, same_person

ROLES = {"bestuurder": "M. de Vries (voorzitter)", "security_officer": "R. Jansen"}


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("R. Jansen", "rjansen"),
        ("  r.JANSEN ", "rjansen"),
        ("R. Jansen (security officer)", "rjansen"),
        ("Prof. dr. ir. R. Jansen", "rjansen"),
        ("Dhr R Jansen", "rjansen"),
        ("Mevr. Ş. Çelik", "scelik"),
        ("Ø. Ørsted", "oorsted"),
        ("security officer", "rjansen"),
        ("Bestuurder", "mdevries"),  # the holder's own role suffix is dropped too
        ("(bestuurder)", "mdevries"),
        ("Dr", "dr"),  # a lone title is a name, not nothing
        ("Mr. Dr.", "dr"),
        ("fg", "fg"),  # not a role of this board
    ],
)
def test_person_key(name: str, key: str) -> None:
    assert person(name, ROLES) == key


def test_same_person() -> None:
    assert same_person("security officer", "dhr. R. Jansen", ROLES)
    assert not same_person("security officer", "bestuurder", ROLES)


# Written out, not taken from TITLES: a title missing there must fail here.
@pytest.mark.parametrize(
    "title", ["dhr", "hr", "mevr", "mw", "mej", "drs", "ir", "mr", "dr", "prof", "ing", "bc", "ds"]
)
def test_every_title_is_dropped(title: str) -> None:
    assert person(f"{title.capitalize()}. A. Bakker", {}) == "abakker"
    assert person(f"{title.upper()} A. Bakker", {}) == "abakker"


@pytest.mark.parametrize(
    ("written", "plain"),
    [("Yılmaz", "yilmaz"), ("Ørsted", "orsted"), ("Strauß", "strauss"), ("Æbelø", "aebelo"),
     ("Łukasz", "lukasz"), ("Müller", "muller"), ("Çelik", "celik")],
)  # fmt: skip
def test_letters_without_an_accent_mark_are_written_plainly(written: str, plain: str) -> None:
    assert person(written, {}) == plain
