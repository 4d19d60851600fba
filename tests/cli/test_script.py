"""The ``ibpaudit`` executable: the command's exit code, its objects left out of the
interpreter's last garbage collection, and a cycle collector that runs less often."""

from __future__ import annotations

import dataclasses
import gc
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from ibpaudit.__main__ import main as ibpaudit_main
from ibpaudit.cli import main, script


def test_the_installed_script_is_the_packages_main() -> None:
    (found,) = entry_points(group="console_scripts", name="ibpaudit")
    assert found.load() is ibpaudit_main


def test_the_executable_sets_its_collector_before_ibpaudit_loads() -> None:
    """Importing the package loads nothing of ibpaudit, and the executable's cycle
    collector is set before the command's modules load: ``ibpaudit --help`` runs
    without a single collection (it made ~20 while its modules loaded)."""
    probe = (
        "import atexit, gc, sys\n"
        "import ibpaudit.__main__ as entry\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('ibpaudit'))\n"
        "done = []\n"
        "gc.callbacks.append(lambda phase, info: done.append(phase) if phase == 'stop' else None)\n"
        "atexit.register(lambda: print('\\nprobe', loaded, len(done)))\n"
        "sys.argv = ['ibpaudit', '--help']\n"
        "entry.main()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert "--help" in out or "usage" in out.lower()
    assert out.rstrip().endswith("probe ['ibpaudit', 'ibpaudit.__main__'] 0")


def test_script_exits_with_the_code_of_main_and_freezes_what_it_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["validate", str(tmp_path / "absent")]
    expected = main(argv)
    assert expected != 0
    capsys.readouterr()
    monkeypatch.setattr(sys, "argv", ["ibpaudit", *argv])
    assert gc.get_freeze_count() == 0
    library = gc.get_threshold()
    assert main(argv) == expected and gc.get_threshold() == library  # a library call: as is
    capsys.readouterr()
    try:
        with pytest.raises(SystemExit) as exit_:
            script()
        frozen = gc.get_freeze_count()
        threshold = gc.get_threshold()
    finally:
        gc.unfreeze()
        gc.set_threshold(*library)
    assert exit_.value.code == expected
    assert frozen > 0
    assert threshold[0] >= 100 * library[0]  # young collections: after ~200,000 objects
    assert "exec" not in vars(dataclasses)  # the class cache is the executable's alone
    assert str(tmp_path / "absent") in capsys.readouterr().err


def test_python_m_ibpaudit_ends_like_the_script(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ibpaudit", "validate", str(tmp_path / "absent")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == main(["validate", str(tmp_path / "absent")])
    assert "Traceback" not in done.stderr
