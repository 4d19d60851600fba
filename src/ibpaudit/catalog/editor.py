"""The complete control schema for editors: the control, every check type's parameters
and the condition language in one self-contained JSON Schema.

``schemas/control.schema.json`` leaves a check's parameters open, because check types
come from plugins. An editor needs them closed to complete ``register:``, ``where:`` and
the operators, so this combines the control schema with each loaded check type's schema
(chosen by ``check:`` through if/then) and the condition ``$defs``. ``ibpaudit controls
--schema`` writes it; ``schemas/control-full.schema.json`` is it for the built-ins.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from ibpaudit.model import CheckType
from ibpaudit.schemas import load_schema

FULL_ID = "https://ibpaudit.invalid/schemas/control-full-1.schema.json"


def _check_schema(check_type: CheckType, defs: dict[str, Any]) -> dict[str, Any]:
    """A check type's parameter schema, with ``check`` and ``description`` allowed beside
    its parameters and its own $defs lifted to the top (where its ``#/$defs/...`` point)."""
    schema = copy.deepcopy(dict(check_type.schema))
    for name, definition in schema.pop("$defs", {}).items():
        defs.setdefault(name, definition)
    schema.pop("$schema", None)
    schema.pop("$id", None)
    properties = schema.setdefault("properties", {})
    properties["check"] = {"const": check_type.name}
    properties["description"] = {"$ref": "#/$defs/text"}
    schema["description"] = f"{check_type.description.nl} / {check_type.description.en}"
    return schema


def full_schema(check_types: Mapping[str, CheckType]) -> dict[str, Any]:
    """The control schema with the parameters of every check type in ``check_types``."""
    schema = copy.deepcopy(load_schema("control"))
    schema["$id"] = FULL_ID
    schema["title"] = "ibpaudit control (with check parameters)"
    schema["description"] += (
        " This schema also describes the parameters of the check types offered by the"
        " plugins it was generated with (ibpaudit controls --schema)."
    )
    defs: dict[str, Any] = schema["$defs"]
    condition = load_schema("condition")
    for name, definition in condition["$defs"].items():
        defs.setdefault(name, copy.deepcopy(definition))
    names = sorted(check_types)
    check = defs["check"]
    check["properties"]["check"] = {
        **check["properties"]["check"],
        "enum": names,
        "description": "Het soort check (een plugin biedt het aan). / The kind of check.",
        "markdownEnumDescriptions": [
            f"{check_types[n].description.nl} / {check_types[n].description.en}" for n in names
        ],
    }
    check["allOf"] = []
    for name in names:
        defs[f"check.{name}"] = _check_schema(check_types[name], defs)
        check["allOf"].append(
            {
                "if": {"properties": {"check": {"const": name}}, "required": ["check"]},
                "then": {"$ref": f"#/$defs/check.{name}"},
            }
        )
    return schema


def render(schema: Mapping[str, Any]) -> str:
    """The schema as the file ``controls --schema`` writes: stable, readable JSON."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
