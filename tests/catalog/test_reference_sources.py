"""Legal reference data: every figure names a source that the file lists, every source
says when it was read, and the citations corrected in issue 20 stay corrected."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import pytest
import yaml

from support import PROJECT

REFERENCE = PROJECT / "controls" / "reference"
FILES = sorted(REFERENCE.glob("*.yaml"))


def _load(path: Any) -> Mapping[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _cited(data: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every entry that carries a figure or a legal basis, with where it is."""
    for key, value in data.items():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, Mapping) and "basis" in item:
                    yield f"{key}.{item.get('id')}", item
        elif isinstance(value, Mapping) and "basis" in value:
            yield key, value


@pytest.fixture(scope="module")
def retention() -> Mapping[str, Any]:
    return _load(REFERENCE / "bewaartermijnen.yaml")


def _category(data: Mapping[str, Any], category_id: str) -> Mapping[str, Any]:
    return next(c for c in data["categories"] if c["id"] == category_id)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_figure_names_a_source_present_in_the_file(path: Any) -> None:
    data = _load(path)
    listed = {s["id"] for s in data["sources"]}
    entries = list(_cited(data))
    assert entries
    for where, entry in entries:
        named = [entry.get("source"), *entry.get("also_sources", ())]
        assert named[0], f"{path.name}: {where} names no source"
        for source in named:
            assert source in listed, f"{path.name}: {where} cites '{source}', not in sources"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_source_has_a_title_an_access_date_and_an_address_or_a_reason(
    path: Any,
) -> None:
    sources = _load(path)["sources"]
    assert len({s["id"] for s in sources}) == len(sources)
    for source in sources:
        assert source.get("title"), source["id"]
        assert date.fromisoformat(str(source["accessed"])) <= date(2026, 12, 31), source["id"]
        url = source.get("url")
        if url is None:
            # No address: the note must say so and where to find the text.
            assert "not recorded" in source["note"], source["id"]
        else:
            assert re.match(r"^(https?://|urn:)", url), source["id"]


def test_category_names_are_unambiguous(retention: Mapping[str, Any]) -> None:
    seen: dict[str, str] = {}
    for category in retention["categories"]:
        for name in [category["id"], *category.get("aliases", ())]:
            key = str(name).casefold()
            assert seen.setdefault(key, category["id"]) == category["id"], name


def test_exam_work_cites_article_57_and_the_current_decree(retention: Mapping[str, Any]) -> None:
    exam = _category(retention, "examenwerk-centraal-examen")
    assert exam["min_retention"] == "P6M"
    for lang in ("nl", "en"):
        basis = exam["basis"][lang]
        assert "57" in basis and "Uitvoeringsbesluit WVO 2020" in basis
        assert "vermoedelijk art. 52" not in basis and "presumably art. 52" not in basis


def test_payroll_cites_awr_article_52_paragraph_4(retention: Mapping[str, Any]) -> None:
    payroll = _category(retention, "salarisadministratie")
    assert payroll["min_retention"] == "P7Y"
    assert "art. 52 lid 4" in payroll["basis"]["nl"]
    assert "art. 52(4)" in payroll["basis"]["en"]


def test_wage_tax_statements_count_from_the_end_of_the_calendar_year(
    retention: Mapping[str, Any],
) -> None:
    statement = _category(retention, "loonbelastingverklaring-id-kopie")
    assert statement["min_retention"] == statement["max_retention"] == "P5Y"
    assert "kalenderjaar" in statement["after"]["nl"]
    assert "calendar year" in statement["after"]["en"]
    assert "niet geverifieerd" in statement["basis"]["nl"]


def test_diplomas_and_the_kennisnet_overview_and_the_archiefwet(
    retention: Mapping[str, Any],
) -> None:
    diplomas = _category(retention, "diploma-en-cijferlijstregistratie")
    assert "selectielijst" in diplomas["basis"]["nl"]
    # No term is encoded that no source established.
    assert diplomas["min_retention"] is None and diplomas["max_retention"] is None
    urls = {s.get("url") for s in retention["sources"]}
    assert "https://aanpakibp.kennisnet.nl/bewaartermijnen" in urls
    assert "Archiefwet" in (REFERENCE / "bewaartermijnen.yaml").read_text(encoding="utf-8")
