"""One run: load the catalog and the dossier, judge every selected control, and make the
redacted, inert results document every reporter renders from. The engine calls hooks
only; it knows no file format, check type or report format by name.

    run = open_run(root)              # engine.run: settings, plugins, options
    document = audit(run)             # this module
    write_reports(document, ...)      # engine.output
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ibpaudit import catalog as catalog_mod
from ibpaudit import inert, results
from ibpaudit.catalog.validated import KnownValid
from ibpaudit.dossier import Dossier, gitdates
from ibpaudit.dossier.mapping import load_mapping
from ibpaudit.dossier.waivers import horizon, load_waivers
from ibpaudit.engine.evaluate import Judge, evaluate_control, skip_reason, skipped_result
from ibpaudit.engine.output import Written, output_lock, write_atomically, write_reports
from ibpaudit.engine.plugins import Plugins
from ibpaudit.engine.redact import Redactor
from ibpaudit.engine.run import Run, open_run
from ibpaudit.engine.run_cache import RunCache
from ibpaudit.engine.selection import select
from ibpaudit.model import BoardConfig, Catalog, ControlResult, RunOptions, RunRecord, Waiver

__all__ = [
    "Run",
    "Written",
    "audit",
    "load_catalog",
    "open_run",
    "output_lock",
    "write_atomically",
    "write_reports",
]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Reading a register builds one record per row; these hold no reference cycles, so
    the cycle collector only costs time here (a third of it on a 100,000-row sheet).
    Reference counting still frees everything as usual.

    What the pause leaves alive (the records, the findings) lives as long as the run:
    it is moved to the oldest generation at once (``gc.freeze()`` then ``unfreeze()``),
    instead of being walked by the young collections that follow and moved up one
    generation at a time (0.3 s for 400,000 findings). Nothing is kept from the
    collector: a full collection still looks at all of it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if not gc.get_freeze_count():  # never undo what a host process froze
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def load_catalog(plugins: Plugins, root: Path | None) -> Catalog:
    """The catalog the plugins offer (and the dossier's own controls, unless its code and
    overrides are treated as data), validated against the check types on offer."""
    check_types = {name: ct for name, (ct, _) in plugins.check_types().items()}
    # The shipped catalog is validated once per content (see catalog.validated).
    known = KnownValid.open(check_types, False, root)
    return catalog_mod.load(
        plugins.catalog_dirs(root),
        check_types,
        root,
        refuse_overrides=plugins.as_data,
        known=known,
    )


def judge_for(
    run: Run,
    dossier: Dossier,
    catalog: Catalog,
    waivers: Mapping[str, Waiver] | None = None,
    git: gitdates.Reading | None = None,
) -> Judge:
    """What every control of ``run`` is judged against, for this dossier (``git``: the
    Git questions about it, if asked already)."""
    return Judge(
        dossier=dossier,
        cache=RunCache(dossier, git),
        check_types=run.plugins.check_types(),
        plugins=run.plugins,
        as_of=run.options.as_of,
        target=run.options.target_level or run.config.target_level,
        reference=catalog.reference,
        options=run.options.plugin_options,
        waivers=waivers or {},
    )


def audit(run: Run) -> dict[str, Any]:
    """Run one audit and return the results document. Controls outside the run's
    selection (default: ``controls.alleen`` in ibpaudit.yaml) are not evaluated and not
    reported."""
    # When each file last changed in Git is asked first: git answers in its own
    # processes while this one reads the catalog and the dossier.
    with gitdates.Reading(run.root) as git:
        return _audit(run, git)


def _audit(run: Run, git: gitdates.Reading) -> dict[str, Any]:
    started_at = datetime.now(UTC)
    clock = time.perf_counter()
    root, config, options = run.root, run.config, run.options
    full = load_catalog(run.plugins, root)
    run.read.update(full.files)
    # Waivers are validated against the whole catalog: one for a control left out of
    # this run is still a valid waiver, it just does not appear in the results.
    all_waivers = load_waivers(
        root, (c.id for c in full.controls), horizon(config.waiver_horizon_months)
    )
    mapping = load_mapping(root, full)
    catalog = select(full, run.selection)
    in_run = {c.id for c in catalog.controls}
    waivers = {w.control: w for w in all_waivers if w.control in in_run}
    with paused_gc():
        dossier = Dossier.load(root, config, run.plugins, options.limits)
        judge = judge_for(run, dossier, catalog, waivers, git)
        control_results: list[ControlResult] = []
        for control in catalog.controls:
            reason = skip_reason(control, config)
            if reason is None:
                control_results.append(evaluate_control(control, judge))
            else:
                control_results.append(skipped_result(control, judge.target, reason))
        judge.finish()  # per-run shared data never outlives the audit
    record = RunRecord(
        options=options,
        config=config,
        catalog=catalog,
        controls=tuple(control_results),
        evidence=dossier.evidence,
        organisation=dossier.organisation(),
        attestations=tuple(dossier.attestations()),
        report_folders=dossier.report_folders,
        schools=judge.cache.schools,
        waivers=tuple(waivers.values()),
        plugins=tuple(run.plugins.infos),
        plugin_problems=tuple(run.plugins.problems),
        dossier_as_data=run.plugins.as_data,
        started_at=started_at,
        duration_ms=(time.perf_counter() - clock) * 1000,
        target=judge.target,
        selection=run.selection,
        mapping=mapping,
        committed=judge.cache.git(),
        # Which files no control read means something only when every control ran.
        unread=tuple(dossier.unread()) if not (run.selection.only or run.selection.skip) else (),
    )
    document = results.build(record)
    # The findings live on in the document only: let the objects go before it is walked.
    del record, control_results, judge
    # Evidence text is inert in every report: all of them render from this document.
    return redacted(document, dossier, catalog, config, options)


def redacted(
    document: dict[str, Any],
    dossier: Dossier,
    catalog: Catalog,
    config: BoardConfig,
    options: RunOptions,
) -> dict[str, Any]:
    """Personal data out of the document every report renders from, unless the user
    asked to see it (``--show-personal-data``); the document says which. Evidence text
    is made inert in the same walk (see :meth:`Redactor.safe_document`)."""
    redactor = Redactor.for_dossier(dossier, config, catalog, not options.show_personal_data)
    document = redactor.safe_document(document)
    document["run"]["personal_data"] = "shown" if options.show_personal_data else "redacted"
    document["run"]["redactions"] = redactor.redacted
    document["run"]["personal_data_in_names"] = inert.document(redactor.names(dossier))
    return document
