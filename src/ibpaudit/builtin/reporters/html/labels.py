"""Every text the HTML report shows itself, in Dutch and English.

Values of enumerations in the results document (status, severity, ...) are looked up as
``"<field>.<value>"``; a value without a label is shown as it is.
"""

from __future__ import annotations

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
    "verdict.0": ("Alle normen halen het doelniveau.", "Every norm meets the target level."),
    "verdict.1": (
        "Niet alle normen halen het doelniveau.",
        "Not every norm meets the target level.",
    ),
    "verdict.2": (
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
        "Streeplijn: het doelniveau {target}. Gearceerd: onder het doel.",
        "Bar: the lowest level every norm of the domain reaches (0–5). "
        "Dashed line: the target level {target}. Hatched: below target.",
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
    "level_state.reached": ("behaald", "reached"),
    "level_state.missed": ("niet behaald", "not reached"),
    "checks": ("Toets", "Check"),
    "verdict": ("Oordeel", "Verdict"),
    "findings_evidence": ("Bevindingen en bewijs", "Findings and evidence"),
    "more_findings": ("nog {n} bevindingen", "{n} more findings"),
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
    "made_with": ("Gemaakt met ibpaudit", "Made with ibpaudit"),
    "status.passed": ("geslaagd", "passed"),
    "status.failed": ("gefaald", "failed"),
    "status.error": ("fout", "error"),
    "status.skipped": ("overgeslagen", "skipped"),
    "status.waived": ("ontheffing", "waived"),
    "norm_status.passed": ("op doel", "at target"),
    "norm_status.failed": ("onder doel", "below target"),
    "norm_status.error": ("fout", "error"),
    "norm_status.skipped": ("n.v.t.", "n/a"),
    "norm_status.waived": ("ontheffing", "waived"),
    "severity.low": ("laag", "low"),
    "severity.medium": ("middel", "medium"),
    "severity.high": ("hoog", "high"),
    "severity.critical": ("kritiek", "critical"),
    "state.active": ("actief", "active"),
    "state.expired": ("verlopen", "expired"),
    "state.unused": ("ongebruikt", "unused"),
    # norm_source.<status> and norm_source_help.<status>: added below from the one
    # vocabulary in ibpaudit.model.provenance.
    "mapped_by_board": (
        "officieel ID gekoppeld door het bestuur (normkoppeling.yaml)",
        "official ID mapped by the board (normkoppeling.yaml)",
    ),
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


# What was seen of a norm's ID and title: label and explanation per source status,
# taken from the one definition (ibpaudit.model.provenance.SOURCE_STATUSES), so that
# the norm lines and the legend say the same as every other report.
for _status in SOURCE_STATUSES.values():
    LABELS[f"norm_source.{_status.id}"] = (_status.label.nl, _status.label.en)
    LABELS[f"norm_source_help.{_status.id}"] = (_status.explanation.nl, _status.explanation.en)
for _old, _new in LEGACY_STATUSES.items():  # results documents written before 2026-12
    LABELS[f"norm_source.{_old}"] = LABELS[f"norm_source.{_new}"]
    LABELS[f"norm_source_help.{_old}"] = LABELS[f"norm_source_help.{_new}"]


def label(key: str, lang: str, **params: object) -> str:
    """The label in ``lang`` with ``{name}`` placeholders filled; a typo raises KeyError."""
    nl, en = LABELS[key]
    text = en if lang == "en" else nl
    for name, value in params.items():
        text = text.replace("{" + name + "}", str(value))
    return text
