"""A test harness for plugin authors (public API), in the spirit of pytest's ``pytester``
and yamllint's ``RuleTestCase``: write a few real files as a small dossier, and judge one
check, run a control's pass/fail cases, or audit the whole dossier, with the real
readers, catalog and engine, plus the plugins under test.

    from ibpaudit import testing

    def test_duplicates_fail(tmp_path):
        outcome = testing.judge(
            tmp_path / "dossier",
            {"registers/verwerkers.csv": "leverancier;product\\nA;X\\nA;Y\\n"},
            "unique_values",
            {"register": "verwerkers", "column": "leverancier"},
            as_of=date(2026, 3, 1),
            plugins=[my_plugin],
        )
        assert outcome.status is Status.FAILED

Plugins are plugin objects or modules (``import my_plugin``, or :func:`load_plugin` for a
single file); they are registered after the built-ins, as an installed plugin would be,
and listed in the results with origin ``test``. A plugin under test that cannot be used
(a misspelt hook, an import or hook that raises) makes :func:`judge` and
:func:`run_cases` raise :class:`ibpaudit.PluginError`, so that a test never passes on a
plugin ibpaudit did not load.

.. versionadded:: 0.1
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from ibpaudit import engine, hookimpl
from ibpaudit.catalog import check_spec_errors
from ibpaudit.dossier import Dossier
from ibpaudit.engine import cases
from ibpaudit.engine.cases import CaseResult
from ibpaudit.engine.evaluate import evaluate_control
from ibpaudit.engine.plugins import Plugins
from ibpaudit.errors import CatalogError, PluginError
from ibpaudit.model import CheckOutcome, CheckSpec, Control, Text, join, text
from ibpaudit.model.findings import plain_document

__all__ = [
    "DEFAULT_CONFIG",
    "CaseResult",
    "audit",
    "judge",
    "load_plugin",
    "run_cases",
    "write_dossier",
]

DEFAULT_CONFIG = "bestuur: Teststichting\n"
"""The ``ibpaudit.yaml`` :func:`write_dossier` writes when ``files`` brings none."""

_CONTROL = Control(
    id="T.01-test",
    norm="GO.02",
    title=Text(nl="Test", en="Test"),
    description=None,
    severity="low",
    tags=(),
    checks=(),
    path="ibpaudit.testing",
)


def write_dossier(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (dossier-relative POSIX path -> text in UTF-8, or bytes) under
    ``root``, with :data:`DEFAULT_CONFIG` as ``ibpaudit.yaml`` unless ``files`` has one.
    Returns ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    if "ibpaudit.yaml" not in files:
        (root / "ibpaudit.yaml").write_text(DEFAULT_CONFIG, encoding="utf-8")
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def load_plugin(path: Path, name: str | None = None) -> ModuleType:
    """Import a single-file plugin (one you would drop in a dossier's ``plugins/``) as a
    module, to pass in ``plugins=``. ``name`` defaults to the file's stem."""
    module_name = name or path.stem
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"{path}: cannot be imported as a plugin")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(module_name, None)
        raise
    return module


def judge(
    root: Path,
    files: Mapping[str, str | bytes],
    check: str,
    params: Mapping[str, Any],
    *,
    as_of: date,
    plugins: Sequence[object] = (),
    control: Control | None = None,
) -> CheckOutcome:
    """Write ``files`` as a dossier under ``root`` and judge one check of type ``check``
    with ``params``, as ``ibpaudit run`` judges it on that as-of date: the parameters are
    validated against the check type's schema, the files are read by the real readers
    (and those of ``plugins``) within the dossier's limits, and ``control`` (default: a
    board-wide test control) gives the scope: with ``scope: school`` the check runs once
    per school of ``organisatie.yaml`` and the findings of every school are returned.

    Returns the check's :class:`ibpaudit.CheckOutcome` (the age of the evidence, which a
    control's ``max_evidence_age`` adds as a check of its own, is not part of it).
    Raises :class:`ibpaudit.CatalogError` for parameters the schema refuses and
    :class:`ibpaudit.PluginError` when a plugin could not be used."""
    write_dossier(root, files)
    run = engine.open_run(root, as_of=as_of, extra_plugins=plugins)
    _no_plugin_problems(run.plugins)
    spec = CheckSpec(level=2, index=0, type=check, params=dict(params), description=None)
    check_types = {name: ct for name, (ct, _) in run.plugins.check_types().items()}
    errors = check_spec_errors(spec, check_types)
    if errors:
        raise CatalogError.of(
            text("controle '{c}': {e}", "check '{c}': {e}", c=check, e=join(errors))
        )
    catalog = engine.load_catalog(run.plugins, root)
    dossier = Dossier.load(root, run.config, run.plugins, run.options.limits)
    the_control = replace(control or _CONTROL, checks=(spec,), max_evidence_age=None)
    result = evaluate_control(the_control, engine.judge_for(run, dossier, catalog))
    _no_plugin_problems(run.plugins)
    outcomes = [c.outcome for c in result.checks if c.spec.type == check]
    return CheckOutcome(
        tuple(f for o in outcomes for f in o.findings),
        tuple(loc for o in outcomes for loc in o.evidence),
    )


def run_cases(catalog_dir: Path, *, plugins: Sequence[object] = ()) -> list[CaseResult]:
    """Run the rule-test cases under ``catalog_dir/cases/<control-id>/pass*|fail*/`` for
    the controls in ``catalog_dir`` (``*.yaml``), as ``ibpaudit test-controls`` does, with
    ``plugins`` loaded. Each :class:`CaseResult` has ``ok`` (a pass case passed, a fail
    case failed), ``status``, ``expected`` and the findings' ``messages``.

    Raises :class:`ibpaudit.CatalogError` when a control file is invalid or a case folder
    names no control, and :class:`ibpaudit.PluginError` when a plugin could not be
    used."""

    class _CatalogDir:
        @hookimpl
        def ibpaudit_catalog_dirs(self) -> list[Path]:
            return [catalog_dir]

    run = engine.open_run(None, extra_plugins=[*plugins, _CatalogDir()])
    _no_plugin_problems(run.plugins)
    catalog = engine.load_catalog(run.plugins, None)
    if catalog.problems:
        raise CatalogError.of(join([p.message for p in catalog.problems]))
    controls = {c.id: c for c in catalog.controls}
    found = cases.find_cases([catalog_dir], None)
    orphans = [c.label for c in found if c.control_id not in controls]
    if orphans:
        raise CatalogError.of(
            text(
                "testgevallen zonder maatregel met dat ID: {o}; hernoem de map naar het ID "
                "van een maatregel",
                "cases without a control of that ID: {o}; rename the folder to a control's ID",
                o=", ".join(orphans),
            )
        )
    results = [cases.run_case(c, controls[c.control_id], catalog, run) for c in found]
    _no_plugin_problems(run.plugins)
    return results


def audit(
    root: Path,
    files: Mapping[str, str | bytes],
    *,
    plugins: Sequence[object] = (),
    **overrides: Any,
) -> dict[str, Any]:
    """Write ``files`` as a dossier under ``root`` and audit it as ``ibpaudit run`` does,
    with ``plugins`` loaded; returns the results document (``results.json`` as a dict,
    valid against ``ibpaudit/schemas/results.schema.json``). ``overrides`` are the run's
    options: ``as_of``, ``lang``, ``only``, ``skip``, ``disable``, ``target_level``,
    ``plugin_options``. Plugin problems are in the document's ``problems``."""
    write_dossier(root, files)
    document = engine.audit(engine.open_run(root, extra_plugins=plugins, **overrides))
    # As results.json holds it: each check's findings a list, not a FindingList.
    result: dict[str, Any] = plain_document(document)
    return result


def _no_plugin_problems(plugins: Plugins) -> None:
    if plugins.problems:
        raise PluginError.of(join([p.message for p in plugins.problems]))
