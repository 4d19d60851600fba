"""The manifest vouches for this run's bytes only, runs into one folder never leave a
mixed set that verifies, the manifest's SHA-256 is printed to be kept elsewhere, and an
OpenSSH signature (ssh-keygen -Y) proves who vouched for it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ibpaudit import catalog as catalog_mod
from ibpaudit import engine
from ibpaudit.engine import manifest
from ibpaudit.engine.plugins import Plugins
from ibpaudit.engine.run import open_run
from ibpaudit.errors import ExitCode
from ibpaudit.model import BoardConfig, ReportOptions
from support import Cli

SSH_KEYGEN = shutil.which("ssh-keygen")


def _audit(board: Path, as_of: str) -> tuple[dict[str, Any], BoardConfig, Plugins]:
    run = open_run(board, as_of=date.fromisoformat(as_of))
    return engine.audit(run), run.config, run.plugins


def _start(board: Path, out: Path, as_of: str) -> subprocess.Popen[bytes]:
    argv = ["run", str(board), "-o", str(out), "-q", "-f", "junit,json,html", "--as-of", as_of]
    return subprocess.Popen(
        [sys.executable, "-m", "ibpaudit", *argv],
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_the_manifest_hashes_the_bytes_this_run_wrote(board: Path, tmp_path: Path) -> None:
    """Another run replacing junit.xml between our write and our manifest used to be
    hashed into our manifest, so a mixed set verified."""
    out = tmp_path / "out"
    mine, config, plugins = _audit(board, "2026-11-23")
    theirs, _, _ = _audit(board, "2025-06-01")
    written = engine.write_reports(mine, ["junit", "json"], out, plugins, ReportOptions())
    other = engine.write_reports(theirs, ["junit"], tmp_path / "other", plugins, ReportOptions())
    shutil.copy(other[0].path, out / "junit.xml")  # the other run's report lands here
    record = manifest.write(
        manifest.build(mine, board, config, plugins.catalog_dirs(board), written), out
    )
    data = manifest.load(record.path)

    differences = manifest.verify(data, board, config, manifest.catalog_dirs(data, board), out)
    assert [d.path for d in differences] == ["junit.xml"]
    assert {r["path"]: r["sha256"] for r in data["reports"]}["junit.xml"] == written[0].sha256


def test_concurrent_runs_into_one_folder_leave_a_set_that_verifies(
    board: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for _ in range(3):  # two runs, two as-of dates, into one folder at the same time
        runs = [_start(board, out, as_of) for as_of in ("2026-11-23", "2025-06-01")]
        for run in runs:
            _, err = run.communicate(timeout=300)
            assert run.returncode == 1, err
        document = json.loads((out / "results.json").read_text(encoding="utf-8"))
        junit = (out / "junit.xml").read_text(encoding="utf-8")
        assert f'name="as_of" value="{document["run"]["as_of"]}"' in junit  # one run's set
        check = subprocess.run(
            [sys.executable, "-m", "ibpaudit", "verify", str(out / "manifest.json"), str(board)],
            env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert check.returncode == 0, check.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        ".ibpaudit.lock", "junit.xml", "manifest.json", "report.html", "results.json"
    ]  # fmt: skip


def test_every_run_prints_the_manifests_sha256(cli: Cli, board: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("run", str(board), "-o", str(out), "-q", "--lang", "en")
    digest = hashlib.sha256((out / "manifest.json").read_bytes()).hexdigest()

    # Just before the summary line, which stays the last.
    assert result.err.strip().splitlines()[-2:-1] == [
        f"ibpaudit: manifest SHA-256 {digest} ({out / 'manifest.json'})"
    ]


@pytest.fixture
def key(tmp_path: Path) -> tuple[Path, Path]:
    """An Ed25519 key pair and an allowed-signers file naming it, as an auditor has."""
    assert SSH_KEYGEN is not None, "ssh-keygen (openssh-client) is needed for signing"
    private = tmp_path / "keys" / "auditor"
    private.parent.mkdir()
    subprocess.run(
        [SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-C", "auditor", "-f", str(private)],
        check=True,
    )
    allowed = tmp_path / "keys" / "allowed_signers"
    public = private.with_suffix(".pub").read_text(encoding="utf-8").strip()
    allowed.write_text(
        f'auditor@example.nl namespaces="ibpaudit-manifest" {public}\n', encoding="utf-8"
    )
    return private, allowed


def test_a_signed_manifest_verifies_with_ibpaudit_and_with_ssh_keygen(
    cli: Cli, board: Path, tmp_path: Path, key: tuple[Path, Path]
) -> None:
    private, allowed = key
    out = tmp_path / "out"
    assert cli("run", str(board), "-o", str(out), "-q", "--sign", str(private)).code == 1
    signature = out / "manifest.json.sig"
    assert signature.is_file()

    ok = cli("verify", str(out / "manifest.json"), str(board), "--lang", "en",
             "--allowed-signers", str(allowed), "--signer", "auditor@example.nl")  # fmt: skip
    assert ok.code == ExitCode.PASSED, ok.err
    assert "valid signature by auditor@example.nl" in ok.err
    assert SSH_KEYGEN is not None
    with (out / "manifest.json").open("rb") as stdin:  # the standard tool, without ibpaudit
        standard = subprocess.run(
            [SSH_KEYGEN, "-Y", "verify", "-f", str(allowed), "-I", "auditor@example.nl",
             "-n", "ibpaudit-manifest", "-s", str(signature)],
            stdin=stdin, capture_output=True,
        )  # fmt: skip
    assert standard.returncode == 0, standard.stderr

    # Whoever edits the reports and re-hashes the manifest cannot re-sign it.
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    data["as_of"] = "2020-01-01"
    (out / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    forged = cli("verify", str(out / "manifest.json"), str(board), "--lang", "en",
                 "--allowed-signers", str(allowed), "--signer", "auditor@example.nl")  # fmt: skip
    assert forged.code == ExitCode.FAILED
    assert "not a valid signature of manifest.json by auditor@example.nl" in forged.err
    dutch = cli("verify", str(out / "manifest.json"), str(board),
                "--allowed-signers", str(allowed), "--signer", "auditor@example.nl")  # fmt: skip
    assert dutch.code == ExitCode.FAILED
    assert "geen geldige handtekening van auditor@example.nl onder manifest.json" in dutch.err


def test_signing_with_a_missing_key_is_one_clear_line(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    result = cli("run", str(board), "-o", str(tmp_path / "out"), "--sign", str(tmp_path / "x"))

    assert result.code == ExitCode.EVIDENCE_ERROR
    assert "Traceback" not in result.err
    assert f"--sign {tmp_path / 'x'}: dit sleutelbestand bestaat niet" in result.err


def _catalog_copy(tmp_path: Path) -> Path:
    """The shipped catalog's control and reference files and one of its test cases."""
    from ibpaudit.builtin.catalog import packaged_controls

    shipped, copy = packaged_controls(), tmp_path / "catalog"
    shutil.copytree(shipped, copy, ignore=shutil.ignore_patterns("cases"))
    case = next(p for p in sorted((shipped / "cases").rglob("*.yaml")))
    (copy / case.relative_to(shipped)).parent.mkdir(parents=True)
    shutil.copy(case, copy / case.relative_to(shipped))
    return copy


def test_the_catalog_hashed_is_what_an_audit_reads(tmp_path: Path) -> None:
    """A catalog's test cases are no part of what a run is made from; every control,
    framework and reference file is."""
    copy = _catalog_copy(tmp_path)
    listed = {f["path"] for f in manifest.catalog_files([copy])}
    on_disk = {
        "0:" + p.relative_to(copy).as_posix()
        for p in copy.rglob("*.y*ml")
        if p.relative_to(copy).parts[0] not in ("cases", "tests")
    }
    assert listed == on_disk
    assert any(p.startswith("0:frameworks/") for p in listed)
    assert any(p.startswith("0:reference/") for p in listed)
    with_tests = {f["path"] for f in manifest.catalog_files([copy], with_tests=True)}
    assert {p for p in with_tests - listed if p.startswith("0:cases/")} == with_tests - listed
    assert with_tests - listed


def test_the_catalog_is_named_as_the_run_read_it(tmp_path: Path) -> None:
    """The manifest takes each catalog file's hash from the audit's own read (the catalog
    is not read again for it): a file changed after it was read is named as it was."""
    copy = _catalog_copy(tmp_path)
    run = open_run(None)
    loaded = catalog_mod.load([copy], {n: ct for n, (ct, _) in run.plugins.check_types().items()})
    control = next(copy.glob("GO/*.yaml"))
    as_read = hashlib.sha256(control.read_bytes()).hexdigest()
    assert loaded.files[control] == as_read and len(loaded.files) >= 94
    control.write_text(control.read_text(encoding="utf-8") + "\n# later\n", encoding="utf-8")
    label = "0:" + control.relative_to(copy).as_posix()

    def named(known: Any) -> str:
        files = manifest.catalog_files([copy], known=known)
        return next(f["sha256"] for f in files if f["path"] == label)

    assert named(loaded.files) == as_read
    assert named(None) == hashlib.sha256(control.read_bytes()).hexdigest() != as_read


def test_an_earlier_manifest_listing_test_cases_still_verifies(board: Path, tmp_path: Path) -> None:
    """Manifests of earlier releases hashed the catalog's test cases too: ``verify`` then
    compares them as before, so an unchanged catalog verifies and an edited case shows."""
    copy = _catalog_copy(tmp_path)
    files = manifest.catalog_files([copy], with_tests=True)
    data = {
        "evidence": [],
        "inputs": [],
        "reports": [],
        "catalog": {"sha256": manifest.combined(files), "files": files},
    }
    config = open_run(board).config

    def catalog_differences() -> list[str]:
        found = manifest.verify(data, board, config, [copy], None)
        return [d.path for d in found if d.path.startswith("0:")]

    assert catalog_differences() == []
    case = next(copy.glob("cases/**/*.yaml"))
    case.write_text(case.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert catalog_differences() == ["0:" + case.relative_to(copy).as_posix()]
