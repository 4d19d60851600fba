"""sector.html in a real browser (Debian's Chromium via Playwright): it requests nothing,
breaks no Content-Security-Policy, logs no error, and axe-core finds no accessibility
violation, in Dutch and in English, with figures and with "too few boards"."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, sync_playwright

from ibpaudit.sector import page
from sector.sector_support import sector_json

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("IBPAUDIT_CHROMIUM", "/usr/bin/chromium"))
WATCH_CSP = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium, or set IBPAUDIT_CHROMIUM")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


def _pages(local_run: Path, folder: Path) -> dict[str, Path]:
    sector = sector_json(local_run)
    few = {
        **sector,
        "norms": [
            {
                **n,
                **dict.fromkeys(("boards", "levels", "at_target", "median")),
                "too_few_boards": True,
            }
            for n in sector["norms"]
        ],
        "lagging": [],
    }
    named = {
        **sector,
        "named": True,
        "board_list": [
            {
                "board": "b1",
                "name": "Stichting <b>Een</b>",
                "sector": "po",
                "as_of": "2026-11-23",
                "status": "failed",
                "error": None,
                "catalog_version": "2024",
                "norms_at_target": 80,
            },
        ],
    }
    pages = {"nl": local_run / "sector.html"}
    for name, document, lang in (("en", sector, "en"), ("few", few, "nl"), ("named", named, "en")):
        pages[name] = folder / f"{name}.html"
        pages[name].write_text(page.render(document, lang), encoding="utf-8")  # type: ignore[arg-type]
    return pages


@pytest.mark.parametrize("which", ["nl", "en", "few", "named"])
def test_the_sector_page_is_quiet_and_accessible(
    browser: Browser, local_run: Path, tmp_path: Path, which: str
) -> None:
    path = _pages(local_run, tmp_path)[which]
    context = browser.new_context(java_script_enabled=True)
    page_ = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page_.on("request", lambda r: requests.append(r.url))
    page_.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page_.add_init_script(WATCH_CSP)
    page_.goto(path.as_uri())
    options: dict[str, Any] = {"resultTypes": ["violations"]}

    results = Axe().run(page_, options=options)

    assert results.violations_count == 0, results.generate_report()
    assert requests == [path.as_uri()]
    assert errors == []
    assert page_.evaluate("window.__violations") == []
    html_lang = page_.evaluate("document.documentElement.lang")
    assert html_lang == ("en" if which in ("en", "named") else "nl")
    text = page_.inner_text("body")
    if which == "few":
        assert "te weinig besturen" in text
    if which == "named":
        assert "Stichting <b>Een</b>" in text  # markup from a name is text
    context.close()
