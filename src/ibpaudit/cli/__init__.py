"""The ``ibpaudit`` command: run, diff, validate, controls, test-controls, init, explain.

Exit codes: 0 pass, 1 controls fail, 2 evidence or configuration errors, 3 internal
error, 4 usage error. A user error prints one line naming the file and place; only a
real bug prints a traceback (exit 3). Reports go to files; messages go to stderr.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ibpaudit.cli import options
from ibpaudit.cli.parser import Parser, chooser, language
from ibpaudit.errors import ConfigError, ExitCode, IbpauditError, UsageError
from ibpaudit.i18n import Lang, Text, join

if TYPE_CHECKING:
    from ibpaudit.engine.run import Run
    from ibpaudit.model import Catalog


class _Version(argparse.Action):
    """``--version``, reading the package metadata only when asked (start-up time)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, argparse.SUPPRESS, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from ibpaudit import __version__

        print(f"ibpaudit {__version__}")
        parser.exit()


def build_parser(
    lang: Lang = "nl",
    extend_run: Callable[[argparse.ArgumentParser], object] | None = None,
    only_run: bool = False,
) -> argparse.ArgumentParser:
    """The command line in ``lang``; ``extend_run`` lets plugins add options to ``run``;
    ``only_run``: without the other commands (for an argv that starts with ``run``: what
    it parses and every message about it are the same).

    Every sub-command module has ``add_parser(sub, lang)`` (see :mod:`ibpaudit.cli.parser`).
    """
    t = chooser(lang)
    parser = Parser(
        prog="ibpaudit",
        description=options.description(lang),
        epilog=options.epilog(lang),
        lang=lang,
    )
    parser.add_argument(
        "--version",
        action=_Version,
        help=t("toon het versienummer en stop", "show the version number and exit"),
    )
    sub = parser.subparsers(dest="command", required=True)
    options.add_run(sub, lang, extend_run)
    if only_run:
        return parser
    options.add_listings(sub, lang)
    from ibpaudit.cli import explain, init, sector

    init.add_parser(sub, lang)
    options.add_common(explain.add_parser(sub, lang), lang)
    sector.add_parser(sub, lang)
    return parser


def _say(message: str) -> None:
    """A message on stderr, every line inert (see :mod:`ibpaudit.inert`)."""
    from ibpaudit import inert

    for line in message.split("\n"):
        print(inert.line(line), file=sys.stderr)


def _out(line: str) -> None:
    """A line of a command's output on stdout, inert like every message."""
    from ibpaudit import inert

    print(inert.line(line))


def _out_json(value: object) -> None:
    import json

    from ibpaudit import inert

    print(json.dumps(inert.document(value), indent=2, ensure_ascii=False))


def _open(args: argparse.Namespace, root: Path | None, *, catalog_only: bool = False) -> Run:
    """The run of a command that reads a dossier (or, without one, the installed catalog):
    its settings and the plugins that its ``ibpaudit.yaml`` and ``--disable-plugin``
    leave enabled, the dossier's own only without ``--dossier-as-data``."""
    from ibpaudit.engine.run import open_run

    return open_run(
        root,
        disable=args.disable_plugin,
        as_data=args.dossier_as_data,
        as_of=getattr(args, "as_of", None),
        lang=getattr(args, "lang", None),
        config_optional=catalog_only,
    )


def _say_trust(
    plugins: Sequence[Mapping[str, Any]], overrides: Sequence[Mapping[str, Any]], lang: str
) -> None:
    """Say what of the dossier is code and what it overrides (see ibpaudit.reporting)."""
    from ibpaudit.results.console import trust_lines

    for line in trust_lines(plugins, overrides, lang):
        _say(line)


def _run(
    args: argparse.Namespace,
    argv: Sequence[str],
    parser: argparse.ArgumentParser,
    run_parser: argparse.ArgumentParser,
) -> int:
    """``run``: ``argv`` is parsed again by ``parser`` once the dossier's plugins have
    added their options to ``run_parser`` (its ``run`` sub-command)."""
    from ibpaudit import engine, results
    from ibpaudit.dossier.config import CONFIG_FILE
    from ibpaudit.engine.publish import publish
    from ibpaudit.model import ReportOptions
    from ibpaudit.model.gate import BASELINE_DEFAULT, DEFAULT, split_selectors
    from ibpaudit.results import gate, sector
    from ibpaudit.results.console import summary_lines

    root: Path = args.path
    run = _open(args, root)
    config, manager = run.config, run.plugins
    declared = manager.add_options(run_parser)
    args = parser.parse_args(argv)
    _known_formats(args.format, list(config.formats), manager.report_formats(), root)
    fail_on = args.fail_on or config.fail_on
    if fail_on is None:
        fail_on = BASELINE_DEFAULT if args.baseline else DEFAULT
    if fail_on.rule("regression") and args.baseline is None:
        source = "--fail-on" if args.fail_on else f"{CONFIG_FILE}: falen_bij"
        raise _usage(
            "{source}: 'regression' vraagt --baseline OUD.json om mee te vergelijken",
            "{source}: 'regression' needs --baseline OLD.json to compare with",
            source=source,
        )
    baseline = None
    if args.baseline is not None:
        from ibpaudit.results.diff import load_results

        baseline = load_results(args.baseline)
    peers = sector.load(args.sector) if args.sector is not None else None
    if args.show_personal_data and os.environ.get("CI", "").lower() not in ("", "0", "false"):
        raise _usage(
            "--show-personal-data is voor een lokale run: artefacten van CI mogen geen "
            "persoonsgegevens bevatten",
            "--show-personal-data is for a local run: CI artifacts must not carry personal data",
        )
    plugin_options = {dest: getattr(args, dest) for dest in declared}
    run = run.configure(
        as_of=args.as_of,
        lang=args.lang,
        target_level=args.target_level,
        only=split_selectors(args.only),
        skip=split_selectors(args.skip),
        plugin_options=plugin_options,
        command=("ibpaudit", *argv),
        show_personal_data=args.show_personal_data,
    )
    lang = run.lang
    document = engine.audit(run)
    comparison = None
    if baseline is not None:
        from ibpaudit.results.diff import compare

        comparison = {
            **baseline.to_json(),
            **compare(baseline.document, document).to_json(),
        }
    document = results.add_gate(document, fail_on, comparison)
    if peers is not None:  # the board beside its sector, per norm
        document = sector.compare(document, peers)
    problems_before = len(manager.problems)
    output = args.output or _configured_output(root, config.output_dir)
    formats = args.format or list(config.formats)
    options = ReportOptions(lang=lang, extra=plugin_options)
    written, record = publish(document, run, formats, output, options, args.sign)
    for folder in document["run"].get("report_folders", ()):
        _say(
            f"ibpaudit: {folder}: "
            + (
                "bevat rapporten van ibpaudit; niet als bewijs gelezen"
                if lang == "nl"
                else "holds ibpaudit reports; not read as evidence"
            )
        )
    # Always said, even with --quiet: what of the dossier was code, and what it overrode.
    _say_trust(document["plugins"], document.get("overrides", ()), lang)
    if record is not None:  # always: the one line to keep outside the report folder
        _say(
            f"ibpaudit: manifest SHA-256 {record.sha256} ({record.path})"
            if lang == "en"
            else f"ibpaudit: manifest-SHA-256 {record.sha256} ({record.path})"
        )
    paths = [w.path for w in written]
    for line in summary_lines(document, paths, lang, quiet=args.quiet, verbose=args.verbose):
        _say(line)
    report_problems = manager.problems[problems_before:]
    for problem in report_problems:
        _say(f"ibpaudit: {problem.message.get(lang)}")
    code = gate.run_code(document, len(report_problems))
    if args.quiet and code == ExitCode.EVIDENCE_ERROR and not report_problems:
        _say(_why_2(document).get(lang))  # --quiet left out the lines that said it
    return int(code)


def _why_2(document: Mapping[str, Any]) -> Text:
    """The one line a ``--quiet`` run prints when it exits 2: which controls are in
    *error* and the first problem of the run."""
    errors = [str(c["id"]) for c in document["controls"] if c["status"] == "error"]
    shown = ", ".join(errors[:5]) + (", ..." if len(errors) > 5 else "")
    parts: list[Text] = []
    if errors:
        parts.append(
            Text(
                nl="{n} maatregel(en) in fout ({ids})", en="{n} control(s) in error ({ids})"
            ).format(n=len(errors), ids=shown)
        )
    problems = document["problems"]
    if problems:
        first = problems[0]
        parts.append(
            Text(
                nl="{n} probleem/problemen, eerst: {first}", en="{n} problem(s), first: {first}"
            ).format(n=len(problems), first=Text.of(first["message"]))
        )
    return Text(
        nl="ibpaudit: exitcode 2: {why}; zonder --quiet staat alles hier, en in de rapporten",
        en="ibpaudit: exit code 2: {why}; without --quiet everything is listed here, and in "
        "the reports",
    ).format(why=join(parts) if parts else Text(nl="fouten", en="errors"))


def _known_formats(
    given: Sequence[str] | None,
    configured: Sequence[str],
    available: Mapping[str, object],
    root: Path,
) -> None:
    """Only formats the loaded plugins offer, before anything is audited: an unknown one
    in ``--format`` is a usage error (exit 4), in ``rapporten.formaten`` a configuration
    error (exit 2); both name the formats there are."""
    from ibpaudit.dossier.config import CONFIG_FILE

    unknown = [f for f in (given or configured) if f not in available]
    if not unknown:
        return
    message = Text(
        nl="{source}: onbekend formaat {unknown}; kies uit {known}",
        en="{source}: unknown format {unknown}; choose from {known}",
    ).format(
        source="--format" if given else f"{root / CONFIG_FILE}: rapporten.formaten",
        unknown=", ".join(unknown),
        known=", ".join(sorted(available)),
    )
    error = UsageError if given else ConfigError
    raise error(message.en, message.to_json())


def _configured_output(root: Path, configured: str) -> Path:
    """``rapporten.map`` from the dossier's own ibpaudit.yaml: a dossier may choose where
    its reports go inside itself or the working directory, never elsewhere (a committed
    ``map: ../../..`` must not make a CI run write over other files); ``--output``
    confirms any other place."""
    from ibpaudit.dossier.config import CONFIG_FILE

    chosen = Path(configured)
    resolved = chosen.resolve()
    if any(resolved.is_relative_to(p.resolve()) for p in (root, Path.cwd())):
        return chosen
    message = Text(
        nl="{file}: rapporten.map '{map}' ligt buiten het dossier en de werkmap; kies een map "
        "daarbinnen, of bevestig met --output {map}",
        en="{file}: rapporten.map '{map}' lies outside the dossier and the working directory; "
        "choose a folder inside, or confirm with --output {map}",
    ).format(file=root / CONFIG_FILE, map=configured)
    raise ConfigError(message.en, message.to_json())


def _report_stopped_run(args: argparse.Namespace, exc: IbpauditError) -> None:
    """A run stopped before evaluation still leaves a junit.xml naming why (for CI)."""
    from ibpaudit.cli import error_report
    from ibpaudit.dossier.config import CONFIG_FILE, load_config

    if not (args.path / CONFIG_FILE).is_file():
        return  # no dossier here: nothing was configured, so no report either
    output: Path | None = args.output
    if output is None:
        try:
            output = _configured_output(args.path, load_config(args.path).output_dir)
        except IbpauditError:  # the configuration (or its report folder) is the problem
            output = Path("reports")
    lang = args.lang or language(())
    error_report.write(output, f"ibpaudit: {exc.in_language(lang)}")


def _diff(args: argparse.Namespace) -> int:
    from ibpaudit.results import diff
    from ibpaudit.results.console import diff_lines, diff_markdown

    old, new = diff.load_results(args.old), diff.load_results(args.new)
    comparison = diff.compare(old.document, new.document, args.target_level).to_json()
    if args.format == "json":
        out = {"old": old.to_json(), "new": new.to_json(), **comparison}
        _out_json(out)
    elif args.format == "markdown":
        print(diff_markdown(comparison, (old.to_json(), new.to_json()), args.lang), end="")
    else:
        for line in diff_lines(comparison, args.lang):
            _out(line)
    return int(ExitCode.FAILED if comparison["regressions"] else ExitCode.PASSED)


def _waivers(args: argparse.Namespace) -> int:
    from ibpaudit import engine
    from ibpaudit.dossier.waivers import horizon, load_waivers
    from ibpaudit.results.console import waiver_table

    # Control IDs are all it needs: the dossier's own code is never run for this list.
    args.dossier_as_data = True
    run = _open(args, args.path)
    catalog = engine.load_catalog(run.plugins, run.root)
    waivers = load_waivers(
        run.root, (c.id for c in catalog.controls), horizon(run.config.waiver_horizon_months)
    )
    as_of = run.options.as_of
    rows = [w.to_json(as_of, used=True) for w in waivers]
    open_count = sum(1 for w in waivers if w.active(as_of))
    ceiling = run.config.waiver_ceiling
    if args.format == "json":
        out = {"as_of": as_of.isoformat(), "open": open_count, "ceiling": ceiling, "waivers": rows}
        _out_json(out)
    else:
        for line in waiver_table(rows, open_count, ceiling, run.lang):
            _out(line)
    return int(ExitCode.FAILED if ceiling is not None and open_count > ceiling else ExitCode.PASSED)


def _verify(args: argparse.Namespace) -> int:
    from ibpaudit.engine import manifest, signing
    from ibpaudit.engine.run import open_run

    data = manifest.load(args.manifest)
    root: Path = args.path or Path(data["root"])
    config = open_run(root, with_plugins=False).config
    # No plugin is loaded, the dossier's least of all: a plugin added after the run could
    # otherwise change what "matches" means. The catalog folders come from the manifest.
    reports = args.reports or args.manifest.parent
    differences = manifest.verify(data, root, config, manifest.catalog_dirs(data, root), reports)
    for difference in differences:
        _say(f"ibpaudit verify: {difference.message.get(args.lang)}")
    signature = args.signature or args.manifest.with_name(args.manifest.name + signing.SUFFIX)
    if args.allowed_signers is not None:
        if not args.signer:
            raise _usage(
                "--allowed-signers vraagt --signer ID: wiens handtekening verwacht wordt",
                "--allowed-signers needs --signer ID: whose signature is expected",
            )
        problem = signing.verify(args.manifest, signature, args.allowed_signers, args.signer)
        if problem is not None:
            _say(f"ibpaudit verify: {problem.get(args.lang)}")
            return int(ExitCode.FAILED)
        _say(
            f"ibpaudit verify: {signature.name}: "
            + (
                f"geldige handtekening van {args.signer}"
                if args.lang == "nl"
                else f"valid signature by {args.signer}"
            )
        )
    elif signature.is_file():
        _say(
            f"ibpaudit verify: {signature.name}: "
            + (
                "handtekening niet gecontroleerd; geef --allowed-signers en --signer"
                if args.lang == "nl"
                else "signature not checked; pass --allowed-signers and --signer"
            )
        )
    if differences:
        _say(
            f"ibpaudit verify: {len(differences)} "
            + ("verschil(len) met" if args.lang == "nl" else "difference(s) from")
            + f" {args.manifest}"
        )
        return int(ExitCode.FAILED)
    _say(
        f"ibpaudit verify: {len(data['evidence'])} "
        + (
            "bewijsbestanden, de maatregelen en de rapporten komen overeen met"
            if args.lang == "nl"
            else "evidence files, the controls and the reports match"
        )
        + f" {args.manifest}"
    )
    return int(ExitCode.PASSED)


def _validate(args: argparse.Namespace) -> int:
    """Everything that would make ``ibpaudit run`` exit 2, and nothing else: the same
    engine audits the dossier, and every problem and every *error* finding is listed
    (no verdicts, no reports). Values in the lines are redacted as in every report."""
    from ibpaudit import engine
    from ibpaudit.results.console import finding_line, name_warnings, problem_line

    run = _open(args, args.path)
    lang = run.lang
    document = engine.audit(run)
    _say_trust(document["plugins"], document.get("overrides", ()), lang)
    lines = [problem_line(p, lang) for p in document["problems"]]
    for ev in document["evidence"]:
        lines += [finding_line(f, lang) for f in ev["problems"]]
    for control in document["controls"]:
        errors = [
            finding_line(f, lang)
            for check in control["checks"]
            for f in check["findings"]
            if f["status"] == "error"
        ]
        if not errors and control["status"] == "error":
            errors = [str(control["reason"][lang])]
        lines += [f"{control['id']}: {line}" for line in dict.fromkeys(errors)]
    for line in lines:
        _say(line)
    for warning in name_warnings(document["run"].get("personal_data_in_names", ()), lang):
        _say(warning)
    controls, files = len(document["controls"]), len(document["evidence"])
    _say(
        f"ibpaudit validate: {controls} "
        + (
            f"maatregelen, {files} bewijsbestanden, {len(lines)} probleem/problemen"
            if lang == "nl"
            else f"controls, {files} evidence files, {len(lines)} problem(s)"
        )
    )
    return int(ExitCode.EVIDENCE_ERROR if lines else ExitCode.PASSED)


def _coverage(args: argparse.Namespace, catalog: Catalog, root: Path | None) -> int:
    from ibpaudit.catalog import coverage
    from ibpaudit.dossier.mapping import load_mapping

    for problem in catalog.problems:
        _say(problem.message.get(args.lang))
    mapping = load_mapping(root, catalog) if root is not None else {}
    rows = coverage.norm_coverage(catalog, mapping)
    totals = coverage.summary(rows, catalog)
    if args.format == "json":
        _out_json({"norms": rows, "summary": totals})
    else:
        for line in coverage.table(rows, totals, args.lang):
            _out(line)
    return int(ExitCode.EVIDENCE_ERROR if catalog.problems else ExitCode.PASSED)


def _controls(args: argparse.Namespace) -> int:
    from ibpaudit import engine

    root: Path | None = args.path
    run = _open(args, root, catalog_only=True)
    args.lang = run.lang  # with the dossier's taal:
    manager = run.plugins
    if args.schema is not None:
        return max(_schema(args.schema, manager), _plugin_problems(manager, args))
    catalog = engine.load_catalog(manager, root)
    _say_trust(
        [i.to_json() for i in manager.infos], [o.to_json() for o in catalog.overrides], run.lang
    )
    if args.coverage:
        code = _coverage(args, catalog, root)
        return max(code, _plugin_problems(manager, args))
    for problem in catalog.problems:
        _say(problem.message.get(run.lang))
    if args.format == "oscal":
        from ibpaudit.cli import oscal

        print(oscal.catalog_json(catalog, root, args.lang))
        code = int(ExitCode.EVIDENCE_ERROR if catalog.problems else ExitCode.PASSED)
        return max(code, _plugin_problems(manager, args))
    rows: list[dict[str, Any]] = []
    for control in catalog.controls:
        found = catalog.norm(control.norm)
        rows.append(
            {
                "id": control.id,
                "norm": control.norm,
                "domain": found[1].domain if found else None,
                "norm_source": found[1].source if found else "unknown",
                "levels": list(control.levels),
                "checks": sorted({c.type for c in control.checks}),
                "severity": control.severity,
                "title": control.title.to_json(),
                "path": control.path,
            }
        )
    if args.format == "json":
        _out_json({"controls": rows})
    else:
        t = chooser(run.lang)
        _out(
            f"{t('MAATREGEL', 'CONTROL'):<28} {'NORM':<7} {t('NIVEAUS', 'LEVELS'):<8} "
            f"{t('CONTROLES', 'CHECKS'):<30} {t('TITEL', 'TITLE')}"
        )
        for row in rows:
            levels = ",".join(str(level) for level in row["levels"])
            _out(
                f"{row['id']:<28} {row['norm']:<7} {levels:<8} "
                f"{','.join(row['checks'])[:30]:<30} {row['title'][run.lang]}"
            )
    code = int(ExitCode.EVIDENCE_ERROR if catalog.problems else ExitCode.PASSED)
    return max(code, _plugin_problems(manager, args))


def _schema(target: str, manager: Any) -> int:
    """``controls --schema``: the control schema with every loaded check type's parameters."""
    from ibpaudit.catalog import editor

    schema = editor.full_schema({n: ct for n, (ct, _) in manager.check_types().items()})
    if target == "-":
        _out_json(schema)
    else:
        Path(target).write_text(editor.render(schema), encoding="utf-8")
        _say(f"ibpaudit: {target}")
    return int(ExitCode.PASSED)


def _shipped_catalog() -> Catalog:
    from ibpaudit import engine
    from ibpaudit.engine.run import open_run

    return engine.load_catalog(open_run(None, config_optional=True).plugins, None)


def _init(args: argparse.Namespace) -> int:
    from ibpaudit.cli import init

    target: Path = args.path
    if target.exists() and not target.is_dir():
        raise _usage(
            "init: '{target}' is een bestand, geen map",
            "init: '{target}' is a file, not a folder",
            target=target,
        )
    if args.voorbeeld:
        written, kept = init.copy_example(target)
    else:
        written, kept = init.write_skeleton(target, _shipped_catalog(), args)
    for line in init.summary(written, kept, target):
        _say(line.get(args.lang))
    return int(ExitCode.PASSED)


def _explain(args: argparse.Namespace) -> int:
    from ibpaudit.cli import explain

    catalog = _shipped_catalog()
    if args.dossier is not None:
        from ibpaudit import engine

        run = _open(args, args.dossier, catalog_only=True)
        catalog = engine.load_catalog(run.plugins, run.root)
    if args.reference:
        for line in explain.reference(catalog).splitlines():
            _out(line)
        return int(ExitCode.PASSED)
    if not args.id:
        raise _usage(
            "explain: geef een norm- of maatregel-ID, of --reference",
            "explain: give a norm or control ID, or --reference",
        )
    data = explain.explain(catalog, args.id, args.lang)
    if args.format == "json":
        _out_json(data)
    else:
        for line in explain.text_lines(data, args.lang):
            _out(line)
    return int(ExitCode.PASSED)


def _sector(args: argparse.Namespace) -> int:
    from ibpaudit.cli import sector

    return sector.run(args)


def _plugin_problems(manager: Any, args: argparse.Namespace) -> int:
    """Say what went wrong with plugins (a listing without them may be incomplete)."""
    lang = args.lang or language(())
    for problem in manager.problems:
        _say(f"ibpaudit: {problem.message.get(lang)}")
    return int(ExitCode.EVIDENCE_ERROR if manager.problems else ExitCode.PASSED)


def _test_controls(args: argparse.Namespace) -> int:
    from ibpaudit.engine import cases as casetest

    run = _open(args, args.path, catalog_only=True)
    args.lang = run.lang  # with the dossier's taal:
    manager = run.plugins
    _say_trust([i.to_json() for i in manager.infos], [], run.lang)
    results, orphans, incomplete = casetest.run_all(run, args.path)
    for line in casetest.iter_report(results, args.lang):
        _out(line)
    t = chooser(args.lang)
    for label in orphans:
        _say(
            f"{label}: "
            + t(
                "geen maatregel met deze ID; geef de map de ID van een maatregel",
                "no control with this ID; rename the folder to a control's ID",
            )
        )
    for control_id in incomplete:
        _say(
            t(
                f"ibpaudit: maatregel {control_id} heeft geen goed en fout geval onder cases/",
                f"ibpaudit: control {control_id} has no pass and fail case under cases/",
            )
        )
    failed = sum(1 for r in results if not r.ok)
    plugin_code = _plugin_problems(manager, args)
    _say(
        t(
            f"ibpaudit test-controls: {len(results)} gevallen, {failed} fout, "
            f"{len(incomplete)} maatregelen zonder beide gevallen",
            f"ibpaudit test-controls: {len(results)} cases, {failed} wrong, "
            f"{len(incomplete)} controls without both cases",
        )
    )
    if failed or orphans or (args.require_cases and incomplete):
        return max(int(ExitCode.FAILED), plugin_code)
    return plugin_code


def _reader_went_away() -> int:
    """``ibpaudit controls | head``: the reader closed the pipe. Stop quietly, as Unix
    tools do, with the shell's code for SIGPIPE; Python would otherwise complain again
    when it flushes stdout at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (captured in a test)
        pass
    return 128 + 13


def _builtin_run_options(parser: argparse.ArgumentParser) -> None:
    """The options built-in plugins add to ``run`` (the HTML report's ``--history``), for
    ``run --help`` before any dossier is read; a dossier's own plugins add theirs later."""
    from ibpaudit.engine.run import open_run

    open_run(None, config_optional=True).plugins.add_options(parser)


def _wants_help(argv: Sequence[str]) -> bool:
    return any(
        arg in ("-h", "--help") for arg in argv[: argv.index("--") if "--" in argv else None]
    )


# Commands that read a dossier folder: its argument, and whether it may be left out.
_FOLDERS = {
    "run": "path",
    "validate": "path",
    "waivers": "path",
    "test-controls": "path",
    "controls": "path",
    "verify": "path",
    "explain": "dossier",
}


def _existing_folder(args: argparse.Namespace) -> None:
    """A dossier folder named on the command line must exist: a usage error (exit 4),
    like any other argument that names nothing, before any file is read."""
    name = _FOLDERS.get(args.command)
    folder: Path | None = getattr(args, name, None) if name else None
    if folder is None or folder.is_dir():
        return
    if folder.exists():
        raise _usage(
            "map '{folder}' is een bestand; geef de map van het dossier",
            "folder '{folder}' is a file; give the dossier's folder",
            folder=folder,
        )
    raise _usage(
        "map '{folder}' bestaat niet; geef de map van het dossier (met ibpaudit.yaml)",
        "folder '{folder}' does not exist; give the dossier's folder (with ibpaudit.yaml)",
        folder=folder,
    )


def _usage(nl: str, en: str, **params: object) -> UsageError:
    """A usage error (exit 4) in both languages."""
    message = Text(nl=nl, en=en).format(**params)
    return UsageError(message.en, message.to_json())


def _dispatch(argv: list[str]) -> int:
    # Plugins add options to 'run' (e.g. the HTML report's --history); they are known
    # only once the dossier's plugins are loaded, so 'run' parses its argv again then.
    lang = language(argv)
    run_parsers: list[argparse.ArgumentParser] = []
    # A run, the common case, needs no other command's parser.
    parse = build_parser(lang, run_parsers.append, only_run=argv[:1] == ["run"])
    if _wants_help(argv) and "run" in argv:
        parse = build_parser(lang, _builtin_run_options)
    args, unknown = parse.parse_known_args(argv)
    _existing_folder(args)
    if args.command == "run":
        if unknown and not (args.path / "ibpaudit.yaml").is_file():
            build_parser(lang).parse_args(argv)  # no dossier, no plugin options: usage error
        try:
            return _run(args, argv, parse, run_parsers[0])
        except IbpauditError as exc:
            if exc.exit_code == ExitCode.EVIDENCE_ERROR:
                _report_stopped_run(args, exc)
            raise
    if unknown:
        build_parser(lang).parse_args(argv)  # raises the usage error for the unknown option
    if args.command not in ("validate", "waivers", "controls", "test-controls"):
        args.lang = args.lang or lang  # these read no taal: from a dossier
    commands: dict[str, Callable[[argparse.Namespace], int]] = {
        "validate": _validate,
        "diff": _diff,
        "waivers": _waivers,
        "verify": _verify,
        "test-controls": _test_controls,
        "init": _init,
        "explain": _explain,
        "sector": _sector,
    }
    return commands.get(args.command, _controls)(args)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        code = _dispatch(argv)
        sys.stdout.flush()  # a closed pipe shows here, inside the try
        return code
    except IbpauditError as exc:
        _say(f"ibpaudit: {exc.in_language(language(argv))}")
        return int(exc.exit_code)
    except BrokenPipeError:
        return _reader_went_away()
    except KeyboardInterrupt:
        _say("ibpaudit: " + chooser(language(argv))("onderbroken", "interrupted"))
        return 130
    except Exception:
        import traceback

        from ibpaudit import __version__

        traceback.print_exc()
        _say(
            chooser(language(argv))(
                f"ibpaudit {__version__}: interne fout (een fout in ibpaudit); "
                "meld die graag met de traceback hierboven",
                f"ibpaudit {__version__}: internal error (a bug in ibpaudit); "
                "please report it with the traceback above",
            )
        )
        return int(ExitCode.INTERNAL_ERROR)


def script() -> NoReturn:
    """The ``ibpaudit`` executable (and ``python -m ibpaudit``): :func:`main`, then the
    process ends. Three things only an executable may do, each worth about 10-20 ms of a
    run on the example board: dataclass methods come compiled from the cache folder
    (:mod:`ibpaudit.classcache`), and what the command built is moved to the permanent
    generation before the exit, so the interpreter's last garbage collection does not
    walk it (the exit itself is the normal one: atexit handlers, files flushed), and
    the cycle collector runs after 200,000 new objects, not after 700 (as mypy
    does): a run builds long-lived objects (modules, the catalog, the results document)
    and few cycles, so each young collection walked them for nothing, 100 times and
    ~10 ms on the example board; cycles are still collected, memory stays bounded.
    In-process callers use :func:`main`, which does none of this."""
    gc.set_threshold(200_000, 30, 30)
    from ibpaudit.classcache import ClassCache

    classes = ClassCache.load()
    classes.install()
    argv = sys.argv[1:]
    try:
        code = main(argv)
    finally:
        classes.uninstall()
    # Never inside a folder named on the command line (a dossier, a report folder).
    classes.save(avoid=[Path(arg) for arg in argv if not arg.startswith("-")])
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    script()
