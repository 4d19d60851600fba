"""Audit-grade governance, end to end through the command line on copies of the example
board: privacy-safe outputs, strict waivers, evidence age, schools and the run manifest."""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from ibpaudit.engine import plugins
from office import write_xlsx
from support import EXAMPLE_BOARD, Cli, git, update_config

# Personal data seeded into the board; none of it may reach an output.
PUPIL = "Sanne de Boer"
BSN = "111222333"
EMAIL = "j.devries@ouders.example.nl"
PHONE = "06-12345678"
IBAN = "NL91ABNA0417164300"
SECRETS = (PUPIL, BSN, EMAIL, PHONE, IBAN)

INCIDENTS = f"""\
kenmerk;naam_leerling;bsn;contact_ouder;telefoon_ouder;rekening;school;gemeld_op
LI-1;{PUPIL};{BSN};{EMAIL};{PHONE};{IBAN};00AA;
LI-2;Tim Smit;123456782;t.smit@ouders.example.nl;+31 6 8765 4321;NL91 ABNA 0417 1643 00;00AB;{BSN}
LI-3;Eva Bakker;;;;;00AC;03-02-2026
"""
CONTROL = """\
id: GB.02-leerlingincidenten
norm: GB.02
title: {nl: Incidenten met leerlinggegevens zijn gemeld, en: Incidents with pupil data are reported}
severity: high
personal_columns: [contact_ouder, rekening]
levels:
  2:
    - check: register
      register: leerlingincidenten
      label: [kenmerk, naam_leerling, bsn, contact_ouder, telefoon_ouder, rekening]
      require: {column: gemeld_op, not_after: today}
"""


def all_formats() -> list[str]:
    return sorted(plugins.build(None).report_formats())


def outputs(folder: Path, stderr: str) -> dict[str, str]:
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir() if p.is_file()}
    return {**texts, "stderr": stderr}


@pytest.fixture
def seeded(board: Path) -> Path:
    (board / "registers" / "leerlingincidenten.csv").write_text(INCIDENTS, encoding="utf-8")
    (board / "controls").mkdir()
    (board / "controls" / "leerlingincidenten.yaml").write_text(CONTROL, encoding="utf-8")
    return board


def test_no_output_of_a_seeded_dossier_holds_personal_data(
    cli: Cli, seeded: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = cli("run", str(seeded), "-o", str(out), "-f", ",".join(all_formats()))
    assert result.code == 2  # LI-2 holds an unreadable date: an error finding
    texts = outputs(out, result.err)
    assert {"results.json", "junit.xml", "report.html", "manifest.json"} <= set(texts)
    for name, body in texts.items():
        for secret in (*SECRETS, "Tim Smit", "123456782", "t.smit@", "+31 6 8765 4321"):
            assert secret not in body, f"{secret!r} leaked into {name}"
    document = json.loads(texts["results.json"])
    assert document["run"]["personal_data"] == "redacted"
    assert document["run"]["redactions"] >= 3
    control = next(c for c in document["controls"] if c["id"] == "GB.02-leerlingincidenten")
    findings = [f for c in control["checks"] for f in c["findings"]]
    # The finding and its location stay: an auditor can still find the cell.
    rows = {f["location"]["row"] for f in findings}
    assert rows == {2, 3}
    assert all(f["location"]["path"] == "registers/leerlingincidenten.csv" for f in findings)
    assert any("[persoonsgegeven verborgen]" in f["message"]["nl"] for f in findings)
    assert any("[BSN redacted]" in f["message"]["en"] for f in findings)
    assert "LI-1" in texts["stderr"]  # what is not personal stays readable


# Every redaction probe (tests/data/redaction/probes.yaml), planted where boards put
# personal data: CSV and xlsx register rows, an attestation, file and sheet names.
PROBES = yaml.safe_load(
    (Path(__file__).parents[1] / "data" / "redaction" / "probes.yaml").read_text(encoding="utf-8")
)
PROBE_HEADER = ["kenmerk", "naam_leerling", "bsn", "omschrijving", "gemeld_op"]
PROBE_CONTROL = """\
id: GB.02-probes-{register}
norm: GB.02
title: {{nl: Incidenten zijn gemeld, en: Incidents are reported}}
severity: high
levels:
  2:
    - check: register
      register: {register}
      label: [kenmerk, omschrijving]
      require: {{column: gemeld_op, not_after: today}}
"""
# Names that hold personal data: a BSN, and a pupil's name learned from the register.
NAMED_FILES = ("registers/leerling_100372193.csv", "attestaties/gesprek-sanne-de-boer.yaml")
PERSONAL_SHEET = "Verhoeven 111-222-333"


def probe_rows() -> list[list[str]]:
    rows = []
    for n, probe in enumerate(PROBES["probes"], 1):
        learn = probe.get("learn") or {}
        name, bsn = str(learn.get("naam_leerling", "")), str(learn.get("bsn", ""))
        rows.append([f"P-{n}", name, bsn, probe["text"], ""])  # no date: a finding per row
    for n, negative in enumerate(PROBES["negatives"], 1):
        rows.append([f"N-{n}", "", "", negative["text"], ""])
    return rows


@pytest.fixture
def probed(board: Path) -> Path:
    registers = board / "registers"
    with (registers / "leerlingincidenten.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows([PROBE_HEADER, *probe_rows()])
    write_xlsx(
        registers / "ouderverzoeken.xlsx",
        {
            "Ouderverzoeken": [PROBE_HEADER, *probe_rows()],
            PERSONAL_SHEET: [["notitie"], ["zie incidenten"]],
        },
    )
    (board / NAMED_FILES[0]).write_text("kolom;waarde\nx;1\n", encoding="utf-8")
    statement = " ".join(p["text"] for p in PROBES["probes"])
    attestation = {
        "id": "gesprek",
        "verklaring": statement,
        "ondertekend_door": {"naam": "M. de Vries", "rol": "bestuurder"},
        "ondertekend_op": "2026-03-02",
    }
    (board / NAMED_FILES[1]).write_text(yaml.safe_dump(attestation), encoding="utf-8")
    (board / "controls").mkdir()
    for register in ("leerlingincidenten", "ouderverzoeken"):
        control = PROBE_CONTROL.format(register=register)
        (board / "controls" / f"{register}.yaml").write_text(control, encoding="utf-8")
    return board


def probe_findings(document: dict[str, Any], path: str) -> list[dict[str, Any]]:
    return [
        f
        for c in document["controls"]
        if c["id"].startswith("GB.02-probes-")
        for check in c["checks"]
        for f in check["findings"]
        if f.get("location", {}).get("path") == path
    ]


def readable(name: str, body: str) -> str:
    """An output as a reader sees it: JSON unescaped, HTML and XML entities resolved."""
    if name.endswith((".json", ".sarif")):
        return json.dumps(json.loads(body), ensure_ascii=False)
    return html.unescape(body)


def test_no_output_holds_any_redaction_probe(
    cli: Cli, probed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = ("html", "junit", "json", "sarif", "markdown")
    monkeypatch.delenv("CI", raising=False)
    shown = cli(
        "run",
        str(probed),
        "-o",
        str(tmp_path / "shown"),
        "-f",
        ",".join(reports),
        "--show-personal-data",
    )
    seen = "\n".join(readable(n, b) for n, b in outputs(tmp_path / "shown", shown.err).items())
    # Shown, every probe reaches the reports from each register row and the attestation.
    document = json.loads((tmp_path / "shown" / "results.json").read_text(encoding="utf-8"))
    planted = {
        path: "\n".join(f["message"]["nl"] for f in probe_findings(document, path))
        for path in ("registers/leerlingincidenten.csv", "registers/ouderverzoeken.xlsx")
    }
    planted["attestation"] = next(a for a in document["attestations"] if a["id"] == "gesprek")[
        "statement"
    ]
    for where, text in planted.items():
        missing = [p["text"] for p in PROBES["probes"] if p["text"] not in text]
        assert not missing, f"not planted in {where}: {missing}"
    hidden = cli("run", str(probed), "-o", str(tmp_path / "out"), "-f", ",".join(reports))
    texts = outputs(tmp_path / "out", hidden.err)
    texts.pop("manifest.json")  # names the files as they are on disk, for verify
    texts.pop(".ibpaudit.lock")  # empty: it only lets runs into one folder take turns
    assert len(texts) == len(reports) + 1
    for probe in PROBES["probes"]:
        for value in probe["hide"]:
            assert value in seen, f"{value!r} never reached an output: the probe proves nothing"
            for name, body in texts.items():
                assert value not in readable(name, body), f"{value!r} leaked into {name}"
    document = json.loads(texts["results.json"])
    messages = json.dumps(document["controls"], ensure_ascii=False)
    for negative in PROBES["negatives"]:
        assert negative["text"] in messages, f"{negative['text']!r} was redacted"
    # File and sheet names: hidden in every report, and a warning names them hidden.
    paths = {e["path"] for e in document["evidence"]}
    assert {"registers/leerling_[BSN verborgen].csv", "registers/ouderverzoeken.xlsx"} <= paths
    hashes = {e["path"]: e["sha256"] for e in document["evidence"]}
    bsn_file = "registers/leerling_[BSN verborgen].csv"
    names = document["run"]["personal_data_in_names"]
    assert names == [
        {
            "path": "attestaties/gesprek-[persoonsgegeven verborgen].yaml",
            "sheet": None,
            "sha256": hashes["attestaties/gesprek-[persoonsgegeven verborgen].yaml"],
        },
        {"path": bsn_file, "sheet": None, "sha256": hashes[bsn_file]},
        {
            "path": "registers/ouderverzoeken.xlsx",
            "sheet": "[persoonsgegeven verborgen] [BSN verborgen]",
            "sha256": hashes["registers/ouderverzoeken.xlsx"],
        },
    ]
    warnings = [line for line in hidden.err.splitlines() if "persoonsgegevens; geef" in line]
    assert len(warnings) == 3
    assert (
        f"LET OP: {bsn_file} (SHA-256 {hashes[bsn_file][:12]}): de naam bevat persoonsgegevens"
        in warnings[1]
    )


def test_redaction_changes_nothing_in_the_example_board_reports(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No false positives on a real dossier: its KvK numbers, dates, hashes and officers'
    names read the same with and without redaction."""
    monkeypatch.delenv("CI", raising=False)
    documents = []
    for folder, flags in (("shown", ["--show-personal-data"]), ("hidden", [])):
        cli("run", str(EXAMPLE_BOARD), "-o", str(tmp_path / folder), "-f", "json,html", *flags)
        document = json.loads((tmp_path / folder / "results.json").read_text(encoding="utf-8"))
        assert document["run"].pop("personal_data") == folder.replace("hidden", "redacted")
        for key in ("started_at", "duration_ms", "command", "redactions"):
            document["run"].pop(key)
        for control in document["controls"]:
            control.pop("duration_ms")
            for check in control["checks"]:
                check.pop("duration_ms")
        documents.append(document)
    shown, hidden = documents
    assert hidden["run"].pop("personal_data_in_names") == []
    shown["run"].pop("personal_data_in_names")
    assert hidden == shown
    assert "R. Jansen" in json.dumps(hidden["attestations"])  # officers stay named


def test_validate_prints_no_personal_data(cli: Cli, probed: Path) -> None:
    # Values past the last column are stray: validate quotes them to say what to fix.
    bad = "LI-9;;;x;;Sanne de Boer;111222333;bel 06 - 1234 5678\n"
    register = probed / "registers" / "leerlingincidenten.csv"
    register.write_text(register.read_text(encoding="utf-8") + bad, encoding="utf-8")
    result = cli("validate", str(probed), "--lang", "en")
    assert result.code == 2
    assert "registers/leerlingincidenten.csv" in result.err
    for secret in ("1234 5678", "Sanne de Boer", "111222333", "100372193"):
        assert secret not in result.err, f"{secret!r} printed by validate"
    assert (
        "has values without a column name ([personal data redacted], [BSN redacted], "
        "bel [phone number redacted])" in result.err
    )
    assert "WARNING: registers/leerling_[BSN verborgen].csv (SHA-256 " in result.err
    assert "): the name holds personal data; rename it" in result.err


def test_show_personal_data_lifts_redaction_and_is_stamped(
    cli: Cli, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    out = tmp_path / "out"
    result = cli("run", str(seeded), "-o", str(out), "-f", "json,html", "--show-personal-data")
    assert result.code == 2
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert document["run"]["personal_data"] == "shown"
    assert PUPIL in (out / "results.json").read_text(encoding="utf-8")
    assert "--show-personal-data" in result.err


def test_show_personal_data_is_refused_in_ci(
    cli: Cli, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    result = cli("run", str(seeded), "-o", str(tmp_path / "o"), "--show-personal-data")
    assert result.code == 4
    assert "local run" in result.err
    assert not (tmp_path / "o").exists()


WAIVER = """\
ontheffingen:
  - control: PR.07-bewaartermijnen
    reden: De nieuwe recorder is besteld; tot dan 8 weken.
    aangevraagd_door: R. Jansen (security officer)
    goedgekeurd_door: {approver}
    goedgekeurd_op: {approved}
    verloopt_op: {expires}
"""


@pytest.mark.parametrize(
    ("approver", "approved", "expires", "expected"),
    [
        ("R. Jansen (security officer)", "2026-10-01", "2027-01-31", "own requester"),
        ("M. de Vries (bestuurder)", "2026-10-01", "2027-10-02", "more than 1 year"),
        ("M. de Vries (bestuurder)", "2026-10-01", "31-02-2027", "not a valid date"),
    ],
)
def test_an_invalid_waiver_stops_the_run_before_evaluation(
    cli: Cli,
    board: Path,
    tmp_path: Path,
    approver: str,
    approved: str,
    expires: str,
    expected: str,
) -> None:
    waiver = WAIVER.format(approver=approver, approved=approved, expires=expires)
    (board / "waivers.yaml").write_text(waiver, encoding="utf-8")
    result = cli("run", str(board), "-o", str(tmp_path / "out"))
    assert result.code == 2
    assert "waivers.yaml:2" in result.err
    assert "PR.07-bewaartermijnen" in result.err
    assert expected in result.err
    # nothing was evaluated: the one report is a junit.xml naming the problem, for CI
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["junit.xml"]
    assert expected in (tmp_path / "out" / "junit.xml").read_text(encoding="utf-8")


def test_the_waiver_horizon_is_configurable(cli: Cli, board: Path, tmp_path: Path) -> None:
    update_config(board, {"ontheffingen": {"max_termijn_maanden": 3}})
    result = cli("run", str(board), "-o", str(tmp_path / "out"))
    assert result.code == 2
    assert "more than 3 months" in result.err


def test_a_ceiling_on_open_waivers_fails_the_run(cli: Cli, board: Path, tmp_path: Path) -> None:
    update_config(board, {"ontheffingen": {"maximum_open": 0}})
    (board / "registers" / "datalekken.yaml").write_text("datalekken: []\n")  # GB.02 passes
    result = cli("run", str(board), "-o", str(tmp_path / "out"), "--skip", "PV.P02")
    assert result.code == 1
    assert "1 open ontheffingen, meer dan de 0" in result.err
    summary = json.loads((tmp_path / "out" / "results.json").read_text())["summary"]
    assert (summary["waivers_open"], summary["waiver_ceiling"]) == (1, 0)
    listing = cli("waivers", str(board), "--lang", "en")
    assert listing.code == 1
    assert "PR.07-bewaartermijnen" in listing.out
    assert "1 waivers, 1 open / max 0" in listing.out


def test_waivers_lists_days_left(cli: Cli, board: Path) -> None:
    result = cli("waivers", str(board), "--format", "json", "--as-of", "2027-01-01")
    assert result.code == 0
    listed = json.loads(result.out)
    assert listed["open"] == 1
    assert listed["waivers"][0]["days_left"] == 30
    assert listed["waivers"][0]["approved_by"] == "M. de Vries (bestuurder)"


# --- schools -----------------------------------------------------------------------


def _results(cli: Cli, board: Path, out: Path) -> dict[str, Any]:
    cli("run", str(board), "-o", str(out), "-f", "json")
    data: dict[str, Any] = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return data


def test_a_control_per_school_fails_only_the_school_that_misses_it(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    path = board / "registers" / "werkplekcontroles.csv"
    kept = [line for line in path.read_text().splitlines() if ";00AC;" not in line]
    path.write_text("\n".join(kept) + "\n")
    document = _results(cli, board, tmp_path / "out")
    control = next(c for c in document["controls"] if c["id"] == "PH.P02-clear-desk")
    assert control["scope"] == "school"
    assert control["status"] == "failed"
    per_school = {s["brin"]: s["status"] for s in control["schools"]}
    assert per_school == {"00AA": "passed", "00AB": "passed", "00AC": "failed"}
    findings = [f for c in control["checks"] for f in c["findings"]]
    assert findings and {f["school"] for f in findings} == {"00AC"}
    assert all(f["message"]["nl"].startswith("00AC Kindcentrum De Wadden: ") for f in findings)
    schools = {s["brin"]: s for s in document["schools"]}
    assert schools["00AC"]["status"] == "failed"
    assert schools["00AA"]["status"] == "passed"
    assert {"id": "PH.P02-clear-desk", "status": "failed", "level": 2} in schools["00AC"][
        "controls"
    ]


def test_board_wide_findings_on_a_school_row_name_the_school(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    path = board / "registers" / "cameras.csv"
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace(";ja;nee;", ";nee;nee;", 1)  # CAM-KO-01 not made known
    path.write_text("\n".join(lines) + "\n")
    document = _results(cli, board, tmp_path / "out")
    control = next(c for c in document["controls"] if c["id"].startswith("PV.P09"))
    findings = [f for c in control["checks"] for f in c["findings"]]
    assert findings
    assert {f.get("school") for f in findings} == {"00AB"}
    assert next(s for s in document["schools"] if s["brin"] == "00AB")["findings"] >= 1


# --- evidence age --------------------------------------------------------------------


def test_evidence_dated_by_its_last_commit_goes_stale(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    """PR.03 (formerly PV.P01) allows a processing register of at most a year old; the
    register has no date column, so its age is its last commit, whatever the clone's
    mtime says."""
    git(board, "init", "-q")
    git(board, "add", ".")
    git(board, "commit", "-qm", "dossier", when="2025-01-15T10:00:00+01:00")
    document = _results(cli, board, tmp_path / "old")
    control = next(c for c in document["controls"] if c["id"] == "PR.03-verwerkingsregister")
    assert control["stale"] is True
    assert control["status"] == "error"
    assert document["summary"]["stale"] == 1
    messages = [f["message"]["en"] for c in control["checks"] for f in c["findings"]]
    assert any(
        "registers/verwerkingsregister.csv dates from 2025-01-15 (last Git commit)" in m
        for m in messages
    )
    evidence = {e["path"]: e for e in document["evidence"]}
    assert evidence["registers/verwerkingsregister.csv"]["committed"].startswith("2025-01-15")

    register = board / "registers" / "verwerkingsregister.csv"
    register.write_text(register.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(board, "commit", "-qam", "reviewed", when="2026-11-01T10:00:00+01:00")
    document = _results(cli, board, tmp_path / "new")
    control = next(c for c in document["controls"] if c["id"] == "PR.03-verwerkingsregister")
    assert (control["stale"], control["status"]) == (False, "passed")


# --- run manifest ----------------------------------------------------------------------


def test_every_run_writes_a_manifest_that_verify_accepts(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = cli("run", str(board), "-o", str(out))
    assert result.code == 1
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["as_of"] == "2026-11-23"
    assert manifest["command"][:2] == ["ibpaudit", "run"]
    assert {r["path"] for r in manifest["reports"]} == {
        "junit.xml",
        "report.html",
        "results.json",
    }
    assert any(i["path"] == "waivers.yaml" for i in manifest["inputs"])
    assert len(manifest["catalog"]["sha256"]) == 64
    assert cli("verify", str(out / "manifest.json"), str(board)).code == 0


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("board/registers/applicaties.csv", "registers/applicaties.csv: evidence file changed"),
        ("board/waivers.yaml", "waivers.yaml: input file changed"),
        ("out/results.json", "results.json: report changed"),
    ],
)
def test_one_changed_byte_makes_verify_fail_naming_the_file(
    cli: Cli, board: Path, tmp_path: Path, target: str, expected: str
) -> None:
    out = tmp_path / "out"
    cli("run", str(board), "-o", str(out))
    path = tmp_path / target
    data = bytearray(path.read_bytes())
    data[-2] ^= 0x01  # one bit of one byte
    path.write_bytes(bytes(data))
    result = cli("verify", str(out / "manifest.json"), str(board), "--lang", "en")
    assert result.code == 1
    assert expected in result.err


def test_verify_names_added_and_removed_evidence(cli: Cli, board: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cli("run", str(board), "-o", str(out))
    (board / "registers" / "nieuw.csv").write_text("a;b\n1;2\n")
    (board / "registers" / "cameras.csv").unlink()
    result = cli("verify", str(out / "manifest.json"), str(board), "--lang", "en")
    assert result.code == 1
    assert "registers/nieuw.csv: evidence file was added" in result.err
    assert "registers/cameras.csv: evidence file is missing" in result.err


def test_verify_refuses_what_is_not_a_manifest(cli: Cli, tmp_path: Path) -> None:
    bogus = tmp_path / "manifest.json"
    bogus.write_text("{not json")
    result = cli("verify", str(bogus))
    assert result.code == 2
    assert str(bogus) in result.err
    assert "Traceback" not in result.err
