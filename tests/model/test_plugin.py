"""``Shared``: the per-run store checks use for work several of them would repeat."""

from __future__ import annotations

from ibpaudit.model import Shared


def test_a_value_is_made_once_and_then_served() -> None:
    store = Shared()
    made: list[int] = []

    def make() -> list[int]:
        made.append(1)
        return [len(made)]

    first = store.get(("t.count",), make)
    second = store.get(("t.count",), make)
    assert first is second and first == [1]
    assert len(made) == 1 and len(store) == 1


def test_a_source_is_matched_by_identity_not_by_equality() -> None:
    """Two registers with equal rows are still two registers (two schools' views)."""
    store = Shared()
    one, other = [1, 2], [1, 2]

    assert store.get("t.sum", lambda: ("one", sum(one)), one) == ("one", 3)
    assert store.get("t.sum", lambda: ("other", sum(other)), other) == ("other", 3)
    assert store.get("t.sum", lambda: ("again", 0), one) == ("one", 3)
    assert len(store) == 2


def test_clear_forgets_every_value() -> None:
    store = Shared()
    store.get("t.a", lambda: 1)
    store.get("t.b", lambda: 2, object())

    store.clear()

    assert len(store) == 0
    assert store.get("t.a", lambda: 3) == 3
