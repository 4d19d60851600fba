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
from typing import TYPE_CHECKING, Any

from ibpaudit import __version__
from ibpaudit.cli.parser import Parser, add_lang, chooser, language
from ibpaudit.errors import ConfigError, ExitCode, IbpauditError, UsageError
from ibpaudit.i18n import Lang, Text, join
from ibpaudit.values import parse_as_of

if TYPE_CHECKING:
    from ibpaudit.engine.run import Run
    from ibpaudit.model import Catalog, FailOn


def _description(lang: Lang) -> str:
    return chooser(lang)(
        "Audit het IBP-dossier van een schoolbestuur tegen het Normenkader IBP funderend "
        "onderwijs. In het Engels: --lang en na de opdracht, of IBPAUDIT_LANG=en.",
        "Audit a school board's IBP dossier against the Normenkader IBP. In Dutch: "
        "--lang nl after the command, or IBPAUDIT_LANG=nl (the default).",
    )


def _epilog(lang: Lang) -> str:
    return chooser(lang)(
        "exitcodes: 0 geslaagd, 1 maatregelen falen, 2 fouten in bewijs of configuratie "
        "(ook: een rapport dat niet geschreven kon worden), 3 interne fout, 4 gebruiksfout "
        "(onbekende optie, --format, --lang of een map die niet bestaat)",
        "exit codes: 0 pass, 1 controls fail, 2 evidence/configuration errors (also: a "
        "report that could not be written), 3 internal error, 4 usage error (unknown "
        "option, --format, --lang or a folder that does not exist)",
    )


def _fail_on(value: str) -> FailOn:
    from ibpaudit.model.gate import GateSpecError, parse_fail_on

    try:
        return parse_fail_on(value)
    except GateSpecError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _formats(value: str) -> list[str]:
    return [f.strip() for f in value.split(",") if f.strip()]


def _add_common(parser: argparse.ArgumentParser, lang: Lang) -> None:
    t = chooser(lang)
    parser.add_argument(
        "--disable-plugin",
        action="append",
        default=[],
        metavar=t("NAAM", "NAME"),
        help=t(
            "zet een plug-in uit, ingebouwd of extern (herhaalbaar)",
            "block a plugin, built-in or external (repeatable)",
        ),
    )
    parser.add_argument(
        "--dossier-as-data",
        action="store_true",
        help=t(
            "behandel het dossier als gegevens: voer geen van zijn plugins/*.py uit en pas "
            "geen van zijn vervangingen van meegeleverde maatregelen of referentiewaarden "
            "toe (ook: IBPAUDIT_DOSSIER_AS_DATA=1); geen bestand in het dossier kan dit "
            "ongedaan maken",
            "treat the dossier as data: execute none of its plugins/*.py and apply none of "
            "its overrides of shipped controls or reference values (also: "
            "IBPAUDIT_DOSSIER_AS_DATA=1); no file in the dossier can undo this",
        ),
    )


def _add_run(
    sub: Any, lang: Lang, extend_run: Callable[[argparse.ArgumentParser], object] | None
) -> None:
    t = chooser(lang)
    run = sub.add_parser(
        "run",
        help=t("audit een dossier en schrijf de rapporten", "audit a dossier and write reports"),
        description=t(
            "Audit het dossier in PAD en schrijf de rapporten.",
            "Audit the dossier in PATH and write the reports.",
        ),
        epilog=_epilog(lang),
    )
    run.add_argument(
        "path",
        nargs="?",
        default=".",
        type=Path,
        metavar=t("PAD", "PATH"),
        help=t("map van het dossier (standaard: .)", "dossier root (default: .)"),
    )
    run.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar=t("MAP", "DIR"),
        help=t("map voor de rapporten (standaard: reports/)", "report folder (default: reports/)"),
    )
    run.add_argument(
        "--format",
        "-f",
        type=_formats,
        metavar=t("FORMATEN", "FORMATS"),
        help=t(
            "formaten, met komma's gescheiden (standaard: junit,html,json; ook markdown, "
            "sarif en die van plug-ins); een onbekend formaat is een gebruiksfout",
            "comma-separated formats (default: junit,html,json; also markdown, sarif and "
            "those of plugins); an unknown format is a usage error",
        ),
    )
    run.add_argument(
        "--as-of",
        type=parse_as_of,
        metavar="YYYY-MM-DD",
        help=t(
            "beoordeel datums als op deze dag (standaard: peildatum in ibpaudit.yaml, "
            "anders vandaag)",
            "judge dates as on this day (default: peildatum in ibpaudit.yaml, else today)",
        ),
    )
    add_lang(
        run,
        "taal van meldingen en rapporten (standaard: IBPAUDIT_LANG, dan taal: in "
        "ibpaudit.yaml, dan nl)",
        "language of messages and reports (default: IBPAUDIT_LANG, then taal: in "
        "ibpaudit.yaml, then nl)",
    )
    run.add_argument(
        "--target-level",
        type=int,
        choices=range(1, 6),
        metavar="{1..5}",
        help=t(
            "beoordeel tegen dit volwassenheidsniveau (standaard: doelniveau in ibpaudit.yaml)",
            "judge against this maturity level (default: doelniveau in ibpaudit.yaml)",
        ),
    )
    run.add_argument(
        "--sign",
        type=Path,
        metavar=t("SLEUTEL", "KEY"),
        default=os.environ.get("IBPAUDIT_SIGNING_KEY") or None,
        help=t(
            "onderteken manifest.json met deze OpenSSH-privésleutel (ssh-keygen -Y sign) "
            "in manifest.json.sig (ook: IBPAUDIT_SIGNING_KEY)",
            "sign manifest.json with this OpenSSH private key (ssh-keygen -Y sign), "
            "writing manifest.json.sig (also: IBPAUDIT_SIGNING_KEY)",
        ),
    )
    run.add_argument(
        "--baseline",
        type=Path,
        metavar=t("OUD.json", "OLD.json"),
        help=t(
            "vergelijk met een eerder results.json; standaard laten dan alleen regressies "
            "(en fouten) de run falen",
            "compare with an earlier results.json; by default only regressions "
            "(and errors) fail the run",
        ),
    )
    run.add_argument(
        "--fail-on",
        type=_fail_on,
        metavar="SPEC",
        help=t(
            "wat de run laat falen: een kommalijst van failed, error, regression, elk "
            "eventueel met ':low|medium|high|critical' (die ernst en hoger), of alleen een "
            "ernst (standaard: failed,error; met --baseline: error,regression)",
            "what fails the run: a comma list of failed, error, regression, each "
            "optionally ':low|medium|high|critical' (that severity and up), or a bare "
            "severity (default: failed,error; with --baseline: error,regression)",
        ),
    )
    for flag, verb in (
        ("--only", t("neem alleen deze maatregelen mee", "include only these controls")),
        ("--skip", t("laat deze maatregelen weg", "leave out these controls")),
    ):
        run.add_argument(
            flag,
            action="append",
            default=[],
            metavar=t("SELECTIES", "SELECTORS"),
            help=verb
            + t(
                ": maatregel-ID's, norm-ID's (GB.02), domeinen (PV) of tags; kommalijst, "
                "herhaalbaar",
                ": control IDs, norm IDs (GB.02), domains (PV) or tags; comma list, repeatable",
            ),
        )
    run.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help=t(
            "toon alleen de samenvattingsregel, waarschuwingen over ontheffingen, regressies "
            "en, bij exitcode 2, waarom",
            "print only the summary line, waiver warnings, regressions and, with exit code 2, why",
        ),
    )
    run.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help=t(
            "toon elke maatregel die werk vraagt met zijn bevindingen, ook als het er veel "
            "zijn (standaard worden bij een nieuw dossier de gefaalde maatregelen per domein "
            "geteld)",
            "list every control that needs work with its findings, also when there are "
            "many (by default a new dossier's failed controls are counted per domain)",
        ),
    )
    run.add_argument(
        "--show-personal-data",
        action="store_true",
        help=t(
            "maskeer BSN's, e-mailadressen, telefoonnummers, IBAN's en persoonlijke kolommen "
            "niet in de rapporten (alleen lokaal; geweigerd als CI gezet is)",
            "do not redact BSNs, e-mail addresses, phone numbers, IBANs and personal "
            "columns in the reports (a local run only; refused when CI is set)",
        ),
    )
    _add_common(run, lang)
    if extend_run is not None:
        extend_run(run)


def _add_listings(sub: Any, lang: Lang) -> None:
    """test-controls, diff, waivers, verify, validate and controls."""
    t = chooser(lang)
    folder = t("map van het dossier (standaard: .)", "dossier root (default: .)")
    path = t("PAD", "PATH")
    cases = sub.add_parser(
        "test-controls",
        help=t(
            "bewijs dat elke maatregel zijn goede en foute bewijsfragmenten uit elkaar houdt",
            "prove every control tells its passing and failing evidence fragments apart",
        ),
        epilog=t(
            "exitcodes: 0 elk geval goed, 1 een geval fout (of ontbrekend met "
            "--require-cases), 2 plug-inproblemen, 4 gebruiksfout",
            "exit codes: 0 every case right, 1 a case wrong (or missing with "
            "--require-cases), 2 plugin problems, 4 usage error",
        ),
    )
    cases.add_argument(
        "path",
        nargs="?",
        type=Path,
        metavar=path,
        help=t(
            "map van het dossier (voegt zijn controls/ toe)", "dossier root (adds its controls/)"
        ),
    )
    cases.add_argument(
        "--require-cases",
        action="store_true",
        help=t(
            "faal als een maatregel geen goed of geen fout geval heeft",
            "fail when a control lacks a pass or a fail case",
        ),
    )
    add_lang(cases)
    _add_common(cases, lang)
    diff = sub.add_parser(
        "diff",
        help=t(
            "vergelijk twee results.json-bestanden: regressies, verbeteringen, andere wijzigingen",
            "compare two results.json files: regressions, improvements, other changes",
        ),
        epilog=t(
            "exitcodes: 0 geen regressie, 1 regressies, 2 onleesbaar resultatenbestand, "
            "4 gebruiksfout",
            "exit codes: 0 no regression, 1 regressions, 2 unreadable results file, 4 usage error",
        ),
    )
    diff.add_argument(
        "old",
        type=Path,
        metavar=t("OUD.json", "OLD.json"),
        help=t("het eerdere results.json", "the earlier results.json"),
    )
    diff.add_argument(
        "new",
        type=Path,
        metavar=t("NIEUW.json", "NEW.json"),
        help=t("het nieuwe results.json", "the new results.json"),
    )
    diff.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help=t("uitvoer (standaard: text)", "output (default: text)"),
    )
    add_lang(diff)
    diff.add_argument(
        "--target-level",
        type=int,
        choices=range(1, 6),
        metavar="{1..5}",
        help=t(
            "beoordeel beide tegen dit niveau (standaard: het doelniveau van NIEUW.json)",
            "judge both against this level (default: NEW.json's target level)",
        ),
    )
    waivers = sub.add_parser(
        "waivers",
        help=t(
            "toon de ontheffingen van het dossier met hun stand en resterende dagen",
            "list the dossier's waivers with their state and days left",
        ),
        epilog=t(
            "exitcodes: 0 in orde, 1 meer open ontheffingen dan ontheffingen.maximum_open, "
            "2 ongeldige waivers.yaml, 4 gebruiksfout",
            "exit codes: 0 fine, 1 more open waivers than ontheffingen.maximum_open, "
            "2 invalid waivers.yaml, 4 usage error",
        ),
    )
    waivers.add_argument("path", nargs="?", default=".", type=Path, metavar=path, help=folder)
    waivers.add_argument(
        "--as-of",
        type=parse_as_of,
        metavar="YYYY-MM-DD",
        help=t("tel de resterende dagen vanaf deze dag", "count days left from this day"),
    )
    waivers.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=t("uitvoer (standaard: table)", "output (default: table)"),
    )
    add_lang(waivers)
    _add_common(waivers, lang)
    verify = sub.add_parser(
        "verify",
        help=t(
            "controleer of een dossier en zijn rapporten nog overeenkomen met het "
            "manifest.json van een run",
            "check that a dossier and its reports still match a run's manifest.json",
        ),
        epilog=t(
            "exitcodes: 0 alles komt overeen, 1 bestanden verschillen of de handtekening "
            "klopt niet, 2 onleesbaar manifest, 4 gebruiksfout",
            "exit codes: 0 everything matches, 1 files differ or the signature does not "
            "hold, 2 unreadable manifest, 4 usage error",
        ),
    )
    verify.add_argument(
        "manifest", type=Path, metavar="MANIFEST", help=t("het manifest.json", "the manifest.json")
    )
    verify.add_argument(
        "path",
        nargs="?",
        type=Path,
        metavar=path,
        help=t(
            "map van het dossier (standaard: de map die het manifest noemt)",
            "dossier root (default: the root the manifest names)",
        ),
    )
    verify.add_argument(
        "--reports",
        type=Path,
        metavar=t("MAP", "DIR"),
        help=t(
            "map met de rapporten (standaard: de map van het manifest)",
            "folder with the reports (default: the manifest's folder)",
        ),
    )
    verify.add_argument(
        "--allowed-signers",
        type=Path,
        metavar=t("BESTAND", "FILE"),
        help=t(
            "controleer MANIFEST.sig met dit OpenSSH allowed-signers-bestand (vraagt --signer)",
            "check MANIFEST.sig against this OpenSSH allowed-signers file (needs --signer)",
        ),
    )
    verify.add_argument(
        "--signer",
        metavar="ID",
        help=t("wie ondertekend moet hebben", "the identity that must have signed"),
    )
    verify.add_argument(
        "--signature",
        type=Path,
        metavar=t("BESTAND", "FILE"),
        help=t(
            "standaard: MANIFEST.sig naast het manifest",
            "default: MANIFEST.sig beside the manifest",
        ),
    )
    add_lang(verify)
    _add_common(verify, lang)
    validate = sub.add_parser(
        "validate",
        help=t(
            "vind alles waardoor 'run' met 2 zou stoppen (configuratie, catalogus, "
            "ontheffingen, plug-ins, onleesbaar bewijs), zonder oordelen of rapporten",
            "find everything that would make 'run' exit 2 (configuration, catalog, waivers, "
            "plugins, unreadable evidence), without verdicts or reports",
        ),
        epilog=t(
            "exitcodes: 0 geen problemen, 2 problemen gevonden, 4 gebruiksfout",
            "exit codes: 0 no problems, 2 problems found, 4 usage error",
        ),
    )
    validate.add_argument("path", nargs="?", default=".", type=Path, metavar=path, help=folder)
    validate.add_argument(
        "--as-of",
        type=parse_as_of,
        metavar="YYYY-MM-DD",
        help=t("beoordeel datums als op deze dag", "judge dates as on this day"),
    )
    add_lang(validate)
    _add_common(validate, lang)

    controls = sub.add_parser(
        "controls",
        help=t("toon de maatregelen van de catalogus", "list the controls of the catalog"),
        epilog=t(
            "exitcodes: 0 catalogus in orde, 2 problemen in catalogus of plug-ins, 4 gebruiksfout",
            "exit codes: 0 catalog fine, 2 catalog or plugin problems, 4 usage error",
        ),
    )
    controls.add_argument(
        "path",
        nargs="?",
        type=Path,
        metavar=path,
        help=t("neem de controls/ van dit dossier mee", "include this dossier's controls/"),
    )
    controls.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=t("uitvoer (standaard: table)", "output (default: table)"),
    )
    controls.add_argument(
        "--coverage",
        action="store_true",
        help=t(
            "per norm van het kader: geautomatiseerd, met verklaring of niet gedekt",
            "per norm of the framework: automated, attested or not covered",
        ),
    )
    add_lang(controls)
    controls.add_argument(
        "--schema",
        nargs="?",
        const="-",
        metavar=t("PAD", "PATH"),
        help=t(
            "print (of schrijf naar PAD) het volledige JSON-schema van een maatregelbestand, "
            "met de parameters van elk checktype van de plug-ins, voor editors "
            "(docs/editors.md)",
            "print (or write to PATH) the complete JSON Schema of a control file, with the "
            "parameters of every check type the plugins offer, for editors (docs/editors.md)",
        ),
    )
    _add_common(controls, lang)


def build_parser(
    lang: Lang = "nl",
    extend_run: Callable[[argparse.ArgumentParser], object] | None = None,
) -> argparse.ArgumentParser:
    """The command line in ``lang``; ``extend_run`` lets plugins add options to ``run``.

    Every sub-command module has ``add_parser(sub, lang)`` (see :mod:`ibpaudit.cli.parser`).
    """
    t = chooser(lang)
    parser = Parser(
        prog="ibpaudit", description=_description(lang), epilog=_epilog(lang), lang=lang
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"ibpaudit {__version__}",
        help=t("toon het versienummer en stop", "show the version number and exit"),
    )
    sub = parser.subparsers(dest="command", required=True)
    _add_run(sub, lang, extend_run)
    _add_listings(sub, lang)
    from ibpaudit.cli import explain, init

    init.add_parser(sub, lang)
    _add_common(explain.add_parser(sub, lang), lang)
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
    from ibpaudit.engine import manifest, signing
    from ibpaudit.model import ReportOptions
    from ibpaudit.model.gate import BASELINE_DEFAULT, DEFAULT, split_selectors
    from ibpaudit.results import gate
    from ibpaudit.results.console import summary_lines
    from ibpaudit.results.diff import compare, load_results

    root: Path = args.path
    run = _open(args, root)
    config, manager = run.config, run.plugins
    declared: list[str] = []
    args = build_parser(
        language(argv), lambda parser: declared.extend(manager.add_options(parser))
    ).parse_args(argv)
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
    baseline = load_results(args.baseline) if args.baseline is not None else None
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
        comparison = {
            **baseline.to_json(),
            **compare(baseline.document, document).to_json(),
        }
    document = results.add_gate(document, fail_on, comparison)
    problems_before = len(manager.problems)
    output = args.output or _configured_output(root, config.output_dir)
    with engine.output_lock(output):  # one run's report set at a time
        written = engine.write_reports(
            document,
            args.format or list(config.formats),
            output,
            manager,
            ReportOptions(lang=lang, extra=plugin_options),
        )
        record = None
        if written:  # the manifest proves which files these reports were made from
            record = manifest.write(
                manifest.build(document, root, config, manager.catalog_dirs(root), written),
                output,
            )
            written.append(record)
            if args.sign is not None:
                written.append(signing.sign(record.path, args.sign))
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


def _plugin_problems(manager: Any, args: argparse.Namespace) -> int:
    """Say what went wrong with plugins (a listing without them may be incomplete)."""
    lang = args.lang or _language(())
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
    for line in casetest.iter_report(results):
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
    parse = build_parser(lang)
    if _wants_help(argv) and "run" in argv:
        parse = build_parser(lang, _builtin_run_options)
    args, unknown = parse.parse_known_args(argv)
    _existing_folder(args)
    if args.command == "run":
        if unknown and not (args.path / "ibpaudit.yaml").is_file():
            build_parser(lang).parse_args(argv)  # no dossier, no plugin options: usage error
        try:
            return _run(args, argv)
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
    }
    return commands.get(args.command, _controls)(args)


def _language(argv: Sequence[str]) -> Lang:
    """The language of messages before a dossier is read (see :func:`parser.language`)."""
    return language(argv)


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
        _say("ibpaudit: " + chooser(_language(argv))("onderbroken", "interrupted"))
        return 130
    except Exception:
        import traceback

        traceback.print_exc()
        _say(
            chooser(_language(argv))(
                f"ibpaudit {__version__}: interne fout (een fout in ibpaudit); "
                "meld die graag met de traceback hierboven",
                f"ibpaudit {__version__}: internal error (a bug in ibpaudit); "
                "please report it with the traceback above",
            )
        )
        return int(ExitCode.INTERNAL_ERROR)


if __name__ == "__main__":
    raise SystemExit(main())
