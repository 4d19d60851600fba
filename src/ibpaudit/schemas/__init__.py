"""The JSON Schemas ibpaudit validates its YAML and JSON files with, one file each.

Each ``<name>.schema.json`` here is the single source of truth: the code validates with
it and editors can point at it (``docs/editors.md``). ``control-full.schema.json`` is the
control schema with every built-in check type's parameters filled in, for editors only
(``ibpaudit controls --schema`` writes it for the plugins actually loaded).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema

__all__ = ["load_schema", "schema_errors", "validator"]

_HERE = Path(__file__).parent  # the schema files ship beside this module


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A packaged JSON Schema, read once per process (treat the result as read-only)."""
    data = (_HERE / f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(data)  # type: ignore[no-any-return]


# One validator per schema object: building one resolves the schema's $refs, which costs
# more than validating a control with it. The schema is kept to pin its id.
_VALIDATORS: dict[int, tuple[Mapping[str, Any], jsonschema.Draft202012Validator]] = {}


def validator(schema: Mapping[str, Any]) -> jsonschema.Draft202012Validator:
    """A (cached) validator for ``schema``, checking formats such as ``regex`` too."""
    cached = _VALIDATORS.get(id(schema))
    if cached is None:
        import jsonschema  # ~50 ms: only a run with something to validate pays it

        built = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        cached = _VALIDATORS[id(schema)] = (schema, built)
    return cached[1]


def schema_errors(schema: Mapping[str, Any], data: Any, prefix: str = "") -> list[str]:
    """One line per schema violation, each starting with its place in the document."""
    errors = sorted(validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    from jsonschema.exceptions import best_match

    lines = []
    for error in errors:
        place = prefix + "".join(
            f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path
        )
        best = best_match([error])
        lines.append(f"{place.lstrip('.') or '(top)'}: {best.message}")
    return lines
