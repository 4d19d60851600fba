"""Findings on register rows, held as columns: read as a sequence they are exactly the
findings that would have been made one by one, in the same order, whichever way they
are read (index, slice, iteration, pickling), and the questions the engine asks of them
(statuses, files, schools) get the answers the findings themselves give."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Sequence

import pytest

from ibpaudit.i18n import Formatted, Text, text
from ibpaudit.model import Finding, Location, Origin, Record, Status, rowfindings
from ibpaudit.model.evidence import table_files, table_places
from ibpaudit.model.findings import FindingList
from ibpaudit.model.rowfindings import Collector, Findings, RowFindings

_TEMPLATE = Text("{row}: niet voldaan aan: {cond}", "{row}: not met: {cond}")
_COND = Text("'modelversie' is een van: 3.0", "'modelversie' is one of: 3.0")
_ORIGIN = Origin("registers/verwerkersovereenkomsten.xlsx", "ab" * 32, "Blad1")


def _records(count: int, origin: Origin = _ORIGIN) -> list[Record]:
    return [
        Record({"product": f"Product {i}"}, origin=origin, row=i + 2, line=None)
        for i in range(count)
    ]


def _eager(records: list[Record]) -> list[Finding]:
    """The reference: the finding on each row, made now."""
    return [
        Finding(Status.FAILED, _TEMPLATE.format(row=r.values["product"], cond=_COND), r.location)
        for r in records
    ]


def _collected(records: list[Record]) -> Sequence[Finding]:
    collector = Collector()
    for record in records:
        message = _TEMPLATE.format(row=record.values["product"], cond=_COND)
        collector.row(Status.FAILED, message, record)
    return collector.findings()


def test_rows_read_as_the_findings_made_one_by_one() -> None:
    records = _records(50)
    found = _collected(records)
    assert isinstance(found, Findings) and isinstance(found.parts[0], RowFindings)
    expected = _eager(records)
    assert list(found) == expected
    assert [found[i] for i in range(50)] == expected
    assert found[-1] == expected[-1]
    assert found == expected and found == tuple(expected)
    assert len(found) == 50 and bool(found)
    assert isinstance(found, Sequence) and isinstance(found.parts[0], Sequence)
    message = found[3].message
    assert isinstance(message, Formatted) and message.template == _TEMPLATE


def test_reading_a_finding_does_not_grow_its_row() -> None:
    """A finding made when read gets a location of its own: the row keeps none."""
    (record,) = _records(1)
    _ = list(_collected([record]))
    assert record._location is None


@pytest.mark.parametrize("start", [None, 0, 3, 17, 25, -5, 60])
@pytest.mark.parametrize("stop", [None, 0, 4, 18, 30, -1, 60])
def test_slices_across_parts_are_the_slices_of_the_findings(
    start: int | None, stop: int | None
) -> None:
    records = _records(30)
    loose = tuple(Finding(Status.ERROR, Text(f"e{i}", f"e{i}")) for i in range(3))
    found = Findings([loose, _collected(records[:10]), loose, _collected(records[10:])])
    expected = [*loose, *_eager(records[:10]), *loose, *_eager(records[10:])]
    assert list(found[start:stop]) == expected[start:stop]
    assert list(found[start:stop:2]) == expected[start:stop:2]


def test_an_index_out_of_range_is_an_index_error() -> None:
    found = _collected(_records(3))
    with pytest.raises(IndexError):
        found[3]
    with pytest.raises(IndexError):
        found[-4]


def test_the_collector_keeps_the_order_of_loose_findings_and_rows() -> None:
    """Findings made already between rows, rows of another template, a message with no
    template: each ends up where it was added."""
    records = _records(12)
    other = Text("'{row}' staat niet in {path}", "'{row}' is not in {path}")
    plain = Text("sleutel niet ingevuld", "key not filled in")
    collector = Collector()
    expected: list[Finding] = []
    for i, record in enumerate(records):
        if i % 4 == 1:
            loose = Finding(Status.ERROR, Text(f"fout {i}", f"error {i}"), record.location)
            collector.add(loose)
            expected.append(loose)
        template = _TEMPLATE if i < 6 else other
        message = plain if i == 9 else template.format(row=f"P{i}", cond=_COND, path="x.csv")
        collector.row(Status.FAILED, message, record)
        expected.append(Finding(Status.FAILED, message, record.location))
    collector.extend(_collected(records[:2]))
    expected += _eager(records[:2])
    found = collector.findings()
    assert list(found) == expected
    kinds = [type(p).__name__ for p in found.parts]  # type: ignore[attr-defined]
    assert "RowFindings" in kinds and "tuple" in kinds


def test_findings_with_no_rows_are_a_plain_tuple() -> None:
    collector = Collector()
    loose = Finding(Status.FAILED, Text("x", "x"))
    collector.add(loose)
    assert collector.findings() == (loose,) and type(collector.findings()) is tuple
    assert Findings.of((), [loose]) == (loose,)
    assert type(Findings.of((), [loose])) is tuple


def test_what_the_engine_asks_is_answered_as_the_findings_answer_it() -> None:
    schooled = Finding(Status.ERROR, Text("x", "x"), Location("registers/a.csv"), "01AB")
    other = Origin("registers/b.csv", None, None)
    found = Findings([(schooled,), _collected(_records(5)), _collected(_records(2, other))])
    made = list(found)
    assert list(rowfindings.statuses(found)) == [f.status for f in made]
    assert list(rowfindings.files(found)) == list(
        dict.fromkeys((f.location.path, f.location.sheet) for f in made if f.location)
    )
    assert list(rowfindings.files(found, without_school=True)) == list(
        dict.fromkeys(
            (f.location.path, f.location.sheet) for f in made if f.location and not f.school
        )
    )
    assert list(rowfindings.schools(found)) == [(f.school, f.status) for f in made if f.school]
    as_list = FindingList(found)
    assert list(as_list.statuses()) == [f.status for f in made]
    assert list(as_list.having(lambda s: s is Status.ERROR)) == [schooled]
    assert as_list.to_json() == [f.to_json() for f in made]


def test_pickled_and_copied_as_the_findings_themselves() -> None:
    """A sector worker sends its results document to its parent by pickle; a copy of the
    document (Redactor.document) is deep."""
    found = _collected(_records(20))
    expected = _eager(_records(20))
    assert pickle.loads(pickle.dumps(found)) == tuple(expected)
    assert copy.deepcopy(found) == tuple(expected)
    assert pickle.loads(pickle.dumps(FindingList(found))) == FindingList(expected)


def test_the_sequence_methods_behave_as_a_tuple_s() -> None:
    found = _collected(_records(6))
    expected = tuple(_eager(_records(6)))
    assert expected[2] in found and Finding(Status.FAILED, Text("x", "x")) not in found
    assert found.index(expected[4]) == 4 and found.count(expected[1]) == 1
    assert list(reversed(found)) == list(reversed(expected))
    with pytest.raises(ValueError):
        found.index(Finding(Status.FAILED, Text("x", "x")))


def test_a_location_given_with_the_row_is_kept() -> None:
    where = Location("registers/a.yaml", "cd" * 32, 7, 3)
    record = Record({"naam": "x"}, location=where)
    collector = Collector()
    collector.row(Status.FAILED, text("{n} mist", "{n} missing", n="x"), record)
    (finding,) = collector.findings()
    assert finding.location is where


def test_rows_are_placed_by_their_table_in_bulk() -> None:
    """A row whose location was asked for (and kept) is still placed by its table; a
    row with a location of its own is not from a table."""
    records = _records(5)
    _ = records[2].location  # kept on the row, built from its table
    places = table_places(records)
    assert places is not None
    origins, lines, rows = places
    assert all(o is _ORIGIN for o in origins)
    expected = [(r.location.line, r.location.row) for r in records]
    assert expected == list(zip(lines, rows, strict=True))
    other = Origin("registers/b.csv", None, None)
    mixed = [*records, *_records(2, other)]
    assert list(table_files(mixed)) == [(_ORIGIN.path, _ORIGIN.sheet), (other.path, None)]
    own = Record({"x": "1"}, location=Location("registers/c.yaml", None, 4))
    assert table_places([*records, own]) is None
    assert list(table_files([own, *records])) == [
        ("registers/c.yaml", None),
        (_ORIGIN.path, _ORIGIN.sheet),
    ]
