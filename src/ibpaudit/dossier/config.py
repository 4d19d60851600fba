"""The dossier's ``ibpaudit.yaml``: board, target level, language, scope, outputs.

Keys are Dutch (the users are); the obvious English keys are accepted too.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from ibpaudit.errors import ConfigError
from ibpaudit.i18n import Text, text
from ibpaudit.model import BoardConfig, maturity_level
from ibpaudit.model.gate import GateSpecError, parse_fail_on
from ibpaudit.model.provenance import maturity_names_listed
from ibpaudit.model.vocabulary import CONFIG_FILE as CONFIG_FILE
from ibpaudit.schemas import load_schema, remembered
from ibpaudit.schemas.phrasing import Issue, located, schema_issues
from ibpaudit.values import AS_OF_RANGE, ValueParseError, out_of_range, parse_date
from ibpaudit.yamlio import YamlError, key_line, line_of, load_yaml_file

_ENGLISH = {
    "version": "versie",
    "board": "bestuur",
    "target_level": "doelniveau",
    "language": "taal",
    "reports": "rapporten",
    "formats": "formaten",
    "dir": "map",
    "only": "alleen",
    "skip": "overslaan",
    "disable": "uitschakelen",
    "evidence": "bewijs",
    "ignore": "negeren",
    "max_file_mb": "max_bestand_mb",
    "max_cells": "max_cellen",
    "max_pages": "max_paginas",
    "reason": "reden",
    "as_of": "peildatum",
    "fail_on": "falen_bij",
    "personal_data": "persoonsgegevens",
    "columns": "kolommen",
    "waivers": "ontheffingen",
    "max_horizon_months": "max_termijn_maanden",
    "max_open": "maximum_open",
}

# schemas/config.schema.json: the Dutch keys, each English alias beside its Dutch key
# for editors; the code maps English to Dutch first (_ENGLISH) and validates that.
SCHEMA: dict[str, Any] = load_schema("config")


# Mappings whose keys are the board's or the catalog's names, never settings: not translated.
_NAMES = frozenset({"registers", "kolommen"})


def _english_to_dutch(value: Any, names: bool = False) -> Any:
    if isinstance(value, Mapping):
        if names:
            return dict(value)
        out = {}
        for k, v in value.items():
            key = _ENGLISH.get(str(k), str(k))
            out[key] = _english_to_dutch(v, key in _NAMES)
        return out
    if isinstance(value, list):
        return [_english_to_dutch(v) for v in value]
    return value


def config_error(label: str, raw: Any, issue: Issue) -> ConfigError:
    """A board file's first problem in our words (``ibpaudit.yaml:4: taall: 'taall' is not
    a known key here; did you mean 'taal'?``), in English and Dutch."""
    _, message = located(label, raw, issue)
    return ConfigError(message.en, {"nl": message.nl})


def _as_of_error(line: int | None, why: Text) -> Text:
    return text(
        "{f}:{line}: peildatum: {why}",
        "{f}:{line}: peildatum: {why}",
        f=CONFIG_FILE,
        line=line,
        why=why,
    )


def load_config(root: Path) -> BoardConfig:
    """Read ``ibpaudit.yaml`` from the dossier root; a missing file is a usage error upstream."""
    path = root / CONFIG_FILE
    if not path.is_file():
        message = text(
            "{path}: niet gevonden; de map van een dossier bevat ibpaudit.yaml (geef "
            "'ibpaudit run PAD' de map die het heeft, of maak er een met 'ibpaudit init')",
            "{path}: not found; a dossier root holds ibpaudit.yaml (run 'ibpaudit run PATH' "
            "with the folder that has it, or make one with 'ibpaudit init')",
            path=path,
        )
        raise ConfigError(message.en, {"nl": message.nl})
    try:
        raw = load_yaml_file(path, CONFIG_FILE, 1024 * 1024)
    except YamlError as exc:
        raise ConfigError.of(exc.as_text()) from exc
    data = _english_to_dutch(raw if raw is not None else {})
    if isinstance(data, Mapping) and isinstance(data.get("peildatum"), date):
        data = {**data, "peildatum": data["peildatum"].isoformat()}
    if not isinstance(data, Mapping):
        message = text(
            "{file}: verwacht bovenaan instellingen (sleutel: waarde)",
            "{file}: expected a mapping of settings at the top level",
            file=CONFIG_FILE,
        )
        raise ConfigError(message.en, {"nl": message.nl})
    issues = remembered.unless_known(SCHEMA, data, root, lambda: schema_issues(SCHEMA, data))
    if issues:
        raise config_error(CONFIG_FILE, raw, issues[0])
    target_level = maturity_level(data.get("doelniveau", 3))
    if target_level is None:
        key = "target_level" if isinstance(raw, Mapping) and "target_level" in raw else "doelniveau"
        line = key_line(raw, [key])
        where = f"{CONFIG_FILE}:{line}" if line else CONFIG_FILE
        value = data["doelniveau"]
        raise ConfigError(
            f"{where}: doelniveau: {value!r} is not a maturity level; write 1-5 or a "
            f"level's name ({maturity_names_listed()})",
            {
                "nl": f"{where}: doelniveau: {value!r} is geen volwassenheidsniveau; schrijf "
                f"1-5 of de naam van een niveau ({maturity_names_listed()})"
            },
        )
    as_of = None
    if data.get("peildatum") is not None:
        try:
            as_of = parse_date(data["peildatum"])
        except ValueParseError as exc:
            line = line_of(raw, ["peildatum"])
            raise ConfigError.of(_as_of_error(line, exc.text)) from None
        if not AS_OF_RANGE[0] <= as_of <= AS_OF_RANGE[1]:
            line = line_of(raw, ["peildatum"])
            raise ConfigError.of(_as_of_error(line, out_of_range(as_of)))
    fail_on = None
    if data.get("falen_bij") is not None:
        try:
            fail_on = parse_fail_on(data["falen_bij"])
        except GateSpecError as exc:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            line = next(
                (i for i, t in enumerate(lines, 1) if t.startswith(("falen_bij:", "fail_on:"))),
                None,
            )
            where = f"{CONFIG_FILE}:{line}" if line else CONFIG_FILE
            message = text("{where}: falen_bij: {why}", "{where}: falen_bij: {why}", where=where)
            message = message.format(why=exc.text)
            raise ConfigError(message.en, {"nl": message.nl}) from None
    controls = data.get("controls", {})
    skip: dict[str, str] = {}
    for item in controls.get("overslaan", ()):
        if isinstance(item, str):
            skip[item] = "overgeslagen in ibpaudit.yaml"
        else:
            skip[item["id"]] = item["reden"]
    reports = data.get("rapporten", {})
    evidence = data.get("bewijs", {})
    return BoardConfig(
        board=data.get("bestuur"),
        sector=data.get("sector"),
        target_level=target_level,
        lang=data.get("taal", "nl"),
        as_of=as_of,
        only=tuple(controls.get("alleen", ())),
        skip=skip,
        formats=tuple(reports.get("formaten", BoardConfig.formats)),
        output_dir=reports.get("map", "reports"),
        disabled_plugins=tuple(data.get("plugins", {}).get("uitschakelen", ())),
        ignore=tuple(evidence.get("negeren", ())),
        registers=dict(evidence.get("registers", {})),
        columns={
            str(register): {str(k): str(v) for k, v in mapping.items()}
            for register, mapping in evidence.get("kolommen", {}).items()
        },
        max_file_mb=evidence.get("max_bestand_mb"),
        max_cells=evidence.get("max_cellen"),
        max_pages=evidence.get("max_paginas"),
        fail_on=fail_on,
        personal_columns=tuple(data.get("persoonsgegevens", {}).get("kolommen", ())),
        waiver_horizon_months=data.get("ontheffingen", {}).get("max_termijn_maanden", 12),
        waiver_ceiling=data.get("ontheffingen", {}).get("maximum_open"),
    )
