"""``ibpaudit init [DIR]``: a dossier skeleton with a template for everything the catalog
reads, so that a board's first audit gives verdicts that say what to fill in.

Every template is derived from the catalog (:mod:`ibpaudit.catalog.requirements`), never
written by hand: a register has exactly the columns the controls read, with headers in
the officer's words that the readers map back. Existing files are never overwritten.
``--voorbeeld`` writes the example board instead (shipped inside the wheel).
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ibpaudit.cli.parser import add_lang, chooser
from ibpaudit.i18n import Lang, Text, text

if TYPE_CHECKING:
    from ibpaudit.catalog import requirements as rq
    from ibpaudit.model import Catalog

FORMATS = ("xlsx", "csv", "yaml")
SECTORS = ("po", "vo", "po-vo")
TEMPLATE_DIR = "_sjablonen"  # under attestaties/: folders starting with _ are not read
ROWS = 1000  # rows of an xlsx template that carry formats and validations


def example_board() -> Path:
    """The example board inside an installed wheel, or the project's ``evidence/``."""
    installed = Path(str(resources.files("ibpaudit"))) / "_example"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[3] / "evidence"


def add_parser(sub: Any, lang: Lang = "nl") -> argparse.ArgumentParser:
    t = chooser(lang)
    init: argparse.ArgumentParser = sub.add_parser(
        "init",
        help=t(
            "schrijf een dossierskelet: configuratie, een sjabloon voor elk register, "
            "beleidsdocument en elke verklaring die de maatregelen lezen (overschrijft nooit "
            "een bestand)",
            "write a dossier skeleton: configuration, a template for every register, "
            "policy document and attestation the controls read (never overwrites a file)",
        ),
        epilog=t(
            "exitcodes: 0 geschreven (bestaande bestanden blijven staan), 4 gebruiksfout",
            "exit codes: 0 written (existing files left alone), 4 usage error",
        ),
    )
    init.add_argument(
        "path",
        nargs="?",
        default=".",
        type=Path,
        metavar=t("MAP", "DIR"),
        help=t("map (standaard: .)", "folder (default: .)"),
    )
    init.add_argument(
        "--bestuur", metavar="NAAM", help=t("naam van het bestuur", "the board's name")
    )
    init.add_argument(
        "--sector",
        choices=SECTORS,
        default="po",
        help=t("sector (standaard: po)", "sector (default: po)"),
    )
    init.add_argument(
        "--doelniveau",
        type=int,
        choices=range(1, 6),
        metavar="{1..5}",
        default=3,
        help=t("doelniveau (standaard: 3)", "target level (default: 3)"),
    )
    init.add_argument(
        "--formaat",
        choices=FORMATS,
        default="xlsx",
        help=t("formaat van de registersjablonen", "register templates"),
    )
    init.add_argument(
        "--voorbeeld",
        action="store_true",
        help=t("schrijf in plaats daarvan het voorbeeldbestuur", "write the example board instead"),
    )
    add_lang(init)
    return init


def _applicable(catalog: Catalog, sector: str) -> Catalog:
    wanted = set(sector.split("-"))
    return replace(catalog, controls=tuple(c for c in catalog.controls if wanted & set(c.sectors)))


def _users(uses: tuple[rq.Use, ...]) -> str:
    return ", ".join(dict.fromkeys(f"{u.norm} (niveau {u.level})" for u in uses))


def _column_note(column: rq.Column) -> str:
    from ibpaudit.catalog import requirements as rq

    kind_nl = {
        rq.DATE: "datum (dd-mm-jjjj)",
        rq.BOOL: "ja/nee",
        rq.DURATION: "termijn (bijv. P7Y = 7 jaar)",
        rq.NUMBER: "getal",
        rq.TEXT: "tekst",
    }
    note = kind_nl[column.kind]
    if column.values:
        note += "; bijv. " + " / ".join(column.values)
    return note


def _xlsx(register: rq.Register) -> bytes:
    import xlsxwriter  # type: ignore[import-untyped]

    from ibpaudit.catalog import requirements as rq

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(register.name[:31])
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    as_date = book.add_format({"num_format": "dd-mm-yyyy"})
    for index, column in enumerate(register.columns):
        sheet.write_string(0, index, column.header, bold)
        sheet.set_column(index, index, max(14, len(column.header) + 2))
        if column.kind == rq.DATE:
            sheet.set_column(index, index, max(14, len(column.header) + 2), as_date)
        if column.kind == rq.BOOL:
            sheet.data_validation(
                1, index, ROWS, index, {"validate": "list", "source": ["ja", "nee"]}
            )
        sheet.write_comment(
            0, index, _column_note(column) + "\nGelezen door " + _users(column.used_by)
        )
    sheet.freeze_panes(1, 0)
    notes = book.add_worksheet("Toelichting")
    for index, heading in enumerate(("Kolom", "Wat", "Gelezen door")):
        notes.write_string(0, index, heading, bold)
    notes.set_column(0, 0, 30)
    notes.set_column(1, 1, 40)
    notes.set_column(2, 2, 60)
    for row, column in enumerate(register.columns, start=1):
        notes.write_string(row, 0, column.header)
        notes.write_string(row, 1, _column_note(column))
        notes.write_string(row, 2, _users(column.used_by))
    book.close()
    return buffer.getvalue()


def _csv(register: rq.Register) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerow(
        [c.header for c in register.columns]
    )
    return out.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 with a BOM correctly


def _yaml_register(register: rq.Register) -> bytes:
    lines = [
        f"# Register '{register.name}', gelezen door {_users(register.used_by)}.",
        "# Eén item per rij; kopieer het voorbeeld hieronder, haal de # weg en vul in.",
        f"{register.name}: []",
        f"# {register.name}:",
    ]
    for index, column in enumerate(register.columns):
        dash = "-" if index == 0 else " "
        lines.append(f"#   {dash} {column.name}:    # {_column_note(column)}")
    return ("\n".join(lines) + "\n").encode()


def _metadata(document: rq.Document) -> list[str]:
    lines = []
    for key in document.keys:
        note = ""
        if key in document.dates:
            note = "  # datum, bijv. 2026-03-10"
        elif key == "vastgesteld_door" and document.adopted_by:
            note = "  # een van: " + ", ".join(document.adopted_by)
        value = f" {document.type}" if key == "type" else ""
        lines.append(f"{key}:{value}{note}")
    return lines


def _sidecar(document: rq.Document) -> bytes:
    """Metadata for a register that is also an adopted document (its type is the
    register's name): a ``<file>.meta.yaml`` beside it, whatever the file format."""
    lines = [
        f"# Metadata van het register '{document.type}', dat ook een vastgesteld document is",
        f"# (gelezen door {_users(document.used_by)}). Vul in zodra het is vastgesteld.",
        *_metadata(document),
    ]
    return ("\n".join(lines) + "\n").encode()


def _policy(document: rq.Document) -> bytes:
    lines = ["---", *_metadata(document)]
    lines += [
        "---",
        "",
        f"# {document.type}",
        "",
        "<!-- Sjabloon van ibpaudit init. Vul de metadata hierboven in zodra het document is "
        f"vastgesteld. Gelezen door {_users(document.used_by)}. -->",
        "",
    ]
    for topic in document.topics:
        lines += [f"## {topic[:1].upper()}{topic[1:]}", ""]
    return "\n".join(lines).encode()


def _attestation(attestation: rq.Attestation) -> bytes:
    statement = attestation.statement.nl if attestation.statement else ""
    role = attestation.roles[0] if attestation.roles else ""
    lines = [
        f"# Verklaring '{attestation.id}', gelezen door {_users(attestation.used_by)}.",
        "# Laat de verantwoordelijke deze verklaring ondertekenen en zet het bestand dan",
        "# één map hoger, in attestaties/ (bestanden in deze map worden niet gelezen).",
        f"# Ondertekenen mag: {', '.join(attestation.roles)}."
        + (f" Geldig: {attestation.max_age} na ondertekening." if attestation.max_age else ""),
        f"id: {attestation.id}",
        "verklaring: >-",
        f"  {statement}",
        "ondertekend_door:",
        "  naam:",
        f"  rol: {role}",
        "ondertekend_op:    # datum, bijv. 2026-03-10",
        "# geldig_tot:      # optioneel: tot wanneer de verklaring geldt",
    ]
    return ("\n".join(lines) + "\n").encode()


def _config(args: argparse.Namespace) -> bytes:
    board = args.bestuur or "Naam van het bestuur"
    return f"""\
# Configuratie van ibpaudit voor dit IBP-dossier. Regels met # zijn uitleg.
# Deze map is het dossier: 'ibpaudit run {args.path.name or "."}' controleert hem.
versie: 1
# De naam van het bestuur, zoals die in de rapporten staat.
bestuur: {board}
# Sector: po (primair onderwijs), vo (voortgezet onderwijs) of po-vo (beide).
# Bepaalt welke maatregelen gelden.
sector: {args.sector}
# Het volwassenheidsniveau (1-5) dat het bestuur wil halen; het sectordoel is 3.
doelniveau: {args.doelniveau}
# Taal van de rapporten en meldingen: nl of en.
taal: {args.lang}
# peildatum: 2026-11-23   # beoordeel alsof het deze dag is (standaard: vandaag)
rapporten:
  # junit (voor CI), html (voor mensen), json (voor machines), ...
  formaten: [junit, html, json]
  # map: rapporten        # waar de rapporten komen (standaard: reports/)
# Welke maatregelen: alleen deze (ID's, normen zoals GB.02, domeinen zoals PV, tags),
# en maatregelen die niet gelden, met de reden (die staat in elk rapport):
# controls:
#   alleen: [PV]
#   overslaan:
#     - id: SO.P04-uitbestede-ontwikkeling
#       reden: Wij laten geen software op maat ontwikkelen.
# Wanneer een run faalt (exitcode 1): gefaald, fout, regressie, eventueel per ernst:
# falen_bij: [failed, error]
# Waar een register staat als de bestandsnaam afwijkt, wat niet gelezen wordt, en
# grenzen voor grote bestanden:
# bewijs:
#   registers:
#     datalekken: registers/privacy.xlsx#Datalekken
#   negeren: ["concepten/*"]
#   max_bestand_mb: 50
#   max_cellen: 5000000
#   max_paginas: 2000
# Kolommen met persoonsgegevens die in rapporten worden weggelakt:
# persoonsgegevens:
#   kolommen: [naam_leerling]
# Plugins die niet mogen meedoen (ingebouwd of van derden):
# plugins:
#   uitschakelen: [sarif]
# Regels voor ontheffingen (waivers.yaml): hoe lang ten hoogste, hoeveel tegelijk open:
# ontheffingen:
#   max_termijn_maanden: 12
#   maximum_open: 5
""".encode()


def _organisation(args: argparse.Namespace, roles: list[str]) -> bytes:
    board = args.bestuur or "Naam van het bestuur"
    lines = [
        "# Organisatiegegevens: het bestuur, zijn scholen en wie welke rol vervult.",
        "bestuur:",
        f"  naam: {board}",
        '  kvk_nummer: ""',
        '  bestuursnummer: ""',
        "# Eén item per school: brin, naam, plaats. Maatregelen per school gebruiken dit.",
        "scholen: []",
        "# scholen:",
        "#   - brin: 00AA",
        "#     naam: Basisschool Voorbeeld",
        "#     plaats: Voorbeeldstad",
        "# Wie de rollen vervult; een verklaring moet door deze persoon zijn ondertekend.",
        "rollen:",
    ]
    for role in roles:
        lines += [f"  {role}:", "    naam:"]
    return ("\n".join(lines) + "\n").encode()


WAIVERS = b"""\
# Ontheffingen: geaccepteerde uitzonderingen op een maatregel. Elke ontheffing heeft een
# reden, een aanvrager, een andere goedkeurder, een goedkeuringsdatum en een
# vervaldatum; een verlopen ontheffing dekt de maatregel niet meer.
ontheffingen: []
# ontheffingen:
#   - control: PR.07-bewaartermijnen
#     reden: Waarom de maatregel tijdelijk niet wordt gehaald, en wat eraan gebeurt.
#     aangevraagd_door: naam (rol)
#     goedgekeurd_door: naam (rol)
#     goedgekeurd_op: 2026-10-01
#     verloopt_op: 2027-01-31
"""


def _readme(reqs: rq.Requirements, fmt: str) -> bytes:
    return f"""\
# IBP-dossier

Deze map is het IBP-dossier van het bestuur, zoals ibpaudit het leest.
Gemaakt met `ibpaudit init`; controleer het met `ibpaudit run <deze map>`.

- `ibpaudit.yaml`: bestuur, sector, doelniveau, taal, rapporten.
- `organisatie.yaml`: het bestuur, de scholen (BRIN) en wie welke rol vervult.
- `registers/`: {len(reqs.registers)} registers ({fmt}), elk met precies de kolommen
  die de maatregelen lezen.
- `beleid/`: {len(reqs.documents)} beleidsdocumenten (Markdown met metadata bovenaan;
  .docx of .pdf mag ook, met een `<bestand>.meta.yaml` ernaast).
- `attestaties/`: ondertekende verklaringen; {len(reqs.attestations)} sjablonen staan in
  `attestaties/{TEMPLATE_DIR}/`.
- `waivers.yaml`: ontheffingen, geaccepteerde uitzonderingen.

Zo begint u:

1. Vul `organisatie.yaml` in.
2. Vul per register een rij per applicatie, overeenkomst, verwerking ... in. Een leeg
   register is nooit bewijs: de maatregel blijft dan *gefaald*.
3. Vul bij elk beleidsdocument de metadata in (`vastgesteld_op`, `vastgesteld_door`, ...)
   zodra het is vastgesteld, en schrijf de tekst eronder.
4. Laat verklaringen ondertekenen en zet ze in `attestaties/`.

`ibpaudit explain PV.P02` vertelt per norm en per niveau welk bewijs nodig is.
""".encode()


def _files(
    args: argparse.Namespace, reqs: rq.Requirements, roles: list[str]
) -> Iterator[tuple[str, Callable[[], bytes]]]:
    yield "ibpaudit.yaml", lambda: _config(args)
    yield "organisatie.yaml", lambda: _organisation(args, roles)
    yield "waivers.yaml", lambda: WAIVERS
    yield "LEESMIJ.md", lambda: _readme(reqs, args.formaat)
    writers = {"xlsx": _xlsx, "csv": _csv, "yaml": _yaml_register}
    for register in reqs.registers:
        yield (
            f"registers/{register.name}.{args.formaat}",
            partial(writers[args.formaat], register),
        )
    registers = {r.name for r in reqs.registers}
    for document in reqs.documents:
        if document.type in registers:
            yield (
                f"registers/{document.type}.{args.formaat}.meta.yaml",
                partial(_sidecar, document),
            )
        else:
            yield f"beleid/{document.type}.md", partial(_policy, document)
    for attestation in reqs.attestations:
        yield (
            f"attestaties/{TEMPLATE_DIR}/{attestation.id}.yaml",
            partial(_attestation, attestation),
        )


def _roles(reqs: rq.Requirements) -> list[str]:
    return list(dict.fromkeys(r for a in reqs.attestations for r in a.roles))


def write_skeleton(
    target: Path, catalog: Catalog, args: argparse.Namespace
) -> tuple[list[str], list[str]]:
    """Write every template not yet present; (written, left alone) relative paths."""
    from ibpaudit.catalog import requirements as rq

    reqs = rq.derive(_applicable(catalog, args.sector))
    written: list[str] = []
    kept: list[str] = []
    for rel, content in _files(args, reqs, _roles(reqs)):
        path = target / rel
        if path.exists() or path.is_symlink():
            kept.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as handle:  # exclusive: never over a file made meanwhile
            handle.write(content())
        written.append(rel)
    return written, kept


def copy_example(target: Path) -> tuple[list[str], list[str]]:
    """Copy the example board file by file, leaving existing files alone."""
    source = example_board()
    written: list[str] = []
    kept: list[str] = []
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        rel = path.relative_to(source).as_posix()
        dest = target / rel
        if dest.exists() or dest.is_symlink():
            kept.append(rel)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
        written.append(rel)
    return written, kept


def summary(written: list[str], kept: list[str], target: Path) -> list[Text]:
    lines = [
        text("ongemoeid gelaten (bestaat al): {p}", "left alone (exists): {p}", p=p) for p in kept
    ]
    lines.append(
        text(
            "ibpaudit init: {n} bestanden geschreven in {t}, {k} bestaande ongemoeid gelaten; "
            "controleer met 'ibpaudit run {t}'",
            "ibpaudit init: wrote {n} files in {t}, left {k} existing files alone; "
            "audit with 'ibpaudit run {t}'",
            n=len(written),
            k=len(kept),
            t=target,
        )
    )
    return lines
