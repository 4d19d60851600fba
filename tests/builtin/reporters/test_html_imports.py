"""A report format costs a run nothing until it is rendered; the HTML report then no
template engine either: the page is written in Python
(``ibpaudit.builtin.reporters.html.page``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from builtin.reporters.reporters_support import EXAMPLE_BOARD as EXAMPLE
from support import PROBE_START, imported

PAGE = "ibpaudit.builtin.reporters.html.page"


def loaded(tmp_path: Path, modules: tuple[str, ...], formats: str, out: str) -> list[str]:
    """A run of the example board in a fresh process with ``--format formats`` (the
    default formats when empty): its exit code, then whether each module was loaded."""
    probe = (
        PROBE_START + "from ibpaudit.cli import main\n"
        "args = ['run', sys.argv[1], '-o', sys.argv[2], '-q']\n"
        "code = main(args + (['-f', sys.argv[3]] if sys.argv[3] else []))\n"
        f"print(code, {imported(modules)})\n"
    )
    env = {**os.environ, "IBPAUDIT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("CI", None)
    done = subprocess.run(
        [sys.executable, "-c", probe, str(EXAMPLE), str(tmp_path / out), formats],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    return done.stdout.split()[-1 - len(modules) :]


def test_the_page_is_imported_only_for_an_html_report_and_needs_no_jinja(tmp_path: Path) -> None:
    """Registering the reporter imports none of the page's modules: a run that writes no
    HTML report never loads them, and a run that does renders the page without Jinja
    (and escapes without markupsafe: the page's own escaping, see test_html_markup)."""
    modules = (PAGE, "jinja2", "markupsafe")
    assert loaded(tmp_path, modules, "junit,json", "plain") == ["1", "False", "False", "False"]
    assert not (tmp_path / "plain" / "report.html").exists()
    assert loaded(tmp_path, modules, "html", "page") == ["1", "True", "False", "False"]
    assert (tmp_path / "page" / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE")


def test_every_optional_format_is_imported_only_when_asked_for(tmp_path: Path) -> None:
    """The same for the SARIF log and the Markdown summary: a run of the default formats
    loads neither module, a run that asks for them does."""
    modules = (
        "ibpaudit.builtin.reporters.sarif.log",
        "ibpaudit.builtin.reporters.markdown.summary",
    )
    assert loaded(tmp_path, modules, "", "default") == ["1", "False", "False"]
    assert loaded(tmp_path, modules, "sarif,markdown", "asked") == ["1", "True", "True"]
    assert (tmp_path / "asked" / "results.sarif").is_file()
    assert (tmp_path / "asked" / "summary.md").is_file()
