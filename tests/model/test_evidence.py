"""What a reader made of a file, as checks ask it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ibpaudit.model import Evidence, EvidenceFile

FILE = EvidenceFile("beleid/x.md", "0" * 64, 10, 0.0)


def test_metadata_is_found_by_any_spelling_of_its_key() -> None:
    ev = Evidence(FILE, "markdown", {"Vastgesteld op": date(2025, 1, 2), "type": "ibp-beleid"})

    assert ev.meta("vastgesteld_op") == date(2025, 1, 2)
    assert ev.meta("VASTGESTELD-OP") == date(2025, 1, 2)
    assert ev.meta("Type ") == "ibp-beleid"
    assert ev.meta("eigenaar") is None


def test_the_first_of_two_spellings_counts_and_a_copy_reads_its_own_metadata() -> None:
    ev = Evidence(FILE, "plugin", {"Vastgesteld op": "eerste", "vastgesteld_op": "tweede"})
    assert ev.meta("vastgesteld_op") == "eerste"

    changed = replace(ev, metadata={"vastgesteld_op": "nieuw"})
    assert changed.meta("vastgesteld_op") == "nieuw"
    assert ev.meta("vastgesteld_op") == "eerste"
    assert changed == replace(ev, metadata={"vastgesteld_op": "nieuw"})  # a lookup is no field


def test_the_normalised_metadata_keeps_the_files_order() -> None:
    ev = Evidence(FILE, "markdown", {"School": "Het Kompas", "Type": "x", "BRIN": "12AB"})
    assert list(ev.normalised_metadata) == ["school", "type", "brin"]
