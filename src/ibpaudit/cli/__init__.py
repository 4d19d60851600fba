"""The ``ibpaudit`` command: run, diff, validate, controls, test-controls, init, explain.

Exit codes: 0 pass, 1 controls fail, 2 evidence or configuration errors, 3 internal
error, 4 usage error. A user error prints one line naming the file and place; only a
real bug prints a traceback (exit 3). Reports go to files; messages go to stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ibpaudit import __version__
from ibpaudit.errors import ConfigError, ExitCode, IbpauditError, UsageError
from ibpaudit.values import parse_as_of

if TYPE_CHECKING:
    from ibpaudit.engine.run import Run
    from ibpaudit.model import Catalog, FailOn

DESCRIPTION = (
    "Audit het IBP-dossier van een schoolbestuur tegen het Normenkader IBP funderend "
    "onderwijs. / Audit a school board's IBP dossier against the Normenkader IBP."
)
EPILOG = (
    "exit codes: 0 pass, 1 controls fail, 2 evidence/configuration errors, "
    "3 internal error, 4 usage error"
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _fail_on(value: str) -> FailOn:
    from ibpaudit.model.gate import GateSpecError, parse_fail_on

    try:
        return parse_fail_on(value)
    except GateSpecError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _formats(value: str) -> list[str]:
    return [f.strip() for f in value.split(",") if f.strip()]


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--disable-plugin",
        action="append",
        default=[],
        metavar="NAME",
        help="block a plugin, built-in or external (repeatable)",
    )
    parser.add_argument(
        "--dossier-as-data",
        action="store_true",
        help="treat the dossier as data: execute none of its plugins/*.py and apply none of "
        "its overrides of shipped controls or reference values (also: "
        "IBPAUDIT_DOSSIER_AS_DATA=1); no file in the dossier can undo this",
    )


def build_parser(
    extend_run: Callable[[argparse.ArgumentParser], None] | None = None,
) -> argparse.ArgumentParser:
    """The command line; ``extend_run`` lets plugins add options to ``run``."""
    parser = _Parser(prog="ibpaudit", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"ibpaudit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="audit a dossier and write reports", epilog=EPILOG)
    run.add_argument("path", nargs="?", default=".", type=Path, help="dossier root (default: .)")
    run.add_argument("--output", "-o", type=Path, help="report folder (default: reports/)")
    run.add_argument(
        "--format", "-f", type=_formats, help="comma-separated formats (default: junit,html,json)"
    )
    run.add_argument(
        "--as-of",
        type=parse_as_of,
        help="judge dates as on this day (default: peildatum in ibpaudit.yaml, else today)",
    )
    run.add_argument("--lang", choices=("nl", "en"), help="report language (default: nl)")
    run.add_argument("--target-level", type=int, choices=range(1, 6), metavar="{1..5}")
    run.add_argument(
        "--sign",
        type=Path,
        metavar="KEY",
        default=os.environ.get("IBPAUDIT_SIGNING_KEY") or None,
        help="sign manifest.json with this OpenSSH private key (ssh-keygen -Y sign), "
        "writing manifest.json.sig (also: IBPAUDIT_SIGNING_KEY)",
    )
    run.add_argument(
        "--baseline",
        type=Path,
        metavar="OLD.json",
        help="compare with an earlier results.json; by default only regressions "
        "(and errors) fail the run",
    )
    run.add_argument(
        "--fail-on",
        type=_fail_on,
        metavar="SPEC",
        help="what fails the run: a comma list of failed, error, regression, each "
        "optionally ':low|medium|high|critical' (that severity and up), or a bare "
        "severity (default: failed,error; with --baseline: error,regression)",
    )
    for flag, verb in (("--only", "include only"), ("--skip", "leave out")):
        run.add_argument(
            flag,
            action="append",
            default=[],
            metavar="SELECTORS",
            help=f"{verb} these controls: control IDs, norm IDs (GB.02), domains (PV) "
            "or tags; comma list, repeatable",
        )
    run.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="print only the summary line, waiver warnings and regressions",
    )
    run.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="list every control that needs work with its findings, also when there are "
        "many (by default a new dossier's failed controls are counted per domain)",
    )
    run.add_argument(
        "--show-personal-data",
        action="store_true",
        help="do not redact BSNs, e-mail addresses, phone numbers, IBANs and personal "
        "columns in the reports (a local run only; refused when CI is set)",
    )
    run.add_argument(
        "--sector",
        type=Path,
        metavar="SECTOR.json",
        help="add to each norm the sector's median level and this board's percentile, "
        "from a sector.json that 'ibpaudit sector' wrote",
    )
    _add_common(run)
    if extend_run is not None:
        extend_run(run)

    cases = sub.add_parser(
        "test-controls",
        help="prove every control tells its passing and failing evidence fragments apart",
    )
    cases.add_argument("path", nargs="?", type=Path, help="dossier root (adds its controls/)")
    cases.add_argument(
        "--require-cases",
        action="store_true",
        help="fail when a control lacks a pass or a fail case",
    )
    _add_common(cases)
    diff = sub.add_parser(
        "diff",
        help="compare two results.json files: regressions, improvements, other changes",
        epilog="exit codes: 0 no regression, 1 regressions, 2 unreadable results file, "
        "4 usage error",
    )
    diff.add_argument("old", type=Path, metavar="OLD.json")
    diff.add_argument("new", type=Path, metavar="NEW.json")
    diff.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    diff.add_argument("--lang", choices=("nl", "en"), default="nl")
    diff.add_argument(
        "--target-level",
        type=int,
        choices=range(1, 6),
        metavar="{1..5}",
        help="judge both against this level (default: NEW.json's target level)",
    )
    waivers = sub.add_parser(
        "waivers",
        help="list the dossier's waivers with their state and days left",
        epilog="exit codes: 0 fine, 1 more open waivers than ontheffingen.maximum_open, "
        "2 invalid waivers.yaml",
    )
    waivers.add_argument("path", nargs="?", default=".", type=Path, help="dossier root")
    waivers.add_argument("--as-of", type=parse_as_of, help="count days left from this day")
    waivers.add_argument("--format", choices=("table", "json"), default="table")
    waivers.add_argument("--lang", choices=("nl", "en"), help="table language")
    _add_common(waivers)
    verify = sub.add_parser(
        "verify",
        help="check that a dossier and its reports still match a run's manifest.json",
        epilog="exit codes: 0 everything matches, 1 files differ, 2 unreadable manifest",
    )
    verify.add_argument("manifest", type=Path, metavar="MANIFEST")
    verify.add_argument(
        "path", nargs="?", type=Path, help="dossier root (default: the root the manifest names)"
    )
    verify.add_argument(
        "--reports",
        type=Path,
        help="folder with the reports (default: the manifest's folder)",
    )
    verify.add_argument(
        "--allowed-signers",
        type=Path,
        metavar="FILE",
        help="check MANIFEST.sig against this OpenSSH allowed-signers file (needs --signer)",
    )
    verify.add_argument("--signer", metavar="ID", help="the identity that must have signed")
    verify.add_argument(
        "--signature", type=Path, metavar="FILE", help="default: MANIFEST.sig beside the manifest"
    )
    verify.add_argument("--lang", choices=("nl", "en"), default="nl")
    _add_common(verify)
    validate = sub.add_parser(
        "validate",
        help="find everything that would make 'run' exit 2 (configuration, catalog, waivers, "
        "plugins, unreadable evidence), without verdicts or reports",
    )
    validate.add_argument("path", nargs="?", default=".", type=Path)
    validate.add_argument("--as-of", type=parse_as_of, metavar="YYYY-MM-DD")
    validate.add_argument("--lang", choices=("nl", "en"))
    _add_common(validate)

    controls = sub.add_parser("controls", help="list the controls of the catalog")
    controls.add_argument("path", nargs="?", type=Path, help="include this dossier's controls/")
    controls.add_argument("--format", choices=("table", "json", "oscal"), default="table")
    controls.add_argument(
        "--coverage",
        action="store_true",
        help="per norm of the framework: automated, attested or not covered",
    )
    controls.add_argument("--lang", choices=("nl", "en"), default="nl", help="table language")
    controls.add_argument(
        "--schema",
        nargs="?",
        const="-",
        metavar="PATH",
        help="print (or write to PATH) the complete JSON Schema of a control file, with the "
        "parameters of every check type the plugins offer, for editors (docs/editors.md)",
    )
    _add_common(controls)
    from ibpaudit.cli import explain, init, sector

    init.add_parser(sub)
    _add_common(explain.add_parser(sub))
    sector.add_parser(sub)
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


def _run(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from ibpaudit import engine, results
    from ibpaudit.dossier.config import CONFIG_FILE
    from ibpaudit.engine.publish import publish
    from ibpaudit.model import ReportOptions
    from ibpaudit.model.gate import BASELINE_DEFAULT, DEFAULT, split_selectors
    from ibpaudit.results import gate, sector
    from ibpaudit.results.console import summary_lines
    from ibpaudit.results.diff import compare, load_results

    root: Path = args.path
    run = _open(args, root)
    config, manager = run.config, run.plugins
    declared: list[str] = []
    args = build_parser(lambda parser: declared.extend(manager.add_options(parser))).parse_args(
        argv
    )
    fail_on = args.fail_on or config.fail_on
    if fail_on is None:
        fail_on = BASELINE_DEFAULT if args.baseline else DEFAULT
    if fail_on.rule("regression") and args.baseline is None:
        source = "--fail-on" if args.fail_on else f"{CONFIG_FILE}: falen_bij"
        raise UsageError(f"{source}: 'regression' needs --baseline OLD.json to compare with")
    baseline = load_results(args.baseline) if args.baseline is not None else None
    peers = sector.load(args.sector) if args.sector is not None else None
    if args.show_personal_data and os.environ.get("CI", "").lower() not in ("", "0", "false"):
        raise UsageError(
            "--show-personal-data is for a local run: CI artifacts must not carry personal data"
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
    for problem in manager.problems[problems_before:]:
        _say(f"ibpaudit: {problem.message.get(lang)}")
    return int(gate.run_code(document, len(manager.problems) - problems_before))


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
    raise ConfigError(
        f"{root / CONFIG_FILE}: rapporten.map '{configured}' lies outside the dossier and "
        f"the working directory; choose a folder inside, or confirm with --output {configured}"
    )


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
    lang = args.lang or _language(())
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
            raise UsageError("--allowed-signers needs --signer ID: whose signature is expected")
        problem = signing.verify(args.manifest, signature, args.allowed_signers, args.signer)
        if problem is not None:
            _say(f"ibpaudit verify: {problem}")
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
        _say(problem.message.get(getattr(args, "lang", None) or "nl"))
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
        _say(problem.message.get(getattr(args, "lang", None) or "nl"))
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
        _out(f"{'CONTROL':<28} {'NORM':<7} {'LEVELS':<8} {'CHECKS':<30} TITLE")
        for row in rows:
            levels = ",".join(str(level) for level in row["levels"])
            _out(
                f"{row['id']:<28} {row['norm']:<7} {levels:<8} "
                f"{','.join(row['checks'])[:30]:<30} {row['title']['nl']}"
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
        raise UsageError(f"init: {target} is a file, not a folder")
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
        raise UsageError("explain: give a norm or control ID, or --reference")
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
    lang = getattr(args, "lang", None) or "nl"
    for problem in manager.problems:
        _say(f"ibpaudit: {problem.message.get(lang)}")
    return int(ExitCode.EVIDENCE_ERROR if manager.problems else ExitCode.PASSED)


def _test_controls(args: argparse.Namespace) -> int:
    from ibpaudit.engine import cases as casetest

    run = _open(args, args.path, catalog_only=True)
    manager = run.plugins
    _say_trust([i.to_json() for i in manager.infos], [], run.lang)
    results, orphans, incomplete = casetest.run_all(run, args.path)
    for line in casetest.iter_report(results):
        _out(line)
    for label in orphans:
        _say(f"{label}: no control with this ID; rename the folder to a control's ID")
    for control_id in incomplete:
        _say(f"ibpaudit: control {control_id} has no pass and fail case under cases/")
    failed = sum(1 for r in results if not r.ok)
    plugin_code = _plugin_problems(manager, args)
    _say(
        f"ibpaudit test-controls: {len(results)} cases, {failed} wrong, "
        f"{len(incomplete)} controls without both cases"
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


def _dispatch(argv: list[str]) -> int:
    # Plugins add options to 'run' (e.g. the HTML report's --history); they are known
    # only once the dossier's plugins are loaded, so 'run' parses its argv again then.
    args, unknown = build_parser().parse_known_args(argv)
    if args.command == "run":
        if unknown and not (args.path / "ibpaudit.yaml").is_file():
            build_parser().parse_args(argv)  # no dossier, no plugin options: usage error
        try:
            return _run(args, argv)
        except IbpauditError as exc:
            if exc.exit_code == ExitCode.EVIDENCE_ERROR:
                _report_stopped_run(args, exc)
            raise
    if unknown:
        build_parser().parse_args(argv)  # raises the usage error for the unknown option
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


def _language(argv: Sequence[str]) -> str:
    """The language of messages before a dossier is read: ``--lang``, then the
    environment's ``IBPAUDIT_LANG``, then Dutch (see :func:`ibpaudit.engine.run.language`)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "nl"
        if arg.startswith("--lang="):
            return "en" if arg.endswith("=en") else "nl"
    return "en" if os.environ.get("IBPAUDIT_LANG", "").strip().lower() == "en" else "nl"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        code = _dispatch(argv)
        sys.stdout.flush()  # a closed pipe shows here, inside the try
        return code
    except IbpauditError as exc:
        _say(f"ibpaudit: {exc.in_language(_language(argv))}")
        return int(exc.exit_code)
    except BrokenPipeError:
        return _reader_went_away()
    except KeyboardInterrupt:
        _say("ibpaudit: interrupted")
        return 130
    except Exception:
        import traceback

        traceback.print_exc()
        _say(
            f"ibpaudit {__version__}: internal error (a bug in ibpaudit); "
            "please report it with the traceback above"
        )
        return int(ExitCode.INTERNAL_ERROR)


if __name__ == "__main__":
    raise SystemExit(main())
