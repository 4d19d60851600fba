"""The HTML report printed to PDF by the system's Chromium:

    python -m ibpaudit.builtin.reporters.html.pdf reports/report.html [-o report.pdf]

Needs Playwright (``pip install 'ibpaudit[pdf]'``) and a Chromium binary
(``IBPAUDIT_CHROMIUM``, default ``/usr/bin/chromium``); nothing is downloaded. The page is
printed with scripts off and the report's print stylesheet: every norm open, no filters, A4
with page numbers, a tagged PDF with an outline of the headings.

A converter rather than a report format: every format's output is expected to be text
(reports are checked for personal data as text), and printing takes a browser start.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ibpaudit.errors import IbpauditError, PluginError
from ibpaudit.i18n import text

DEFAULT_CHROMIUM = "/usr/bin/chromium"


def chromium() -> Path:
    return Path(os.environ.get("IBPAUDIT_CHROMIUM") or DEFAULT_CHROMIUM)


def _print(page: bytes) -> bytes:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise PluginError.of(
            text(
                "PDF: Playwright is nodig: pip install 'ibpaudit[pdf]'",
                "PDF: needs Playwright: pip install 'ibpaudit[pdf]'",
            )
        ) from None
    browser_path = chromium()
    if not browser_path.is_file():
        raise PluginError.of(
            text(
                "PDF: geen Chromium op {p}; installeer het (Debian: apt-get install chromium) "
                "of zet IBPAUDIT_CHROMIUM",
                "PDF: no Chromium at {p}; install it (Debian: apt-get install chromium) or set "
                "IBPAUDIT_CHROMIUM",
                p=browser_path,
            )
        )
    # Chromium's sandbox cannot start as root (containers, CI); elsewhere it stays on.
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with tempfile.TemporaryDirectory(prefix="ibpaudit-pdf-") as folder:
        source = Path(folder) / "report.html"
        source.write_bytes(page)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(browser_path), headless=True, args=args
                )
                try:
                    context = browser.new_context(java_script_enabled=False)
                    tab = context.new_page()
                    tab.goto(source.as_uri(), wait_until="load")
                    tab.emulate_media(media="print")
                    return tab.pdf(
                        format="A4",
                        print_background=True,
                        prefer_css_page_size=True,
                        tagged=True,
                        outline=True,
                    )
                finally:
                    browser.close()
        except Error as exc:
            lines = str(exc).strip().splitlines() or [type(exc).__name__]
            raise PluginError.of(
                text("PDF: Chromium faalde: {why}", "PDF: Chromium failed: {why}", why=lines[0])
            ) from None


def print_pdf(page: bytes) -> bytes:
    """``page``, a self-contained HTML report, as PDF."""
    # Playwright's sync API refuses to run where an asyncio loop is running (a notebook,
    # an async caller): a thread of its own has none.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ibpaudit-pdf") as pool:
        return pool.submit(_print, page).result()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ibpaudit.builtin.reporters.html.pdf",
        description="Print an ibpaudit HTML report to PDF with the system's Chromium.",
    )
    parser.add_argument("report", type=Path, help="report.html as ibpaudit wrote it")
    parser.add_argument("-o", "--output", type=Path, help="default: beside it, as .pdf")
    parser.add_argument(
        "--lang",
        choices=("nl", "en"),
        default="en" if os.environ.get("IBPAUDIT_LANG", "").strip().lower() == "en" else "nl",
        help="language of error messages (default: IBPAUDIT_LANG, else nl)",
    )
    args = parser.parse_args(argv)
    source: Path = args.report
    target: Path = args.output or source.with_suffix(".pdf")
    try:
        try:
            page = source.read_bytes()
        except OSError as exc:
            raise PluginError.of(
                text(
                    "{p}: kan niet worden gelezen ({why})",
                    "{p}: cannot be read ({why})",
                    p=source,
                    why=exc.strerror,
                )
            ) from None
        target.write_bytes(print_pdf(page))
    except IbpauditError as exc:
        print(f"ibpaudit: {exc.in_language(args.lang)}", file=sys.stderr)
        return int(exc.exit_code)
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
