"""A check's findings as a compact, read-only sequence of finding dicts."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Sequence

import pytest

from ibpaudit.i18n import text
from ibpaudit.model import Finding, Location, Status, Text
from ibpaudit.model.findings import FindingList, plain, plain_document

WHERE = Location("registers/x.csv", "ab" * 32, line=3, row=3)


def findings(n: int) -> FindingList:
    return FindingList(
        Finding(
            Status.FAILED if i % 2 else Status.ERROR,
            text("rij {i}: {p} mist", "row {i}: {p} missing", i=i, p=Text("iets", "something")),
            WHERE,
            "00AA" if i == 0 else None,
        )
        for i in range(n)
    )


def test_reads_as_the_list_of_finding_dicts() -> None:
    found = findings(5)
    expected = [f.to_json() for f in found.findings]
    assert len(found) == 5 and bool(found) and not FindingList()
    assert list(found) == expected == found.to_json()
    assert found[0] == {
        "status": "error",
        "message": {"nl": "rij 0: iets mist", "en": "row 0: something missing"},
        "location": {"path": "registers/x.csv", "sha256": "ab" * 32, "line": 3, "row": 3},
        "school": "00AA",
    }
    assert found[-1] == expected[-1]
    assert isinstance(found[1:3], FindingList) and list(found[1:3]) == expected[1:3]
    assert found == expected and found == findings(5) and found != expected[:4]
    with pytest.raises(IndexError):
        found[5]


def test_is_a_sequence_with_every_sequence_method() -> None:
    found = findings(4)
    expected = [f.to_json() for f in found.findings]
    assert isinstance(found, Sequence) and not isinstance(expected, FindingList)
    assert expected[2] in found and {"status": "passed"} not in found
    assert found.index(expected[2]) == 2 and found.count(expected[1]) == 1
    assert found.count({"status": "passed"}) == 0
    assert list(reversed(found)) == expected[::-1]
    with pytest.raises(ValueError, match="not among the findings"):
        found.index({"status": "passed"})


def test_json_needs_the_plain_hook_and_gives_every_finding() -> None:
    found = findings(300)
    with pytest.raises(TypeError):
        json.dumps({"findings": found})
    data = json.loads(json.dumps({"findings": found, "title": Text("a", "b")}, default=plain))
    assert data["findings"] == found.to_json() and len(data["findings"]) == 300
    assert data["title"] == {"nl": "a", "en": "b"}
    with pytest.raises(TypeError):
        plain(object())


def test_plain_document_makes_real_lists() -> None:
    document = {"controls": [{"checks": [{"findings": findings(2), "evidence": []}]}]}
    out = plain_document(document)
    assert type(out["controls"][0]["checks"][0]["findings"]) is list
    assert out["controls"][0]["checks"][0]["findings"] == findings(2).to_json()
    assert type(document["controls"][0]["checks"][0]["findings"]) is FindingList


def test_copies_and_pickles_to_the_same_findings() -> None:
    found = findings(3)
    assert pickle.loads(pickle.dumps(found)) == found
    assert copy.deepcopy(found) == found
