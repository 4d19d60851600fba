"""The trend section: the changes since the baseline (``--baseline``) and the levels over
earlier audits (``--history DIR``), per domain with a sparkline and per norm."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ibpaudit.builtin.reporters.html.markup import esc

if TYPE_CHECKING:
    from ibpaudit.builtin.reporters.html.history import Audit, History
    from ibpaudit.builtin.reporters.html.page import Context


def write(c: Context, out: list[str]) -> None:
    out.append(
        '<section id="trend" aria-labelledby="trend-h">\n'
        f'  <h2 id="trend-h">{esc(c.w.label("trend"))}</h2>\n'
    )
    _baseline(c, out)
    if c.history is None:
        out.append(f'  <p class="muted">{esc(c.w.label("trend_none"))}</p>\n')
    else:
        _history(c, c.history, out)
    out.append("</section>\n\n")


def _baseline(c: Context, out: list[str]) -> None:
    w, add = c.w, out.append
    bl = c.r.get("baseline")
    if not bl:
        return
    intro = w.label(
        "baseline_intro",
        path=bl["path"],
        as_of=w.fdate(bl["as_of"]),
        sha=bl["sha256"][:12] + "…",
        reg=len(bl["regressions"]),
        imp=len(bl["improvements"]),
        other=len(bl["changes"]),
    )
    add(f"  <h3>{w.text('baseline')}</h3>\n  <p>{esc(intro)}</p>\n")
    for key in ("regressions", "improvements", "changes"):
        if not bl[key]:
            continue
        items = []
        for ch in bl[key]:
            finding = f" — {esc(w.tx(ch['finding']))}" if ch.get("finding") else ""
            where = (
                f'<span class="loc">{esc(w.where(ch["location"]))}</span>'
                if ch.get("location")
                else ""
            )
            items.append(
                f'<li><span class="mono">{esc(ch["id"])}</span>: {esc(w.tx(ch["message"]))}'
                f"{finding}{where}</li>"
            )
        add(
            f'  <details class="changes"{" open" if key == "regressions" else ""}>\n'
            f"    <summary>{w.text(key)} ({esc(w.num(len(bl[key])))})</summary>\n"
            f"    <ul>{''.join(items)}</ul>\n"
            "  </details>\n"
        )


def _levels(audits: Sequence[Audit], levels: Sequence[int | None]) -> str:
    """One cell per audit; this audit's is marked."""
    return "".join(
        f'<td class="lv{" now" if audits[i].current else ""}">{esc("–" if x is None else x)}</td>'
        for i, x in enumerate(levels)
    )


def _history(c: Context, history: History, out: list[str]) -> None:
    v, w, add = c.v, c.w, out.append
    audits = history.audits
    this = f'<br><span class="muted">({w.text("trend_this")})</span>'
    dates = "".join(
        f'<th scope="col" class="num">{esc(w.fdate(a.as_of))}{this if a.current else ""}</th>'
        for a in audits
    )
    change = w.text("trend_change")
    add(
        f"  <p>{w.text('trend_intro')}</p>\n"
        "  <table>\n"
        f"    <caption>{w.text('trend_domains')}</caption>\n"
        f'    <thead><tr><th scope="col">{w.text("domain")}</th>{dates}'
        f'<th scope="col">{change}</th>'
        f'<th scope="col" class="hide-narrow">{w.text("trend_course")}</th></tr></thead>\n'
        "    <tbody>\n"
    )
    for d in v.domains:
        lv = history.domain_levels(d.id)
        line = w.label("trend_line", levels=w.levels_text(lv))
        add(
            f'      <tr><th scope="row"><span class="mono">{esc(d.id)}</span>'
            f" {esc(w.tx(d.title))}</th>"
            f"{_levels(audits, lv)}<td>{w.change(history.change(lv))}</td>"
            f'<td class="hide-narrow">{w.spark(lv, line)}</td></tr>\n'
        )
    at_target = "".join(
        f'<td class="lv">{esc(a.norms_at_target)}/{esc(a.norm_count)}</td>' for a in audits
    )
    trend_norms = w.text("trend_norms")
    plain_dates = "".join(
        f'<th scope="col" class="num">{esc(w.fdate(a.as_of))}</th>' for a in audits
    )
    add(
        "    </tbody>\n"
        f'    <tfoot><tr><th scope="row">{w.text("trend_at_target")}</th>{at_target}'
        '<td></td><td class="hide-narrow"></td></tr></tfoot>\n'
        "  </table>\n"
        '  <details class="trend-norms">\n'
        f"    <summary>{trend_norms} ({esc(w.num(len(v.norms)))})</summary>\n"
        "    <table>\n"
        f"      <caption>{trend_norms}</caption>\n"
        f'      <thead><tr><th scope="col">{w.text("norm")}</th>{plain_dates}'
        f'<th scope="col">{change}</th></tr></thead>\n'
        "      <tbody>\n"
    )
    for n in v.norms:
        lv = history.norm_levels(n.norm["id"])
        add(
            f'        <tr><th scope="row"><a href="#{esc(n.anchor)}" class="mono">'
            f"{esc(n.norm['id'])}</a> {esc(w.tx(n.norm['title']))}</th>"
            f"{_levels(audits, lv)}<td>{w.change(history.change(lv))}</td></tr>\n"
        )
    add("      </tbody>\n    </table>\n  </details>\n")
    if history.skipped:
        skipped = "".join(
            f"<li><code>{esc(k.source)}</code>: {esc(w.tx(k.reason))}</li>" for k in history.skipped
        )
        add(
            f"  <h3>{w.text('trend_skipped')}</h3>\n"
            f'  <ul class="skipped-history">\n{skipped}  </ul>\n'
        )
