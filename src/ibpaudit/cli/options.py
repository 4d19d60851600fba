"""The options of the built-in commands (run, test-controls, diff, waivers, verify,
validate, controls), each help text in Dutch and English (see :mod:`ibpaudit.cli.parser`).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ibpaudit.cli.parser import add_lang, chooser
from ibpaudit.i18n import Lang
from ibpaudit.values import parse_as_of


def target_level(value: str) -> int:
    """``--target-level``: a level as ``doelniveau`` in ibpaudit.yaml takes it, a number
    1-5 or a level's name ("bepaald", "defined", "niveau 3")."""
    from ibpaudit.model.provenance import maturity_level, maturity_names_listed

    level = maturity_level(value)
    if level is None:
        names = maturity_names_listed()
        raise argparse.ArgumentTypeError(  # "nl\nen": the command line shows its language
            f"geen volwassenheidsniveau: '{value}'; geef 1-5 of een naam ({names})\n"
            f"not a maturity level: '{value}'; give 1-5 or a name ({names})"
        )
    return level


if TYPE_CHECKING:
    from ibpaudit.model import FailOn


def description(lang: Lang) -> str:
    return chooser(lang)(
        "Audit het IBP-dossier van een schoolbestuur tegen het Normenkader IBP funderend "
        "onderwijs. In het Engels: --lang en na de opdracht, of IBPAUDIT_LANG=en.",
        "Audit a school board's IBP dossier against the Normenkader IBP. In Dutch: "
        "--lang nl after the command, or IBPAUDIT_LANG=nl (the default).",
    )


def epilog(lang: Lang) -> str:
    return chooser(lang)(
        "exitcodes: 0 geslaagd, 1 maatregelen falen, 2 fouten in bewijs of configuratie "
        "(ook: een rapport dat niet geschreven kon worden), 3 interne fout, 4 gebruiksfout "
        "(onbekende optie, --format, --lang of een map die niet bestaat)",
        "exit codes: 0 pass, 1 controls fail, 2 evidence/configuration errors (also: a "
        "report that could not be written), 3 internal error, 4 usage error (unknown "
        "option, --format, --lang or a folder that does not exist)",
    )


def _as_of(value: str) -> date:
    """``--as-of`` (:func:`parse_as_of`; its message is in Dutch and English, "nl\nen")."""
    return parse_as_of(value)


def _fail_on(value: str) -> FailOn:
    from ibpaudit.model.gate import GateSpecError, parse_fail_on

    try:
        return parse_fail_on(value)
    except GateSpecError as exc:
        raise argparse.ArgumentTypeError(f"{exc.text.nl}\n{exc.text.en}") from None


def _formats(value: str) -> list[str]:
    return [f.strip() for f in value.split(",") if f.strip()]


def add_common(parser: argparse.ArgumentParser, lang: Lang) -> None:
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


def add_run(
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
        epilog=epilog(lang),
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
        type=_as_of,
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
        type=target_level,
        metavar=t("NIVEAU", "LEVEL"),
        help=t(
            "beoordeel tegen dit volwassenheidsniveau: 1-5 of een naam zoals 'bepaald' "
            "(standaard: doelniveau in ibpaudit.yaml)",
            "judge against this maturity level: 1-5 or a name such as 'bepaald' (default: "
            "doelniveau in ibpaudit.yaml)",
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
        "--sector",
        type=Path,
        metavar="SECTOR.json",
        help=t(
            "zet bij elke norm de mediaan van de sector en het percentiel van dit bestuur, "
            "uit een sector.json die 'ibpaudit sector' schreef",
            "add to each norm the sector's median level and this board's percentile, "
            "from a sector.json that 'ibpaudit sector' wrote",
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
    add_common(run, lang)
    if extend_run is not None:
        extend_run(run)


def add_listings(sub: Any, lang: Lang) -> None:
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
    add_common(cases, lang)
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
        type=target_level,
        metavar=t("NIVEAU", "LEVEL"),
        help=t(
            "beoordeel beide tegen dit niveau, 1-5 of een naam (standaard: het doelniveau "
            "van NIEUW.json)",
            "judge both against this level, 1-5 or a name (default: NEW.json's target level)",
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
        type=_as_of,
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
    add_common(waivers, lang)
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
    add_common(verify, lang)
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
        type=_as_of,
        metavar="YYYY-MM-DD",
        help=t("beoordeel datums als op deze dag", "judge dates as on this day"),
    )
    add_lang(validate)
    add_common(validate, lang)

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
        choices=("table", "json", "oscal"),
        default="table",
        help=t(
            "uitvoer (standaard: table; oscal: de catalogus als OSCAL-JSON)",
            "output (default: table; oscal: the catalog as OSCAL JSON)",
        ),
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
    add_common(controls, lang)
