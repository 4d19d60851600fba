"""Every hook ibpaudit calls. Implement them with ``@ibpaudit.hookimpl``.

Hooks are called with keyword arguments, and an implementation may accept fewer
arguments than its spec (name them exactly as here). Built-in readers, check types,
reporters and the catalog are plugins that implement these hooks exactly as a
third-party plugin would; a guide with worked examples is ``docs/plugins.md``.

How ibpaudit calls hooks (true of every hook below):

* **One plugin manager per run.** Built-ins first, then entry points (group
  ``ibpaudit``), then a dossier's ``plugins/*.py``. A plugin switched off with
  ``--disable-plugin NAME`` or ``plugins.uitschakelen`` in ``ibpaudit.yaml`` is never
  registered, in any command.
* **A plugin that raises is isolated.** Every plain implementation is called inside its
  own guard: an exception (even ``SystemExit``) is reported as a problem naming the
  plugin and the hook (in the results document's ``problems``, and the run exits 2),
  and only what that plugin offers is missing: its check types' checks become *error*,
  its report is not written, a file its reader crashed on is unreadable (*error* for the
  controls that use it). The other plugins and the rest of the audit carry on.
* **Wrappers work as in pluggy.** ``@hookimpl(wrapper=True)`` (and the old
  ``hookwrapper=True``) implementations run around the plain ones and may change the
  result (``result = yield``; ``return`` a new one). They are not guarded one by one:
  a wrapper that raises takes the whole hook call with it. For the combining hooks that
  is reported naming the wrappers and the hook gives no results in that run; around
  ``ibpaudit_read_evidence`` the file being read becomes unreadable (an *error* naming
  the wrappers), and the audit goes on. Keep wrappers small.
* **A misspelt hook is reported.** A function marked ``@hookimpl`` whose name is no hook
  here (``ibpaudit_report_format``) is a problem naming the plugin, the name and the
  closest hook, unless it is marked ``@hookimpl(optionalhook=True)``.
* ``tryfirst=True`` / ``trylast=True`` order implementations as pluggy does; the
  combining hooks give results in call order (pluggy calls the last registered first).

.. versionadded:: 0.1
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import pluggy

from ibpaudit.model import CheckType, Evidence, EvidenceFile, Limits, ReportFormat

hookspec = pluggy.HookspecMarker("ibpaudit")


@hookspec
def ibpaudit_add_options(parser: argparse.ArgumentParser) -> None:
    """Add command-line options to ``ibpaudit run``.

    Called for every plugin when a run is set up: on the parser of ``ibpaudit run``,
    and on a private parser to learn the defaults for commands that parse no such
    command line (``validate``, ``test-controls``, ``pytest --ibpaudit``).

    :param parser: the ``argparse`` parser of ``ibpaudit run``; call
        ``parser.add_argument``. Give options a prefix of your own (``--csv-...``).
        ``getattr(parser, "lang", "nl")`` is the language of its help ("nl" or "en"):
        give ``help`` in it (``Text(nl=..., en=...).get(lang)``). An
        ``ArgumentTypeError`` message of two lines, ``"Nederlands\nEnglish"``, is shown
        in the user's language.
    :returns: nothing.

    Only the options plugins add reach plugins: checks get their values as
    ``ctx.options`` (by ``dest``), reporters as ``options.extra``. An implementation that
    raises is reported and its options are missing.

    Example::

        @hookimpl
        def ibpaudit_add_options(parser):
            parser.add_argument("--csv-separator", default=";")

    .. versionadded:: 0.1
    """


@hookspec
def ibpaudit_catalog_dirs(root: Path | None) -> Sequence[Path]:
    """Offer folders of catalog files: ``frameworks/``, ``reference/``, control
    ``*.yaml`` files, and ``cases/`` for ``ibpaudit test-controls``.

    Called once per run (and by ``controls`` and ``test-controls``) for every plugin.

    :param root: the dossier root, or None outside a dossier (``ibpaudit controls``).
    :returns: folders (``Path``); an empty sequence to offer none.

    All results are combined; a later folder's control or reference file
    overrides an earlier one with the same ID (the dossier's own ``controls/`` comes
    last, and is refused under ``--dossier-as-data``). An implementation that raises is
    reported and its folders are missing.

    Example::

        @hookimpl
        def ibpaudit_catalog_dirs(root):
            return [Path(__file__).parent / "controls"]

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec(firstresult=True)
def ibpaudit_read_evidence(path: Path, file: EvidenceFile, limits: Limits) -> Evidence | None:
    """Read one evidence file of the dossier.

    Called once per file, before any check runs, until a reader returns an Evidence
    (``firstresult``: the first non-None result wins; later readers are not asked).
    Outside plugins are asked before the built-ins.

    :param path: the file on disk (a regular file within the size limit).
    :param file: its dossier-relative POSIX path (``file.path``), SHA-256 and size,
        computed before any reader runs; pass it on as ``Evidence.file``.
    :param limits: the safety limits (:class:`ibpaudit.Limits`) every reader honours.
    :returns: an :class:`ibpaudit.Evidence`, or None when this reader does not handle
        the file (:func:`ibpaudit.readers.by_suffix` does this by suffix).

    Raise :class:`ibpaudit.EvidenceError`, with a message that starts with
    ``file.path``, when the file is yours but cannot be read: the file is then
    unreadable and only the controls that use it become *error*. Any other exception
    is turned into such an EvidenceError naming your plugin. For a message in Dutch and
    English, raise ``EvidenceError.of(Text(nl=..., en=...))``.

    Example::

        def read(path, file, limits):
            data = json.loads(readers.decode(path.read_bytes(), file))
            return Evidence(file, "json", metadata=data)

        ibpaudit_read_evidence = readers.by_suffix({".json"}, read)

    .. versionadded:: 0.1
    """


@hookspec
def ibpaudit_check_types() -> Sequence[CheckType]:
    """Offer check types that a control can name in ``check:``.

    Called once per run for every plugin (the catalog, the engine and every rule-test
    case share the answer).

    :returns: :class:`ibpaudit.CheckType` objects: ``name``; ``schema``, the JSON Schema
        of the parameters (build it with :func:`ibpaudit.checks.schema`; controls are
        validated against it when the catalog loads); ``evaluate(ctx, params)``, which
        gets an :class:`ibpaudit.CheckContext` and the validated parameters and returns
        an :class:`ibpaudit.CheckOutcome`; and ``description``, a :class:`ibpaudit.Text`.

    All results are combined; a name offered by two plugins is a configuration error
    (exit 2) naming both. ``evaluate`` must not read files: everything is on
    ``ctx.dossier`` (:class:`ibpaudit.DossierView`). A finding is *failed* when the
    evidence shows the control is not met and *error* when it cannot be judged. An
    ``evaluate`` that raises makes only that check *error*; an implementation of this
    hook that raises is reported and controls using its check types become *error*.

    Example::

        def evaluate(ctx, params):
            ev, findings = checks.register(ctx, params["register"])
            if ev is not None and len(ev.records) > params["max"]:
                findings.append(checks.failed(text("te veel rijen", "too many rows")))
            return CheckOutcome(tuple(findings), (ev.location,) if ev else ())

        @hookimpl
        def ibpaudit_check_types():
            params = checks.schema(
                {"register": {"type": "string"}, "max": {"type": "integer"}},
                ["register", "max"],
            )
            return [CheckType("row_count_at_most", evaluate, params,
                              text("Niet te veel rijen", "Not too many rows"))]

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec
def ibpaudit_report_formats() -> Sequence[ReportFormat]:
    """Offer output formats for ``ibpaudit run --format NAME``.

    Called once per run for every plugin, after the audit.

    :returns: :class:`ibpaudit.ReportFormat` objects: ``name`` (for ``--format``),
        ``filename`` (a plain file name in the output folder), ``render(results,
        options) -> bytes``, ``description`` and optionally ``stream(results, options)
        -> Iterable[bytes]`` (the same bytes in chunks, written as they come, for a
        report too large to hold whole). ``render`` gets the results document
        (a JSON-ready mapping, valid against ``ibpaudit/schemas/results.schema.json``,
        already redacted and inert) and :class:`ibpaudit.ReportOptions` (``lang``,
        ``extra``); it renders from the document alone.

    All results are combined; a name offered twice is a configuration error (exit 2). A
    ``render`` that raises costs only its own report, and is reported.

    Example::

        def render(results, options):
            return f"{results['summary']['failed']} failed\\n".encode()

        @hookimpl
        def ibpaudit_report_formats():
            return [ReportFormat("count", "count.txt", render,
                                 text("Aantal gefaald", "Number failed"))]

    .. versionadded:: 0.1
    """
    raise NotImplementedError
