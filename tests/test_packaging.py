"""The test environment is reproducible: ``requirements/constraints.txt`` pins every
dependency that ``pyproject.toml`` names (runtime, test and dev extras), so the README's
test command installs the versions the suite last passed on (see scripts/lock.sh)."""

from __future__ import annotations

import re
import tomllib

from support import PROJECT

CONSTRAINTS = PROJECT / "requirements" / "constraints.txt"


def _name(requirement: str) -> str:
    """A requirement's distribution name, normalised (PEP 503)."""
    name = re.split(r"[\s;\[<>=!~]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict[str, str]:
    pins = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: '{line}' is not an exact pin"
            pins[_name(name)] = version
    return pins


def test_every_declared_dependency_is_pinned() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"]]
    for requirements in project["optional-dependencies"].values():
        declared += [r for r in requirements if not r.startswith("ibpaudit[")]
    platform_only = {_name(r) for r in declared if "sys_platform" in r}
    pins = _pins()

    missing = sorted({_name(r) for r in declared} - set(pins) - platform_only)
    assert missing == [], f"run scripts/lock.sh: {missing} not in {CONSTRAINTS.name}"
    assert "ibpaudit" not in pins  # the project itself is installed from the tree
