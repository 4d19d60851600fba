"""Stable UUIDs and OSCAL-safe tokens and properties."""

from __future__ import annotations

import re
import uuid

from ibpaudit.builtin.reporters.oscal import ids

NCNAME = re.compile(r"^[_A-Za-z][_A-Za-z0-9.\-]*$")


def test_uuids_are_version_5_of_the_content() -> None:
    first = ids.stable_uuid("finding", "norm", "GO.01")
    assert first == ids.stable_uuid("finding", "norm", "GO.01")
    assert first != ids.stable_uuid("finding", "norm", "GO.02")
    assert uuid.UUID(first).version == 5
    assert ids.content_uuid("x", {"a": 1, "b": 2}) == ids.content_uuid("x", {"b": 2, "a": 1})
    assert ids.content_uuid("x", {"a": 1}) != ids.content_uuid("x", {"a": 2})


def test_tokens_are_ncnames_and_keep_ids_apart() -> None:
    for raw in ("GO.P01", "BC.01-continuiteitsplan", "1e norm", "ë/ü x", "  "):
        assert NCNAME.match(ids.token(raw)), raw
    assert ids.token("GO.P01") == "go.p01"
    assert ids.token("GO.P01") != ids.token("GO.01")


def test_properties_are_single_line_and_empty_ones_left_out() -> None:
    made = ids.props(("a", "  twee\n regels "), ("b", None), ("c", ""), ("d", 0))
    assert [(p["name"], p["value"]) for p in made] == [("a", "twee regels"), ("d", "0")]
    assert all(p["ns"] == ids.NS for p in made)
    assert "ns" not in ids.prop("label", "GO.01", own=False)
