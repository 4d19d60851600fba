"""The ``ibpaudit`` command end to end, on real copies of the example board."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from ibpaudit.errors import ExitCode
from support import EXAMPLE_BOARD, Cli, tree_digest


def _results(output: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((output / "results.json").read_text(encoding="utf-8"))
    return data


def _statuses(document: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["status"] for c in document["controls"]}


def _control(document: dict[str, Any], control_id: str) -> dict[str, Any]:
    return next(c for c in document["controls"] if c["id"] == control_id)


def _findings(control: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for check in control["checks"] for f in check["findings"]]


def test_example_board_writes_every_report_and_exits_1(cli: Cli, tmp_path: Path) -> None:
    before = tree_digest(EXAMPLE_BOARD)
    result = cli("run", str(EXAMPLE_BOARD), "--output", str(tmp_path))
    assert result.code == ExitCode.FAILED
    for name in ("junit.xml", "report.html", "results.json"):
        assert (tmp_path / name).stat().st_size > 0
    document = _results(tmp_path)
    statuses = _statuses(document)
    # The example board deliberately shows every verdict an auditor meets in practice.
    assert statuses["GO.02-beleid"] == "passed"
    assert statuses["PV.P02-verwerkersovereenkomsten"] == "failed"
    assert statuses["GB.02-datalekken"] == "failed"
    assert statuses["PR.07-bewaartermijnen"] == "waived"
    assert "error" not in statuses.values()
    norms = {n["id"]: n for n in document["norms"]}
    assert norms["GO.02"]["level_reached"] == 5  # level 5 rests on a signed attestation
    assert norms["GB.02"]["level_reached"] == 2
    assert document["run"]["as_of"] == "2026-11-23"  # peildatum from ibpaudit.yaml
    assert tree_digest(EXAMPLE_BOARD) == before, "ibpaudit must never change evidence"
    assert "Traceback" not in result.err


def test_summary_names_the_failing_evidence_row(cli: Cli, tmp_path: Path) -> None:
    result = cli("run", str(EXAMPLE_BOARD), "-o", str(tmp_path))
    assert "registers/verwerkersovereenkomsten.csv, rij 5" in result.err
    assert "DL-2026-001" in result.err
    assert result.out == "", "logs go to stderr; stdout stays clean"


def test_english_run(cli: Cli, tmp_path: Path) -> None:
    result = cli("run", str(EXAMPLE_BOARD), "-o", str(tmp_path), "--lang", "en")
    assert result.code == ExitCode.FAILED
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "row 5" in result.err
    assert _results(tmp_path)["run"]["lang"] == "en"


def test_as_of_reproduces_a_past_audit(cli: Cli, tmp_path: Path) -> None:
    """On 1 January 2026 the policy adopted in March 2026 did not exist yet."""
    result = cli("run", str(EXAMPLE_BOARD), "-o", str(tmp_path), "--as-of", "2026-01-01")
    document = _results(tmp_path)
    assert document["run"]["as_of"] == "2026-01-01"
    assert result.code == ExitCode.FAILED
    policy = _control(document, "GO.02-beleid")
    assert policy["level_reached"] < 5
    assert any("2026-03-10" in f["message"]["nl"] for f in _findings(policy))


def test_format_selection(cli: Cli, tmp_path: Path) -> None:
    """Only the chosen formats, and the manifest that every run writes beside them."""
    cli("run", str(EXAMPLE_BOARD), "-o", str(tmp_path), "--format", "junit")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".ibpaudit.lock",
        "junit.xml",
        "manifest.json",
    ]


def test_unknown_format_is_a_usage_error_before_anything_is_written(
    cli: Cli, tmp_path: Path
) -> None:
    output = tmp_path / "out"
    result = cli("run", str(EXAMPLE_BOARD), "-o", str(output), "--format", "junit,pdfx")
    assert result.code == ExitCode.USAGE_ERROR
    assert "pdfx" in result.err and "junit, markdown" in result.err  # the valid ones
    assert not output.exists()


def test_unknown_configured_format_is_a_configuration_error(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    config = board / "ibpaudit.yaml"
    text = config.read_text(encoding="utf-8")
    assert "formaten: [junit, html, json]" in text
    config.write_text(text.replace("[junit, html, json]", "[junit, pdfx]"), encoding="utf-8")
    result = cli("run", str(board), "-o", str(tmp_path / "out"))
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert "rapporten.formaten" in result.err and "pdfx" in result.err


def test_yaml_syntax_error_is_one_line_and_the_rest_still_runs(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    broken = board / "attestaties" / "ibp-rapportage-bestuur.yaml"
    broken.write_text("id: ibp-rapportage-bestuur\nverklaring: [niet gesloten\n", encoding="utf-8")
    result = cli("run", str(board), "-o", str(tmp_path))
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert "Traceback" not in result.err
    lines = [line for line in result.err.splitlines() if "ibp-rapportage-bestuur.yaml:" in line]
    assert lines, result.err
    assert "ongeldige YAML" in lines[0]  # Dutch by default
    document = _results(tmp_path)
    evidence = {e["path"]: e for e in document["evidence"]}
    assert evidence["attestaties/ibp-rapportage-bestuur.yaml"]["error"] is not None
    statuses = _statuses(document)
    assert statuses["GB.02-datalekken"] == "failed"  # other controls are still judged
    assert statuses["PR.07-bewaartermijnen"] == "waived"
    assert (tmp_path / "junit.xml").is_file() and (tmp_path / "report.html").is_file()


def test_csv_missing_column_makes_its_control_error(cli: Cli, board: Path, tmp_path: Path) -> None:
    register = board / "registers" / "verwerkersovereenkomsten.csv"
    rows = [line.split(";") for line in register.read_bytes().decode("cp1252").splitlines()]
    drop = rows[0].index("Ondertekend op")
    register.write_bytes(
        "\n".join(";".join(c for i, c in enumerate(r) if i != drop) for r in rows).encode("cp1252")
    )
    result = cli("run", str(board), "-o", str(tmp_path))
    assert result.code == ExitCode.EVIDENCE_ERROR
    document = _results(tmp_path)
    control = _control(document, "PV.P02-verwerkersovereenkomsten")
    assert control["status"] == "error"
    messages = [f["message"]["en"] for f in _findings(control) if f["status"] == "error"]
    assert any("'ondertekend_op'" in m and "verwerkersovereenkomsten.csv" in m for m in messages)
    assert _statuses(document)["GO.02-beleid"] == "passed"
    assert "ondertekend_op" in result.err


def test_a_plugin_that_raises_is_named_and_does_not_end_the_run(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    plugins = board / "plugins"
    plugins.mkdir()
    (plugins / "boom.py").write_text(
        "from ibpaudit import CheckType, hookimpl, text\n"
        "def evaluate(ctx, params):\n"
        "    raise RuntimeError('kaboom')\n"
        "@hookimpl\n"
        "def ibpaudit_check_types():\n"
        "    return [CheckType('boom', evaluate, {'type': 'object'}, text('b', 'b'))]\n",
        encoding="utf-8",
    )
    controls = board / "controls"
    controls.mkdir()
    (controls / "XX.yaml").write_text(
        "id: GO.02-boom\nnorm: GO.02\ntitle: Boom\nseverity: low\n"
        "levels:\n  2:\n    - check: boom\n",
        encoding="utf-8",
    )
    result = cli("run", str(board), "-o", str(tmp_path))
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert "Traceback" not in result.err
    document = _results(tmp_path)
    boom = _control(document, "GO.02-boom")
    assert boom["status"] == "error"
    message = _findings(boom)[0]["message"]["en"]
    assert "boom" in message and "kaboom" in message
    assert _statuses(document)["GB.02-datalekken"] == "failed"


def test_a_plugin_that_fails_to_import_is_named(cli: Cli, board: Path, tmp_path: Path) -> None:
    (board / "plugins").mkdir()
    (board / "plugins" / "broken.py").write_text("import nonexistent_module_xyz\n")
    result = cli("run", str(board), "-o", str(tmp_path))
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert "broken" in result.err and "nonexistent_module_xyz" in result.err
    document = _results(tmp_path)
    assert any(p["source"] == "broken" for p in document["problems"])
    assert _statuses(document)["GO.02-beleid"] == "passed"


def test_a_reporter_that_raises_does_not_stop_the_others(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    (board / "plugins").mkdir()
    (board / "plugins" / "badreport.py").write_text(
        "from ibpaudit import ReportFormat, hookimpl, text\n"
        "def render(results, options):\n"
        "    raise ValueError('no ink')\n"
        "@hookimpl\n"
        "def ibpaudit_report_formats():\n"
        "    return [ReportFormat('bad', 'bad.txt', render, text('b', 'b'))]\n"
    )
    result = cli("run", str(board), "-o", str(tmp_path), "--format", "bad,junit")
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert "no ink" in result.err
    assert (tmp_path / "junit.xml").is_file()
    assert not (tmp_path / "bad.txt").exists()


def test_disable_plugin(cli: Cli, tmp_path: Path) -> None:
    result = cli("run", str(EXAMPLE_BOARD), "-o", str(tmp_path), "--disable-plugin", "retention")
    assert result.code == ExitCode.EVIDENCE_ERROR
    control = _control(_results(tmp_path), "PR.07-bewaartermijnen")
    assert control["status"] == "error"
    assert any("retention" in f["message"]["en"] for f in _findings(control))


def test_disable_unknown_plugin_is_refused(cli: Cli, tmp_path: Path) -> None:
    result = cli("run", str(EXAMPLE_BOARD), "-o", str(tmp_path), "--disable-plugin", "nope")
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert "onbekende plugin 'nope'" in result.err
    english = cli("run", str(EXAMPLE_BOARD), "-o", str(tmp_path), "--disable-plugin", "nope",
                  "--lang", "en")  # fmt: skip
    assert "unknown plugin 'nope'" in english.err


def test_malformed_config_names_file_and_line(cli: Cli, board: Path, tmp_path: Path) -> None:
    config = board / "ibpaudit.yaml"
    config.write_text(config.read_text().replace("sector: po", "sector: hbo"))
    result = cli("run", str(board), "-o", str(tmp_path))
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert result.err.startswith("ibpaudit: ibpaudit.yaml:")
    assert "sector" in result.err and len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("lang", "words"),
    [("nl", "goedgekeurd door de aanvrager zelf"), ("en", "approved by its own requester")],
)
def test_malformed_waiver_stops_before_evaluation(
    cli: Cli, board: Path, tmp_path: Path, lang: str, words: str
) -> None:
    waivers = board / "waivers.yaml"
    waivers.write_text(
        waivers.read_text().replace(
            "goedgekeurd_door: M. de Vries (bestuurder)",
            "goedgekeurd_door: R. Jansen (security officer)",
        )
    )
    result = cli("run", str(board), "-o", str(tmp_path / "out"), "--lang", lang)
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert "waivers.yaml:" in result.err and words in result.err
    # Nothing was evaluated: the only report is a junit.xml that names the problem for CI.
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["junit.xml"]
    assert words in (tmp_path / "out" / "junit.xml").read_text(encoding="utf-8")


def test_folder_without_configuration_is_reported(cli: Cli, tmp_path: Path) -> None:
    # A folder that does not exist is a usage error (tests/cli/test_language.py); one
    # that exists without ibpaudit.yaml is an incomplete dossier.
    result = cli("run", str(tmp_path))
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert "ibpaudit.yaml" in result.err and "Traceback" not in result.err


def test_usage_errors_exit_4(cli: Cli) -> None:
    assert cli("run", "--bogus").code == ExitCode.USAGE_ERROR
    bad_date = cli("run", str(EXAMPLE_BOARD), "--as-of", "23-11-2026")
    assert bad_date.code == ExitCode.USAGE_ERROR
    assert "JJJJ-MM-DD" in bad_date.err  # Dutch by default
    assert cli().code == ExitCode.USAGE_ERROR


def test_validate(cli: Cli, board: Path) -> None:
    assert cli("validate", str(EXAMPLE_BOARD)).code == ExitCode.PASSED
    (board / "registers" / "applicaties.csv").write_text('a;b\n"open;2\n', encoding="utf-8")
    result = cli("validate", str(board))
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert "registers/applicaties.csv" in result.err


def test_controls_listing(cli: Cli) -> None:
    table = cli("controls")
    assert table.code == ExitCode.PASSED
    assert "GO.02-beleid" in table.out
    listing = json.loads(cli("controls", "--format", "json").out)
    ids = {c["id"] for c in listing["controls"]}
    assert {"GO.02-beleid", "GB.02-datalekken", "PR.07-bewaartermijnen"} <= ids
    assert all(c["levels"] and c["norm_source"] != "unknown" for c in listing["controls"])


def test_junit_names_are_stable_across_runs(cli: Cli, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    cli("run", str(EXAMPLE_BOARD), "-o", str(first), "--format", "junit")
    cli("run", str(EXAMPLE_BOARD), "-o", str(second), "--format", "junit", "--as-of", "2026-01-01")

    def names(path: Path) -> list[tuple[str | None, str | None]]:
        root = ET.parse(path / "junit.xml").getroot()
        return [(c.get("classname"), c.get("name")) for c in root.iter("testcase")]

    assert names(first) == names(second)
    assert len(set(names(first))) == len(names(first))


def test_console_script_help_and_no_traceback(tmp_path: Path) -> None:
    """The installed entry point, as a user runs it."""
    help_run = subprocess.run(
        [sys.executable, "-m", "ibpaudit", "--help"], capture_output=True, text=True, check=False
    )
    assert help_run.returncode == 0 and "run" in help_run.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "ibpaudit", "run", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == ExitCode.EVIDENCE_ERROR
    assert "Traceback" not in missing.stderr


# --- CI gating: baselines, diff, --fail-on, --only/--skip, waiver warnings ------------

POLICY = "beleid/ibp-beleid.md"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=ibpaudit test", "-c", "user.email=test@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_baseline_in_a_git_repository_fails_on_a_broken_policy_and_passes_after_revert(
    cli: Cli, tmp_path: Path
) -> None:
    """The CI story: commit the dossier, keep a baseline, break the policy's adoption
    date, and the gate fails with one line naming the file; revert and it passes."""
    repo = tmp_path / "dossier"
    shutil.copytree(EXAMPLE_BOARD, repo)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "dossier")
    baseline = tmp_path / "baseline"
    assert cli("run", str(repo), "-o", str(baseline), "-f", "json").code == ExitCode.FAILED

    policy = repo / POLICY
    policy.write_text(
        policy.read_text(encoding="utf-8").replace(
            "vastgesteld_op: 2026-03-10", "vastgesteld_op: 2027-03-10"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    broken = cli(
        "run",
        str(repo),
        "-o",
        str(out),
        "-f",
        "json,junit",
        "--baseline",
        str(baseline / "results.json"),
    )
    assert broken.code == ExitCode.FAILED
    lines = [line for line in broken.err.splitlines() if line.startswith("REGRESSIE GO.02-beleid")]
    assert len(lines) == 1, broken.err
    assert f"{POLICY}, regel 1" in lines[0] and "2027-03-10" in lines[0]
    assert "3 regressies t.o.v." in broken.err.splitlines()[-1]
    document = _results(out)
    assert document["gate"] == {
        "fail_on": ["error", "regression"],
        "fired": ["regression"],
        "exit_code": 1,
    }
    recorded = {c["id"] for c in document["baseline"]["regressions"]}
    assert "GO.02-beleid" in recorded
    assert (out / "junit.xml").is_file(), "every report is still written"

    _git(repo, "checkout", "--", POLICY)
    fixed = cli(
        "run", str(repo), "-o", str(out), "-f", "json", "--baseline", str(baseline / "results.json")
    )
    assert fixed.code == ExitCode.PASSED, fixed.err
    assert "REGRESSIE" not in fixed.err
    # The board still fails two controls; the gate only looks at what got worse.
    assert _results(out)["summary"]["exit_code"] == ExitCode.FAILED


def test_baseline_still_exits_2_on_errors_unless_fail_on_leaves_them_out(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    baseline = tmp_path / "base"
    cli("run", str(board), "-o", str(baseline), "-f", "json")
    (board / "attestaties" / "ibp-rapportage-bestuur.yaml").write_text("id: [open\n")
    old = str(baseline / "results.json")
    result = cli("run", str(board), "-o", str(tmp_path / "a"), "-f", "json", "--baseline", old)
    assert result.code == ExitCode.EVIDENCE_ERROR
    lenient = cli(
        "run",
        str(board),
        "-o",
        str(tmp_path / "b"),
        "-f",
        "json",
        "--baseline",
        old,
        "--fail-on",
        "regression",
    )
    # Level 5 of GO.02 rests on the unreadable attestation: that is a regression.
    assert lenient.code == ExitCode.FAILED
    assert "REGRESSIE GO.02-beleid" in lenient.err


def test_baseline_honours_the_target_level(cli: Cli, tmp_path: Path) -> None:
    baseline = tmp_path / "base"
    cli("run", str(EXAMPLE_BOARD), "-o", str(baseline), "-f", "json")
    result = cli(
        "run",
        str(EXAMPLE_BOARD),
        "-o",
        str(tmp_path / "out"),
        "-f",
        "json",
        "--baseline",
        str(baseline / "results.json"),
        "--target-level",
        "4",
    )
    assert result.code == ExitCode.PASSED, result.err
    document = _results(tmp_path / "out")
    assert document["baseline"]["target_level"] == 4
    assert document["summary"]["failed"] > 2, "the audit itself is judged at level 4"


def test_unusable_baseline_is_one_line_before_anything_runs(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "old.json"
    bad.write_text('{"schema_version": "1", "tool": 3}')
    result = cli("run", str(EXAMPLE_BOARD), "-o", str(tmp_path / "out"), "--baseline", str(bad))
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert result.err.startswith(f"ibpaudit: {bad}: geen geldig resultatendocument")
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["junit.xml"]  # for CI


def test_diff_command(cli: Cli, board: Path, tmp_path: Path) -> None:
    cli("run", str(board), "-o", str(tmp_path / "old"), "-f", "json")
    waivers = board / "waivers.yaml"
    waivers.write_text(waivers.read_text().replace("2027-01-31", "2026-11-22"))
    cli("run", str(board), "-o", str(tmp_path / "new"), "-f", "json")
    old, new = str(tmp_path / "old" / "results.json"), str(tmp_path / "new" / "results.json")

    text = cli("diff", old, new)
    assert text.code == ExitCode.FAILED and text.err == ""
    (line,) = [line for line in text.out.splitlines() if line.startswith("REGRESSIE")]
    assert line.startswith("REGRESSIE PR.07-bewaartermijnen: registers/bewaartermijnen.csv, rij 7")
    assert "ontheffing verlopen op 2026-11-22" in line
    assert text.out.splitlines()[-1].startswith("ibpaudit diff: 1 regressie, 0 verbeteringen")

    english = cli("diff", new, old, "--lang", "en")
    assert english.code == ExitCode.PASSED
    # Covered by a waiver again is not better compliance: a neutral change.
    assert english.out.splitlines()[0].startswith("CHANGE PR.07-bewaartermijnen: registers/")
    assert "now covered by a waiver; was failed (level 2)" in english.out

    data = json.loads(cli("diff", old, new, "--format", "json").out)
    assert data["old"]["path"] == old and len(data["old"]["sha256"]) == 64
    assert [c["kind"] for c in data["regressions"]] == ["waiver_expired"]
    markdown = cli("diff", old, new, "--format", "markdown", "--lang", "en").out
    assert "| PR.07-bewaartermijnen | registers/bewaartermijnen.csv, row 7" in markdown
    assert cli("diff", old, old).code == ExitCode.PASSED


def test_diff_of_an_unreadable_file_is_one_line(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "new.json"
    bad.write_text("{not json")
    result = cli("diff", str(bad), str(bad))
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert result.err.startswith(f"ibpaudit: {bad}:1:2: geen geldige JSON: ")
    assert len(result.err.strip().splitlines()) == 1
    english = cli("diff", str(bad), str(bad), "--lang", "en")
    assert english.err.startswith(f"ibpaudit: {bad}:1:2: not valid JSON: ")
    assert english.err.strip().endswith("was the file truncated or edited?")
    assert cli("diff", str(tmp_path / "missing.json"), str(bad)).code == ExitCode.EVIDENCE_ERROR
    assert cli("diff", str(bad)).code == ExitCode.USAGE_ERROR


def test_fail_on_gates_on_status_and_severity(cli: Cli, board: Path, tmp_path: Path) -> None:
    policy = board / POLICY
    policy.write_text(policy.read_text().replace("2026-03-10", "2027-03-10"))
    out = str(tmp_path)
    # GB.02 and PV.P02 (critical) fail on the example board; the policy controls are high.
    assert cli("run", str(board), "-o", out, "-f", "json", "--fail-on", "error").code == 0
    assert cli("run", str(board), "-o", out, "-f", "json", "--fail-on", "failed:critical").code == 1
    skip = ("--skip", "GB.02", "--skip", "PV.P02")
    assert (
        cli("run", str(board), "-o", out, "-f", "json", *skip, "--fail-on", "failed:critical").code
        == 0
    )
    assert cli("run", str(board), "-o", out, "-f", "json", *skip, "--fail-on", "high").code == 1
    assert _results(tmp_path)["gate"]["fail_on"] == ["failed:high", "error:high"]


def test_fail_on_mistakes_are_usage_errors(cli: Cli, tmp_path: Path) -> None:
    bad = cli("run", str(EXAMPLE_BOARD), "-o", str(tmp_path), "--fail-on", "failed:severe")
    assert bad.code == ExitCode.USAGE_ERROR and "'failed:severe' is geen uitkomst" in bad.err
    lonely = cli(
        "run", str(EXAMPLE_BOARD), "-o", str(tmp_path), "--fail-on", "regression", "--lang", "en"
    )
    assert lonely.code == ExitCode.USAGE_ERROR and "needs --baseline" in lonely.err


def test_fail_on_from_ibpaudit_yaml_and_the_cli_wins(cli: Cli, board: Path, tmp_path: Path) -> None:
    config = board / "ibpaudit.yaml"
    config.write_text(config.read_text() + "falen_bij: [error]\n")
    assert cli("run", str(board), "-o", str(tmp_path), "-f", "json").code == ExitCode.PASSED
    assert (
        cli("run", str(board), "-o", str(tmp_path), "-f", "json", "--fail-on", "failed").code == 1
    )


def test_only_and_skip_select_controls_and_roll_ups_follow(cli: Cli, tmp_path: Path) -> None:
    result = cli(
        "run",
        str(EXAMPLE_BOARD),
        "-o",
        str(tmp_path),
        "-f",
        "json",
        "--only",
        "GO,GB.02",
        "--skip",
        "bestuur",
    )
    assert result.code == ExitCode.FAILED  # GB.02 fails
    document = _results(tmp_path)
    ids = {c["id"] for c in document["controls"]}
    assert "GB.02-datalekken" in ids and all(i.startswith(("GO.", "GB.02")) for i in ids)
    assert not any("bestuur" in c["tags"] for c in document["controls"])
    assert document["run"]["selection"] == {"only": ["GO", "GB.02"], "skip": ["bestuur"]}
    assert {n["id"] for n in document["norms"]} == {c["norm"] for c in document["controls"]}
    domains = {d["id"]: d for d in document["domains"]}
    assert set(domains) == {"GO", "GB"}
    for domain_id, domain in domains.items():
        members = [n for n in document["norms"] if n["domain"] == domain_id]
        assert domain["norms"] == len(members)
        assert domain["norms_at_target"] == sum(n["status"] == "passed" for n in members)
    assert document["summary"]["controls"] == len(ids)
    assert document["waivers"] == [], "PR.07's waiver belongs to a control outside the run"


def test_unknown_selector_is_a_usage_error_with_close_matches(cli: Cli, tmp_path: Path) -> None:
    result = cli("run", str(EXAMPLE_BOARD), "-o", str(tmp_path / "out"), "--only", "GO.2")
    assert result.code == ExitCode.USAGE_ERROR
    assert "--only: onbekende selectie 'GO.2'" in result.err and "GO.02" in result.err
    english = cli("run", str(EXAMPLE_BOARD), "-o", str(tmp_path / "out"), "-q", "--lang", "en",
                  "--only", "GO.2")  # fmt: skip
    assert "--only: unknown selector 'GO.2'" in english.err
    assert not (tmp_path / "out").exists()
    assert cli("run", str(EXAMPLE_BOARD), "--skip", "privacyy").code == ExitCode.USAGE_ERROR


WAIVER_AT = "waivers.yaml, regel 4: "
APPROVER = "M. de Vries (bestuurder)"


@pytest.mark.parametrize(
    ("as_of", "lang", "expected"),
    [
        (
            "2027-01-10",
            "nl",
            f"WAARSCHUWING  {WAIVER_AT}ontheffing voor PR.07-bewaartermijnen verloopt over "
            f"21 dagen (tot en met 2027-01-31, goedgekeurd door {APPROVER})",
        ),
        (
            "2027-01-31",
            "en",
            "WARNING       waivers.yaml, line 4: waiver for PR.07-bewaartermijnen expires "
            f"after today (2027-01-31 inclusive, approved by {APPROVER})",
        ),
        (
            "2027-02-01",
            "nl",
            f"WAARSCHUWING  {WAIVER_AT}ontheffing voor PR.07-bewaartermijnen is verlopen op "
            f"2027-01-31 (goedgekeurd door {APPROVER})",
        ),
    ],
)
def test_waivers_near_or_past_expiry_are_warned_about(
    cli: Cli, tmp_path: Path, as_of: str, lang: str, expected: str
) -> None:
    result = cli(
        "run",
        str(EXAMPLE_BOARD),
        "-o",
        str(tmp_path),
        "-f",
        "json",
        "-q",
        "--as-of",
        as_of,
        "--lang",
        lang,
    )
    assert expected in result.err
    waiver = _results(tmp_path)["waivers"][0]
    assert waiver["approved_by"] == "M. de Vries (bestuurder)"


def test_no_waiver_warning_far_from_expiry_and_approver_on_the_waived_line(
    cli: Cli, tmp_path: Path
) -> None:
    result = cli("run", str(EXAMPLE_BOARD), "-o", str(tmp_path), "-f", "json")
    assert "WAARSCHUWING" not in result.err  # 69 days left on the peildatum
    waived = next(line for line in result.err.splitlines() if line.startswith("ONTHEFFING"))
    assert "tot en met 2027-01-31, goedgekeurd door M. de Vries (bestuurder)" in waived


def test_a_finding_line_names_its_file_once() -> None:
    from ibpaudit.results.console import finding_line

    reader = {"message": {"nl": "registers/x.csv: kapot", "en": "registers/x.csv: broken"},
              "location": {"path": "registers/x.csv"}}  # fmt: skip
    row = {"message": {"nl": "te laat", "en": "too late"},
           "location": {"path": "registers/x.csv", "row": 4}}  # fmt: skip
    assert finding_line(reader, "en") == "registers/x.csv: broken"
    assert finding_line(row, "en") == "registers/x.csv, row 4: too late"


@pytest.mark.parametrize(
    "argv",
    [("controls",), ("controls", "--format", "json"), ("controls", "--coverage")],
    ids=["table", "json", "coverage"],
)
def test_a_reader_that_stops_reading_ends_the_command_quietly(argv: tuple[str, ...]) -> None:
    """``ibpaudit controls | head``: no traceback, no 'internal error'; the shell's code
    for a closed pipe (128 + SIGPIPE), as Unix tools give."""
    with subprocess.Popen(
        [sys.executable, "-m", "ibpaudit", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader is gone before the first line is written
        err = process.stderr.read().decode()
        code = process.wait(timeout=120)

    assert err == ""
    assert code == 141


def test_target_level_takes_a_level_name_as_doelniveau_does(cli: Cli, tmp_path: Path) -> None:
    board = str(EXAMPLE_BOARD)
    by_number = cli("run", board, "-o", str(tmp_path / "n"), "--target-level", "4")
    by_name = cli("run", board, "-o", str(tmp_path / "w"), "--target-level", "Beheerst")
    assert by_number.code == by_name.code == ExitCode.FAILED
    assert _results(tmp_path / "w")["summary"] == _results(tmp_path / "n")["summary"]
    assert _results(tmp_path / "w")["run"]["target_level"] == 4


@pytest.mark.parametrize("value", ["7", "0", "zeven", ""])
def test_target_level_that_names_no_level_is_a_usage_error(
    cli: Cli, tmp_path: Path, value: str
) -> None:
    out = tmp_path / "out"
    dutch = cli("run", str(EXAMPLE_BOARD), "-o", str(out), "--target-level", value)
    assert dutch.code == ExitCode.USAGE_ERROR
    assert f"geen volwassenheidsniveau: '{value}'; geef 1-5 of een naam (" in dutch.err
    assert "3 Bepaald" in dutch.err
    english = cli(
        "run", str(EXAMPLE_BOARD), "-o", str(out), "--target-level", value, "--lang", "en"
    )
    assert english.code == ExitCode.USAGE_ERROR
    assert f"not a maturity level: '{value}'; give 1-5 or a name (" in english.err
    assert not out.exists(), "a usage error is found before anything is written"


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(
    "argv",
    [
        ["run"],
        ["run", "evidence", "-o", "out", "--format", "json,sarif", "--lang", "en"],
        ["run", ".", "--fail-on", "error", "--as-of", "2026-01-31", "--only", "PV.P02"],
        ["run", "--target-level", "9"],  # out of range: the same usage error
        ["run", "--as-of", "31-01-2026"],  # not a date: the same usage error
    ],
)
def test_a_run_parses_alike_without_the_other_commands(
    argv: list[str], lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``run`` parses with a parser that holds no other command: the same arguments,
    and the same usage error (exit 4) with the same words."""
    from ibpaudit.cli import build_parser
    from ibpaudit.errors import UsageError

    def parsed(only_run: bool) -> object:
        try:
            return vars(build_parser(lang, only_run=only_run).parse_args(argv))
        except UsageError as exc:
            return ("usage error", exc.exit_code, str(exc), capsys.readouterr())

    assert parsed(True) == parsed(False)
