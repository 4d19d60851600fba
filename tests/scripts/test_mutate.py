"""scripts/mutate.py: which mutants it makes, and IDs that survive moving code around."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from support import PROJECT


@pytest.fixture(scope="module")
def mutate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutate", PROJECT / "scripts" / "mutate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["mutate"] = module
    spec.loader.exec_module(module)
    return module


SOURCE = '''\
"""Docstring."""
WORDS = frozenset({"ja", "nee"})
PATTERN = re.compile(r"(\\d{1,2})-x?$")


def verdict(reached: int, target: int) -> str:
    """Not mutated."""
    if reached >= target and not blocked:
        return Status.PASSED
    return max(reached, 1)


def other(x: int) -> bool:
    return x < 2


class Box:
    def size(self) -> int:
        return 3
'''


def _ids(mutate: ModuleType, source: str, **config: object) -> list[str]:
    module = mutate.ModuleConfig(path="src/pkg/rules.py", tests=("tests/x.py",), **config)
    return [m.id for m in mutate.find_mutants(module, source.encode())]


def test_the_mutants_of_a_small_module(mutate: ModuleType) -> None:
    ids = _ids(mutate, SOURCE)
    expected = [
        'rules:<module>: drop member: {"ja", "nee"} -> ({\'nee\'})',
        "rules:<module>: regex: drop '?'",
        "rules:<module>: regex: {1,2} -> {1}",
        "rules:<module>: regex: drop '$'",
        "rules:verdict: compare: reached >= target -> (reached > target)",
        "rules:verdict: and/or: reached >= target and not blocked",
        "rules:verdict: drop not: not blocked -> (blocked)",
        "rules:verdict: negate condition: reached >= target and not blocked",
        "rules:verdict: drop if statement",
        "rules:verdict: status: Status.PASSED -> (Status.FAILED)",
        "rules:verdict: status: Status.PASSED -> (Status.ERROR)",
        "rules:verdict: return None: return max(reached, 1) -> return None",
        "rules:verdict: swap call: max(reached, 1) -> (min(reached, 1))",
        "rules:verdict: number: 1 -> (2)",
        "rules:other: compare: x < 2 -> (x <= 2)",
        "rules:other: number: 2 -> (3)",
    ]
    for wanted in expected:
        assert any(i.startswith(wanted) for i in ids), wanted
    assert not any("Docstring" in i or "Not mutated" in i for i in ids)
    assert not any(": int" in i for i in ids)  # annotations are not behaviour
    assert len(ids) == len(set(ids))


def test_ids_do_not_depend_on_line_numbers(mutate: ModuleType) -> None:
    moved = SOURCE.replace('"""Docstring."""\n', '"""Docstring."""\n\n\n# a comment\n')
    assert _ids(mutate, moved) == _ids(mutate, SOURCE)


def test_functions_and_skip_narrow_the_mutants(mutate: ModuleType) -> None:
    only = _ids(mutate, SOURCE, functions=("other",))
    assert only and all(i.startswith("rules:other:") for i in only)
    skipped = _ids(mutate, SOURCE, skip=("verdict", "WORDS", "PATTERN", "Box.size"))
    assert skipped == only
    assert any(i.startswith("rules:Box.size:") for i in _ids(mutate, SOURCE, skip=("other",)))


def test_every_mutant_compiles_and_differs(mutate: ModuleType) -> None:
    module = mutate.ModuleConfig(path="src/pkg/rules.py", tests=("tests/x.py",))
    source = SOURCE.encode()
    for mutant in mutate.find_mutants(module, source):
        changed = source[: mutant.start] + mutant.replacement.encode() + source[mutant.end :]
        assert changed != source
        compile(changed, "rules.py", "exec")


def test_the_configured_modules_exist_with_their_tests(mutate: ModuleType) -> None:
    modules, table = mutate.load_config(PROJECT / "pyproject.toml")
    assert table["min-score"] >= 95
    for module in modules:
        assert (PROJECT / module.path).is_file()
        for test in (*module.tests, *module.more_tests):
            assert (PROJECT / test.split("::")[0]).is_file()
        assert mutate.find_mutants(module, (PROJECT / module.path).read_bytes())


def test_explanations_are_unique_and_give_a_reason(mutate: ModuleType) -> None:
    import yaml

    entries = yaml.safe_load((PROJECT / "tests" / "mutation-survivors.yaml").read_text()) or []
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    assert all(len(e["why"]) > 20 for e in entries)
