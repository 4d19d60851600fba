"""The JSON Schemas editors use: the complete control schema never drifts from what
``ibpaudit controls --schema`` generates, every shipped control meets it, and a typo
does not; the ibpaudit.yaml and waivers schemas are the ones the code validates with."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ibpaudit import engine  # first: the dossier and results packages import each other
from ibpaudit.catalog import editor
from ibpaudit.dossier import config, waivers
from ibpaudit.schemas import load_schema
from ibpaudit.yamlio import load_yaml_file
from support import PROJECT, Cli

SHIPPED = PROJECT / "src" / "ibpaudit" / "schemas" / "control-full.schema.json"
_NOT_CONTROLS = {"frameworks", "reference", "cases", "tests"}


def _builtin_schema() -> dict[str, Any]:
    manager = engine.plugins.build(None)
    return editor.full_schema({n: ct for n, (ct, _) in manager.check_types().items()})


def _as_json(path: Path) -> Any:
    """A control as an editor sees it: YAML dates and numbers as JSON would hold them."""
    data = load_yaml_file(path, path.name, 1024 * 1024)
    return json.loads(json.dumps(data, default=str))


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_the_shipped_schema_is_what_the_built_in_plugins_generate() -> None:
    assert json.loads(SHIPPED.read_text(encoding="utf-8")) == _builtin_schema(), (
        "regenerate: ibpaudit controls --schema src/ibpaudit/schemas/control-full.schema.json"
    )
    assert SHIPPED.read_text(encoding="utf-8") == editor.render(_builtin_schema())
    assert load_schema("control-full") == _builtin_schema()


def test_controls_schema_prints_and_writes_it(cli: Cli, tmp_path: Path) -> None:
    printed = cli("controls", "--schema")
    written = cli("controls", "--schema", str(tmp_path / "control.schema.json"))

    assert printed.code == written.code == 0
    assert json.loads(printed.out) == _builtin_schema()
    assert (tmp_path / "control.schema.json").read_text(encoding="utf-8") == SHIPPED.read_text(
        encoding="utf-8"
    )


def test_it_names_every_check_type_and_operator_with_a_description() -> None:
    schema = _builtin_schema()
    defs = schema["$defs"]
    check = defs["check"]["properties"]["check"]
    assert set(check["enum"]) >= {"document", "register", "freshness", "retention"}
    for name in check["enum"]:
        assert defs[f"check.{name}"]["description"]
        assert "where" in defs[f"check.{name}"]["properties"] or name in (
            "document",
            "attestation",
            "retention",
            "cross_reference",
        )
    for key, value in defs["leaf"]["properties"].items():
        assert value["description"], key


CONTROL_FILES = sorted(
    p
    for p in (PROJECT / "controls").rglob("*.yaml")
    if not _NOT_CONTROLS & set(p.relative_to(PROJECT / "controls").parts)
)


def test_every_shipped_control_meets_the_complete_schema() -> None:
    validator = _validator()
    assert len(CONTROL_FILES) >= 90
    for path in CONTROL_FILES:
        errors = [e.message for e in validator.iter_errors(_as_json(path))]
        assert errors == [], path


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("not_after:", "not_afer:"),  # an operator
        ("      register: datalekken\n", "      registr: datalekken\n"),  # a check parameter
        ("    - check: register\n", "    - check: registr\n"),  # a check type
    ],
)
def test_a_typo_fails_the_complete_schema(tmp_path: Path, old: str, new: str) -> None:
    source = PROJECT / "controls" / "GB" / "GB.02-datalekken.yaml"
    content = source.read_text(encoding="utf-8")
    assert old in content
    broken = tmp_path / "GB.02.yaml"
    broken.write_text(content.replace(old, new, 1), encoding="utf-8")
    assert not _validator().is_valid(_as_json(broken))


def test_the_config_schema_has_each_english_alias_beside_its_dutch_key() -> None:
    schema = load_schema("config")
    assert config.SCHEMA is schema
    aliases: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for name, value in node.get("properties", {}).items():
                if isinstance(value, dict) and "$ref" in value and len(value) == 2:
                    aliases[name] = value["$ref"].rsplit("/", 1)[-1]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert aliases == config._ENGLISH


def test_an_english_config_meets_the_schema_editors_use(tmp_path: Path) -> None:
    (tmp_path / "ibpaudit.yaml").write_text(
        "board: T\ntarget_level: 3\nlanguage: en\nreports: {formats: [json], dir: out}\n"
        "controls:\n  skip: [{id: GO.02-beleid, reason: niet van toepassing}]\n",
        encoding="utf-8",
    )
    data = load_yaml_file(tmp_path / "ibpaudit.yaml", "ibpaudit.yaml", 1024)
    assert jsonschema.Draft202012Validator(load_schema("config")).is_valid(data)
    assert config.load_config(tmp_path).board == "T"
    wrong = {**data, "doelniveau": 9}
    assert not jsonschema.Draft202012Validator(load_schema("config")).is_valid(wrong)


def test_the_waivers_schema_is_the_one_the_code_requires() -> None:
    assert waivers.SCHEMA is load_schema("waivers")
    assert set(waivers.REQUIRED) == set(waivers.SCHEMA["items"]["properties"])
