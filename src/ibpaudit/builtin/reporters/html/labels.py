"""Every text the HTML report shows itself, in Dutch and English.

Values of enumerations in the results document (severity, sector, ...) are looked up as
``"<field>.<value>"``; a value without a label is shown as it is. The status and
provenance words an auditor may not know (below target, waived, provisional ID, ...) are
in :data:`TERMS` instead: each with what it means, so that the report's legend, its
badges and its provenance lines all say the same thing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ibpaudit.model import SOURCE_STATUSES
from ibpaudit.model.provenance import LEGACY_STATUSES

# (Dutch, English)
LABELS: dict[str, tuple[str, str]] = {
    "title": ("IBP-auditrapport", "IBP audit report"),
    "contents": ("Inhoud", "Contents"),
    "skip_link": ("Naar de inhoud", "Skip to the content"),
    "as_of": ("Peildatum", "As of"),
    "run_date": ("Uitgevoerd op", "Run on"),
    "duration": ("Duur", "Duration"),
    "seconds": ("s", "s"),
    "version": ("ibpaudit-versie", "ibpaudit version"),
    "sector": ("Sector", "Sector"),
    "schools": ("Scholen", "Schools"),
    "target_level": ("Doelniveau", "Target level"),
    "level_reached": ("Behaald niveau", "Level reached"),
    "overview": ("In één oogopslag", "At a glance"),
    "verdict.below": (
        "{n} van de {total} normen halen het doelniveau niet; dit vraagt werk:",
        "{n} of the {total} norms do not meet the target level; this needs work:",
    ),
    "verdict.below_or_error": (
        "{n} van de {total} normen halen het doelniveau niet of konden niet worden "
        "beoordeeld; dit vraagt werk:",
        "{n} of the {total} norms do not meet the target level or could not be judged; "
        "this needs work:",
    ),
    "verdict.more": ("en {n} andere", "and {n} more"),
    "verdict.all": ("Alle normen halen het doelniveau.", "Every norm meets the target level."),
    "verdict.all_waived": (
        "Alle normen halen het doelniveau of vallen onder een geldige ontheffing "
        "({n} met ontheffing).",
        "Every norm meets the target level or is covered by a valid waiver ({n} waived).",
    ),
    "verdict.errors": (
        "Er zijn fouten in het bewijs of de configuratie: de uitslag is onvolledig.",
        "There are errors in the evidence or the configuration: the outcome is incomplete.",
    ),
    "picture": ("Normen naar uitkomst", "Norms by outcome"),
    "tile.passed": ("op of boven doelniveau", "at or above target"),
    "tile.failed": ("onder doelniveau", "below target"),
    "tile.error": ("met fouten", "with errors"),
    "tile.waived": ("met ontheffing", "waived"),
    "tile.skipped": ("niet van toepassing", "not applicable"),
    "of_norms": ("van de {n} normen", "of {n} norms"),
    "chart_title": ("Behaald niveau per domein", "Level reached per domain"),
    "chart_caption": (
        "Balk: het laagste niveau dat alle normen van het domein halen (0–5). "
        "Streeplijn: het doelniveau {target}. Gearceerd: onder het doel. Gestippeld: "
        "onder het doel, maar gedekt door ontheffingen.",
        "Bar: the lowest level every norm of the domain reaches (0–5). "
        "Dashed line: the target level {target}. Hatched: below target. Dotted: below "
        "target, but covered by waivers.",
    ),
    "chart_row": (
        "{domain}: niveau {level}, doel {target}, {at} van {n} normen op doel",
        "{domain}: level {level}, target {target}, {at} of {n} norms at target",
    ),
    "target_short": ("doel", "target"),
    "at_target_short": ("{at}/{n} op doel", "{at}/{n} at target"),
    "attention": ("Aandachtspunten", "Points of attention"),
    "attention_none": (
        "Geen: elke norm haalt het doelniveau of heeft een ontheffing.",
        "None: every norm meets the target level or is waived.",
    ),
    "needs": ("nodig voor niveau {level}", "needed for level {level}"),
    "per_school": ("Per school", "Per school"),
    "school": ("School", "School"),
    "school_controls": ("Maatregelen per school", "Controls per school"),
    "findings_count": ("Bevindingen", "Findings"),
    "stale": (
        "Het bewijs is ouder dan deze maatregel toestaat.",
        "The evidence is older than this control allows.",
    ),
    "gate": ("CI-poort", "CI gate"),
    "gate_value": (
        "faalt op {fail_on}; geraakt: {fired}; exitcode {code}",
        "fails on {fail_on}; hit: {fired}; exit code {code}",
    ),
    "baseline": ("Vergeleken met de vorige audit", "Compared with the previous audit"),
    "baseline_intro": (
        "Baseline {path} (peildatum {as_of}, SHA-256 {sha}): {reg} achteruitgang, "
        "{imp} vooruitgang, {other} andere wijzigingen.",
        "Baseline {path} (as of {as_of}, SHA-256 {sha}): {reg} regressions, "
        "{imp} improvements, {other} other changes.",
    ),
    "regressions": ("Achteruitgang", "Regressions"),
    "improvements": ("Vooruitgang", "Improvements"),
    "changes": ("Andere wijzigingen", "Other changes"),
    "committed": ("Laatste commit", "Last commit"),
    "controls_by_status": ("Maatregelen per status", "Controls by status"),
    "status": ("Status", "Status"),
    "count": ("Aantal", "Count"),
    "share": ("Aandeel", "Share"),
    "total": ("Totaal", "Total"),
    "norms_at_target": ("Normen op doelniveau", "Norms at target"),
    "domains": ("Domeinen", "Domains"),
    "domain": ("Domein", "Domain"),
    "part": ("Deel", "Part"),
    "norms": ("Normen", "Norms"),
    "norms_by_domain": ("Normen per domein", "Norms by domain"),
    "norm": ("Norm", "Norm"),
    "level_of_target": ("niveau {level} · doel {target}", "level {level} · target {target}"),
    "growth": ("Groeipad", "Growth path"),
    "growth_next": ("Voor niveau {level} is nodig:", "Level {level} needs:"),
    "growth_top": ("Het hoogste niveau is bereikt.", "The highest level is reached."),
    "growth_none": (
        "Geen volgende stap vastgelegd in de maatregelen.",
        "No next step recorded in the controls.",
    ),
    "controls": ("Maatregelen", "Controls"),
    "control": ("Maatregel", "Control"),
    "severity": ("Ernst", "Severity"),
    "reason": ("Reden", "Reason"),
    "level": ("Niveau", "Level"),
    "level_n": ("Niveau {level}", "Level {level}"),
    "checks": ("Toets", "Check"),
    "verdict": ("Oordeel", "Verdict"),
    "findings_evidence": ("Bevindingen en bewijs", "Findings and evidence"),
    "more_findings": ("nog {n} bevindingen", "{n} more findings"),
    "folded_findings": (
        "en {n} andere (alle bevindingen staan in results.json)",
        "and {n} more (every finding is in results.json)",
    ),
    "no_checks": ("Geen toetsen uitgevoerd.", "No checks were run."),
    "no_evidence": ("Geen bewijs vastgelegd.", "No evidence recorded."),
    "evidence_used": ("Bewijs", "Evidence"),
    "recorded_in": ("Vastgelegd in", "Recorded in"),
    "waiver": ("Ontheffing", "Waiver"),
    "waivers": ("Ontheffingen", "Waivers"),
    "no_waivers": ("Geen ontheffingen.", "No waivers."),
    "requested_by": ("Aangevraagd door", "Requested by"),
    "approved_by": ("Goedgekeurd door", "Approved by"),
    "approved_on": ("Goedgekeurd op", "Approved on"),
    "expires": ("Verloopt op", "Expires"),
    "days_left": ("nog {n} dagen", "{n} days left"),
    "attestations": ("Verklaringen", "Attestations"),
    "attestations_intro": (
        "Ondertekende verklaringen voor wat geen bestand kan laten zien: wie tekende, in "
        "welke rol en wanneer; de hash legt vast welke versie is beoordeeld.",
        "Signed statements for what no file can show: who signed, in which role and when; "
        "the hash records which version was judged.",
    ),
    "no_attestations": ("Geen verklaringen gebruikt.", "No attestations used."),
    "statement": ("Verklaring", "Statement"),
    "signed_by": ("Ondertekend door", "Signed by"),
    "valid_until": ("geldig tot", "valid until"),
    "file": ("Bestand", "File"),
    "filters": ("Normen filteren", "Filter the norms"),
    "all_domains": ("Alle domeinen", "All domains"),
    "all_statuses": ("Alle statussen", "All statuses"),
    "all_levels": ("Alle niveaus", "All levels"),
    "search": ("Zoeken", "Search"),
    "search_hint": ("norm, tekst, bestand…", "norm, text, file…"),
    "reset": ("Wissen", "Clear"),
    "expand_all": ("Alles openklappen", "Expand all"),
    "collapse_all": ("Alles dichtklappen", "Collapse all"),
    "count_all": ("{total} normen", "{total} norms"),
    "count_shown": ("{shown} van {total} normen zichtbaar", "{shown} of {total} norms shown"),
    "only_open": (
        "Alleen normen tonen die het doel niet halen",
        "Show only norms that miss the target",
    ),
    "trend": ("Ontwikkeling", "Trend"),
    "trend_none": (
        "Geen eerdere audits opgegeven. Met ibpaudit run --history MAP (een map met "
        "eerdere results.json-bestanden) toont dit deel het niveau per domein en norm "
        "door de tijd.",
        "No earlier audits given. With ibpaudit run --history DIR (a folder of earlier "
        "results.json files) this part shows the level per domain and norm over time.",
    ),
    "trend_intro": (
        "Behaald niveau per audit, op volgorde van peildatum; de kolom 'deze audit' is dit "
        "rapport. Verschil: van de audit ervoor naar deze audit.",
        "Level reached per audit, in order of as-of date; the column 'this audit' is this "
        "report. Change: from the audit before to this audit.",
    ),
    "trend_domains": ("Per domein", "Per domain"),
    "trend_norms": ("Per norm", "Per norm"),
    "trend_this": ("deze audit", "this audit"),
    "trend_change": ("Verschil", "Change"),
    "trend_course": ("Verloop", "Course"),
    "trend_line": ("Niveau per audit: {levels}", "Level per audit: {levels}"),
    "trend_earlier": ("Eerdere audits", "Earlier audits"),
    "trend_skipped": ("Niet meegenomen", "Not included"),
    "trend_at_target": ("Normen op doel", "Norms at target"),
    "integrity": ("Integriteitsbijlage", "Integrity annex"),
    "integrity_intro": (
        "Elk bewijsstuk met zijn SHA-256 en wijzigingsdatum, en de gebruikte plugins: "
        "zo kan een auditor aantonen dat dit rapport bij het dossier hoort.",
        "Every evidence file with its SHA-256 and modification date, and the plugins "
        "used: so an auditor can prove that this report matches the dossier.",
    ),
    "run_facts": ("Deze audit", "This audit"),
    "schema": ("Resultatenschema", "Results schema"),
    "command": ("Opdracht", "Command"),
    "root": ("Dossiermap", "Dossier folder"),
    "evidence_files": ("Bewijsstukken", "Evidence files"),
    "evidence_total": ("{n} bestanden, {size} bytes", "{n} files, {size} bytes"),
    "path": ("Pad", "Path"),
    "size": ("Grootte (bytes)", "Size (bytes)"),
    "modified": ("Gewijzigd", "Modified"),
    "reader": ("Lezer", "Reader"),
    "no_reader": ("geen lezer", "no reader"),
    "read_result": ("Fout en meldingen", "Error and notes"),
    "verify": ("Zelf controleren", "Verify it yourself"),
    "verify_how": (
        "Bewaar deze regels als SHA256SUMS in de dossiermap en voer daar "
        "sha256sum -c SHA256SUMS uit: elk bestand moet OK geven.",
        "Save these lines as SHA256SUMS in the dossier folder and run "
        "sha256sum -c SHA256SUMS there: every file must say OK.",
    ),
    "plugins": ("Plugins", "Plugins"),
    "name": ("Naam", "Name"),
    "origin": ("Herkomst", "Origin"),
    "problems": ("Problemen", "Problems"),
    "no_problems": ("Geen problemen.", "No problems."),
    "trust": ("Code en afwijkingen uit het dossier", "Code and overrides from the dossier"),
    "trust_intro": (
        "Dit dossier bevat meer dan bewijs: eigen code die deze audit heeft uitgevoerd, "
        "of eigen versies van meegeleverde maatregelen of referentiewaarden. Een auditor "
        "kan beide weigeren met --dossier-as-data (of IBPAUDIT_DOSSIER_AS_DATA=1).",
        "This dossier holds more than evidence: its own code that this audit executed, "
        "or its own versions of shipped controls or reference values. An auditor can "
        "refuse both with --dossier-as-data (or IBPAUDIT_DOSSIER_AS_DATA=1).",
    ),
    "dossier_code": ("Code uit het dossier", "Dossier code"),
    "code_status.executed": ("uitgevoerd", "executed"),
    "code_status.refused": ("niet uitgevoerd", "not executed"),
    "overrides": ("Afwijkingen van de catalogus", "Catalog overrides"),
    "override_status.applied": ("toegepast", "applied"),
    "override_status.refused": (
        "geweigerd; de meegeleverde versie geldt",
        "refused; the shipped version applies",
    ),
    "override_kind": ("Soort", "Kind"),
    "override_kind.control": ("maatregel", "control"),
    "override_kind.reference": ("referentiewaarden", "reference values"),
    "replaces": ("Vervangt", "Replaces"),
    "changed_value": ("Waarde", "Value"),
    "shipped": ("Meegeleverd", "Shipped"),
    "board_value": ("Dossier", "Dossier"),
    "no_change": ("geen inhoudelijke wijziging", "no change in content"),
    "kind": ("Soort", "Kind"),
    "source": ("Bron", "Source"),
    "message": ("Melding", "Message"),
    "none": ("geen", "none"),
    "legend": ("Legenda", "Legend"),
    "legend_link": ("wat de statuswoorden betekenen", "what the status words mean"),
    "legend_intro": (
        "Wat de woorden voor uitkomst en herkomst in dit rapport betekenen.",
        "What the words for outcome and provenance in this report mean.",
    ),
    "legend_kind.norm_status": ("Uitkomst van een norm of domein", "Outcome of a norm or domain"),
    "legend_kind.status": (
        "Uitkomst van een maatregel, toets of bevinding",
        "Outcome of a control, check or finding",
    ),
    "legend_kind.level_state": ("Niveaus", "Levels"),
    "legend_kind.norm_source": (
        "Herkomst van norm-ID en titel",
        "Provenance of the norm ID and title",
    ),
    "legend_kind.provenance": (
        "Herkomst van titel en koppeling",
        "Provenance of title and mapping",
    ),
    "legend_kind.state": ("Ontheffingen", "Waivers"),
    "made_with": ("Gemaakt met ibpaudit", "Made with ibpaudit"),
    "severity.low": ("laag", "low"),
    "severity.medium": ("middel", "medium"),
    "severity.high": ("hoog", "high"),
    "severity.critical": ("kritiek", "critical"),
    "state.active": ("actief", "active"),
    "state.expired": ("verlopen", "expired"),
    "state.unused": ("ongebruikt", "unused"),
    "origin.builtin": ("ingebouwd", "built-in"),
    "origin.entrypoint": ("geïnstalleerd pakket", "installed package"),
    "origin.local": ("lokaal", "local"),
    "origin.test": ("test (ibpaudit.testing)", "test (ibpaudit.testing)"),
    "kind.plugin": ("plugin", "plugin"),
    "kind.catalog": ("catalogus", "catalog"),
    "kind.config": ("configuratie", "configuration"),
    "kind.evidence": ("bewijs", "evidence"),
    "part.security": ("informatiebeveiliging", "information security"),
    "part.privacy": ("privacy", "privacy"),
    "sector.po": ("primair onderwijs (po)", "primary education (po)"),
    "sector.vo": ("voortgezet onderwijs (vo)", "secondary education (vo)"),
    "sector.po-vo": ("primair en voortgezet onderwijs", "primary and secondary education"),
    "sector.so": ("speciaal onderwijs (so)", "special education (so)"),
    # ibpaudit run --sector sector.json: the board beside its sector, per norm.
    "sector_compare": (
        "Sector ({boards} besturen): mediaan niveau {median}; dit bestuur staat op "
        "percentiel {percentile}",
        "Sector ({boards} boards): median level {median}; this board is at percentile {percentile}",
    ),
    "sector_too_few": (
        "Sector: te weinig besturen voor een vergelijking",
        "Sector: too few boards to compare with",
    ),
}


def label(key: str, lang: str, **params: object) -> str:
    """The label in ``lang`` with ``{name}`` placeholders filled; a typo raises KeyError."""
    nl, en = LABELS[key]
    text = en if lang == "en" else nl
    for name, value in params.items():
        text = text.replace("{" + name + "}", str(value))
    return text


@dataclass(frozen=True)
class Term:
    """A status or provenance word and what it means, each as (Dutch, English)."""

    word: tuple[str, str]
    meaning: tuple[str, str]


# Every status and provenance word the report shows, by kind and then by the value the
# results document holds. The legend lists these; every badge takes its word from here.
TERMS: dict[str, dict[str, Term]] = {
    "norm_status": {
        "passed": Term(
            ("op doel", "at target"),
            (
                "Alle maatregelen van de norm halen het doelniveau van het bestuur.",
                "Every control of the norm reaches the board's target level.",
            ),
        ),
        "failed": Term(
            ("onder doel", "below target"),
            (
                "Minstens één maatregel van de norm haalt het doelniveau niet: hier is werk nodig.",
                "At least one control of the norm misses the target level: this needs work.",
            ),
        ),
        "error": Term(
            ("fout", "error"),
            (
                "Het bewijs of de configuratie kon niet worden beoordeeld; het niveau is een "
                "ondergrens tot de fout is hersteld.",
                "The evidence or the configuration could not be judged; the level is a lower "
                "bound until the error is fixed.",
            ),
        ),
        "waived": Term(
            ("ontheffing", "waived"),
            (
                "De norm haalt het doel niet, maar een goedgekeurde, nog geldige ontheffing "
                "dekt dat tot de einddatum; hij telt niet als onder doel.",
                "The norm misses the target, but an approved waiver that has not expired "
                "covers it until its end date; it does not count as below target.",
            ),
        ),
        "skipped": Term(
            ("n.v.t.", "n/a"),
            (
                "Niet van toepassing: het bestuur heeft de maatregelen met een reden "
                "overgeslagen; er is niets beoordeeld.",
                "Not applicable: the board skipped the controls with a reason; nothing was judged.",
            ),
        ),
    },
    "status": {
        "passed": Term(
            ("geslaagd", "passed"),
            ("De toets of maatregel is gehaald.", "The check or control is met."),
        ),
        "failed": Term(
            ("gefaald", "failed"),
            (
                "De toets is niet gehaald op een niveau tot en met het doel; de maatregel "
                "haalt het doelniveau daardoor niet.",
                "The check is not met at a level up to the target; so the control misses "
                "the target level.",
            ),
        ),
        "next_level": Term(
            ("volgend niveau", "next level"),
            (
                "Een toets voor een niveau boven het doelniveau die nog niet gehaald is: "
                "een volgende stap, geen tekortkoming.",
                "A check for a level above the target level that is not met yet: a next "
                "step, not a shortcoming.",
            ),
        ),
        "error": Term(
            ("fout", "error"),
            (
                "De toets kon niet worden uitgevoerd, bijvoorbeeld omdat een bestand niet "
                "te lezen was; zie de melding.",
                "The check could not be run, for instance because a file could not be "
                "read; see the message.",
            ),
        ),
        "waived": Term(
            ("ontheffing", "waived"),
            (
                "De maatregel haalt het doel niet, maar een goedgekeurde, geldige ontheffing "
                "dekt dat.",
                "The control misses the target, but an approved, unexpired waiver covers it.",
            ),
        ),
        "skipped": Term(
            ("overgeslagen", "skipped"),
            (
                "Niet van toepassing verklaard door het bestuur, met een reden; niet beoordeeld.",
                "Declared not applicable by the board, with a reason; not judged.",
            ),
        ),
    },
    "level_state": {
        "reached": Term(
            ("behaald", "reached"),
            (
                "Alle toetsen van dit niveau en de niveaus eronder zijn gehaald.",
                "Every check of this level and the levels below it is met.",
            ),
        ),
        "missed": Term(
            ("niet behaald", "not reached"),
            (
                "Een toets van dit niveau of een lager niveau is niet gehaald. Boven het "
                "doelniveau is dat een volgende stap, geen tekortkoming.",
                "A check of this level or a lower one is not met. Above the target level "
                "that is a next step, not a shortcoming.",
            ),
        ),
    },
    # What was seen of a norm's ID and title: the one vocabulary of every report.
    "norm_source": {
        s.id: Term((s.label.nl, s.label.en), (s.explanation.nl, s.explanation.en))
        for s in SOURCE_STATUSES.values()
    },
    "provenance": {
        "title_not_seen": Term(
            ("officiële titel niet gezien", "official title not seen"),
            (
                "Staat dit in een normtitel, dan is de officiële titel niet gezien: de "
                "titel is een omschrijving van ibpaudit, niet de tekst van het Normenkader.",
                "Where a norm title says this, the official title was not seen: the title "
                "is ibpaudit's description, not the Normenkader's text.",
            ),
        ),
        "mapped_by_board": Term(
            (
                "officieel ID gekoppeld door het bestuur (normkoppeling.yaml)",
                "official ID mapped by the board (normkoppeling.yaml)",
            ),
            (
                "Het bestuur koppelde het voorlopige ID van ibpaudit aan een officieel ID "
                "in normkoppeling.yaml; ibpaudit heeft die koppeling niet zelf gezien.",
                "The board mapped ibpaudit's provisional ID to an official ID in "
                "normkoppeling.yaml; ibpaudit has not seen that mapping itself.",
            ),
        ),
    },
    "state": {
        "active": Term(
            ("actief", "active"),
            (
                "De ontheffing is goedgekeurd en nog niet verlopen.",
                "The waiver is approved and has not expired.",
            ),
        ),
        "expired": Term(
            ("verlopen", "expired"),
            (
                "De einddatum van de ontheffing is voorbij: de maatregel faalt weer.",
                "The waiver's end date has passed: the control fails again.",
            ),
        ),
        "unused": Term(
            ("ongebruikt", "unused"),
            (
                "De ontheffing noemt een maatregel die niet faalt of niet bestaat.",
                "The waiver names a control that does not fail or does not exist.",
            ),
        ),
    },
}

# A value the table does not know (a newer catalog or results document) is shown as it
# is, as text, with this explanation.
UNKNOWN_TERM = (
    "Een waarde die deze versie van ibpaudit niet kent; ze staat hier zoals ze in het "
    "resultatendocument staat.",
    "A value this version of ibpaudit does not know; it is shown as the results document holds it.",
)

_SAFE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


# Values of earlier results documents, read as what they mean now.
FORMER_VALUES: dict[str, Mapping[str, str]] = {"norm_source": LEGACY_STATUSES}


def term_value(kind: str, value: str) -> str:
    """``value`` as the table knows it (a former value as its current one)."""
    return FORMER_VALUES.get(kind, {}).get(value, value)


def term_word(kind: str, value: str, lang: str) -> str:
    """The word for ``value`` of ``kind``; an unknown value is returned as it is."""
    term = TERMS.get(kind, {}).get(term_value(kind, value))
    if term is None:
        return value
    return term.word[1] if lang == "en" else term.word[0]


def term_meaning(kind: str, value: str, lang: str) -> str:
    term = TERMS.get(kind, {}).get(term_value(kind, value))
    nl, en = UNKNOWN_TERM if term is None else term.meaning
    return en if lang == "en" else nl


def term_anchor(kind: str, value: str) -> str:
    """The fragment ID of the legend entry: readable for a plain value, a digest of the
    value for anything else, so every value has its own valid, inert ID."""
    value = term_value(kind, value)
    if _SAFE.fullmatch(value):
        return f"legend-{kind}-{value}"
    return f"legend-{kind}-x{hashlib.sha256(value.encode('utf-8')).hexdigest()[:16]}"
