"""Dataclass methods from the record are the methods Python would compile; the
executable fills the record once and then only reads it; the record is never written
inside a folder named on the command line."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from ibpaudit.classcache import ClassCache
from support import EXAMPLE_BOARD

_SHAPES = '''
from __future__ import annotations
import dataclasses

@dataclasses.dataclass(frozen=True)
class Frozen:
    """A frozen record with every kind of field."""
    name: str
    count: int = 3
    tags: tuple[str, ...] = ()
    extra: dict = dataclasses.field(default_factory=dict, compare=False)
    hidden: int = dataclasses.field(default=0, repr=False, compare=False)

@dataclasses.dataclass(order=True, kw_only=True)
class Ordered:
    """A mutable, ordered one with keyword-only fields."""
    a: int
    b: str = "x"

@dataclasses.dataclass(frozen=True, slots=True)
class Slotted:
    """With slots."""
    a: int
    b: list = dataclasses.field(default_factory=list)
'''


def _define(installed: ClassCache | None) -> dict[str, object]:
    """The classes of ``_SHAPES`` as a module of their own defines them."""
    module = types.ModuleType("classcache_shapes")
    sys.modules[module.__name__] = module
    if installed is not None:
        installed.install()
    try:
        exec(compile(_SHAPES, "shapes.py", "exec"), vars(module))
    finally:
        if installed is not None:
            installed.uninstall()
        del sys.modules[module.__name__]
    return vars(module)


def _behaviour(namespace: dict[str, object]) -> list[object]:
    """What a program can see of the three classes."""
    frozen, ordered, slotted = (namespace[n] for n in ("Frozen", "Ordered", "Slotted"))
    one = frozen("a", tags=("t",))  # type: ignore[operator]
    seen: list[object] = [
        repr(one),
        one == frozen("a", tags=("t",), hidden=9),  # type: ignore[operator]
        hash(one) == hash(frozen("a", tags=("t",))),  # type: ignore[operator]
        [(f.name, f.default is dataclasses.MISSING) for f in dataclasses.fields(one)],
        frozen.__init__.__annotations__,  # type: ignore[misc]
        frozen.__match_args__,  # type: ignore[attr-defined]
        ordered(a=1) < ordered(a=2),  # type: ignore[operator]
        repr(ordered(a=1)),  # type: ignore[operator]
        repr(slotted(1)),  # type: ignore[operator]
        slotted.__slots__,  # type: ignore[attr-defined]
        frozen.__init__.__code__.co_filename,  # type: ignore[misc]
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.name = "b"  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        ordered(1)  # type: ignore[operator]
    return seen


def test_classes_from_the_record_behave_as_compiled_ones() -> None:
    cache = ClassCache({})
    plain = _behaviour(_define(None))
    assert _behaviour(_define(cache)) == plain  # compiled here, and remembered
    assert cache.missed > 0
    before = cache.missed
    assert _behaviour(_define(cache)) == plain  # every method from the record
    assert cache.missed == before
    assert cache.used and cache.used <= set(cache.known)


def test_uninstall_gives_dataclasses_back() -> None:
    cache = ClassCache({})
    cache.install()
    cache.uninstall()
    assert "exec" not in vars(dataclasses)


@pytest.fixture
def cache_dir(tmp_path: Path) -> Iterator[dict[str, str]]:
    yield {**os.environ, "IBPAUDIT_CACHE_DIR": str(tmp_path / "cache")}


def _records(env: dict[str, str]) -> list[Path]:
    return sorted((Path(env["IBPAUDIT_CACHE_DIR"]) / "classes").glob("*.marshal"))


def _validate(env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ibpaudit", "validate", str(EXAMPLE_BOARD), *extra],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_the_executable_fills_the_record_once_then_reads_it(cache_dir: dict[str, str]) -> None:
    first = _validate(cache_dir)
    (record,) = _records(cache_dir)
    written = record.stat().st_mtime_ns, record.read_bytes()
    second = _validate(cache_dir)
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
    assert (record.stat().st_mtime_ns, record.read_bytes()) == written  # nothing new


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\x00" * 64])
def test_a_damaged_record_is_compiled_again(cache_dir: dict[str, str], damage: bytes) -> None:
    expected = _validate(cache_dir)
    (record,) = _records(cache_dir)
    record.write_bytes(damage)
    again = _validate(cache_dir)
    assert (again.returncode, again.stdout) == (expected.returncode, expected.stdout)
    assert len(record.read_bytes()) > len(damage)  # whole again


def test_the_record_is_never_written_inside_a_folder_on_the_command_line(
    tmp_path: Path,
) -> None:
    board = tmp_path / "board"
    board.mkdir()
    (board / "ibpaudit.yaml").write_text("bestuur:\n  naam: Test\n", encoding="utf-8")
    inside = board / ".cache"
    env = {**os.environ, "IBPAUDIT_CACHE_DIR": str(inside)}
    done = subprocess.run(
        [sys.executable, "-m", "ibpaudit", "validate", str(board)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stderr
    assert not (inside / "classes").exists()
