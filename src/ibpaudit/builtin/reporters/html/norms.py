"""The norms section: the filters, then per domain every norm with its growth path, its
trend and sector figures, and its controls with their checks per maturity level, their
findings and the evidence they used."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ibpaudit.builtin.reporters.html.markup import Words, esc
from ibpaudit.builtin.reporters.html.view import NORM_OUTCOMES

if TYPE_CHECKING:
    from ibpaudit.builtin.reporters.html.page import Context
    from ibpaudit.builtin.reporters.html.view import CheckView, ControlView, NormView

# Findings shown per check before the rest folds away (an open norm with thousands of
# findings would otherwise take seconds to lay out).
FIRST_FINDINGS = 10
_BUTTONS = (
    ('type="reset"', "reset"),
    ('type="button" id="expand-all"', "expand_all"),
    ('type="button" id="collapse-all"', "collapse_all"),
)


def write(c: Context, out: list[str]) -> None:
    _filters(c, out)
    w, add = c.w, out.append
    for d in c.v.domains:
        dd = d.domain or {}
        anchor = esc(d.anchor)
        at = w.label(
            "at_target_short", at=dd.get("norms_at_target", "–"), n=dd.get("norms", len(d.norms))
        )
        add(
            f'  <section class="domain" id="{anchor}" aria-labelledby="{anchor}-h">\n'
            f'    <h3 id="{anchor}-h"><span class="mono">{esc(d.id)}</span>'
            f" {esc(w.tx(d.title))}</h3>\n"
            f'    <p class="sub">{w.text("level_reached")}:'
            f" {esc(w.level(dd.get('level_reached')))} · {esc(at)}</p>\n"
        )
        for n in d.norms:
            _norm(c, d.id, n, out)
        add("  </section>\n")
    add("</section>\n\n")


def _filters(c: Context, out: list[str]) -> None:
    """The filter form the script shows; without the script, a checkbox the CSS reads."""
    v, w = c.v, c.w
    domains = "".join(
        f'<option value="{esc(d.id)}">{esc(d.id)} – {esc(w.tx(d.title))}</option>'
        for d in v.domains
    )
    outcomes = "".join(
        f'<option value="{esc(o)}">{esc(w.label("tile", o))} ({esc(v.outcomes[o])})</option>'
        for o in NORM_OUTCOMES
    )
    levels = "".join(f'<option value="{i}">{i}</option>' for i in range(1, 6))
    buttons = "".join(
        f'    <div class="field"><button {attributes}>{w.text(key)}</button></div>\n'
        for attributes, key in _BUTTONS
    )
    count = esc(w.label("count_all", total=w.num(len(v.norms))))
    out.append(
        '<section id="norms" aria-labelledby="norms-h">\n'
        f'  <h2 id="norms-h" class="newpage">{w.text("norms_by_domain")}</h2>\n'
        f'  <form id="filters" class="filters" role="search" aria-label="{w.text("filters")}"'
        f' hidden data-count-all="{w.text("count_all")}"'
        f' data-count-shown="{w.text("count_shown")}">\n'
        f'    <div class="field"><label for="f-domain">{w.text("domain")}</label>\n'
        '      <select id="f-domain" name="domain"><option value="">'
        f"{w.text('all_domains')}</option>{domains}</select></div>\n"
        f'    <div class="field"><label for="f-status">{w.text("status")}</label>\n'
        '      <select id="f-status" name="status"><option value="">'
        f"{w.text('all_statuses')}</option>{outcomes}</select></div>\n"
        f'    <div class="field"><label for="f-level">{w.text("level_reached")}</label>\n'
        '      <select id="f-level" name="level"><option value="">'
        f'{w.text("all_levels")}</option><option value="0">{w.text("none")}</option>'
        f"{levels}</select></div>\n"
        f'    <div class="field"><label for="f-q">{w.text("search")}</label>\n'
        f'      <input id="f-q" name="q" type="search" placeholder="{w.text("search_hint")}"'
        ' autocomplete="off"></div>\n'
        f"{buttons}"
        "  </form>\n"
        f'  <p id="filter-count" class="count" role="status" aria-live="polite">{count}</p>\n'
        '  <noscript><p class="nojs-filter"><input type="checkbox" id="only-open">'
        f' <label for="only-open">{w.text("only_open")}</label></p></noscript>\n'
    )


def _norm(c: Context, domain_id: str, n: NormView, out: list[str]) -> None:
    w, add = c.w, out.append
    norm = n.norm
    status = esc(norm["status"])
    official = f" → {esc(norm['official_id'])}" if norm.get("official_id") else ""
    level = w.label(
        "level_of_target", level=w.level(norm["level_reached"]), target=norm["target_level"]
    )
    provenance = [
        f'<span title="{esc(w.meaning("norm_source", norm["source"]))}">'
        f"{w.term('norm_source', norm['source'])}</span>"
    ]
    if n.title_unseen:
        provenance.append(f" · {w.term('provenance', 'title_not_seen')}")
    if norm.get("official_id"):
        provenance.append(f" · {w.term('provenance', 'mapped_by_board')}")
    add(
        f'    <details class="norm {status}" id="{esc(n.anchor)}" data-domain="{esc(domain_id)}"'
        f' data-status="{status}" data-level="{esc(n.level)}"{" open" if n.open else ""}>\n'
        f"      <summary>{w.badge(norm['status'], 'norm_status', False)}"
        f' <span class="nid">{esc(norm["id"])}{official}</span>'
        f' <span class="ntitle">{esc(w.tx(norm["title"]))}</span>'
        f" {w.meter(n.level, norm['target_level'], n.state)}"
        f' <span class="lvl">{esc(level)}</span></summary>\n'
        f'      <p class="muted provenance">{"".join(provenance)}</p>\n'
        f'      <div class="growth">\n        <p><strong>{w.text("growth")}.</strong>\n'
        f"{_growth(w, n)}"
        "      </div>\n"
    )
    if c.history is not None:
        lv = c.history.norm_levels(norm["id"])
        steps = " → ".join(
            f"{esc(w.fdate(a.as_of))}: <strong>{esc('–' if lv[i] is None else lv[i])}</strong>"
            for i, a in enumerate(c.history.audits)
        )
        change = w.change(c.history.change(lv))
        add(f'      <p class="muted">{w.text("trend")}: {steps} {change}</p>\n')
    # ibpaudit run --sector: the sector's median and this board's percentile
    if sc := norm.get("sector"):
        if sc["too_few_boards"]:
            compare = w.label("sector_too_few")
        else:
            compare = w.label(
                "sector_compare",
                boards=w.num(sc["boards"]),
                median=w.dec(sc["median"]),
                percentile=sc["percentile"],
            )
        add(f'<p class="sector-compare">{esc(compare)}</p>')
    for cv in n.controls:
        _control(c, cv, out)
    add("    </details>\n")


def _growth(w: Words, n: NormView) -> str:
    """The growth path: what the next level asks, or that there is none."""
    nxt = n.norm.get("next_level")
    if nxt:
        text = f" {esc(w.tx(nxt['text']))}" if nxt.get("text") else ""
        checks = ""
        if nxt.get("checks"):
            checks = "".join(f"<li>{esc(w.tx(t))}</li>" for t in nxt["checks"])
            checks = f"<ul>{checks}</ul>"
        return f"{esc(w.label('growth_next', level=nxt['level']))}{text}</p>\n{checks}"
    if n.level >= 5:
        return f"{w.text('growth_top')}</p>\n"
    return f"{w.text('growth_none')}</p>"


def _control(c: Context, cv: ControlView, out: list[str]) -> None:
    w, add = c.w, out.append
    ctl = cv.control
    anchor = esc(cv.anchor)
    level = w.label(
        "level_of_target", level=w.level(ctl["level_reached"]), target=ctl["target_level"]
    )
    reason = f" · {w.text('reason')}: {esc(w.tx(ctl['reason']))}" if ctl.get("reason") else ""
    add(
        f'      <section class="control" id="{anchor}" aria-labelledby="{anchor}-h">\n'
        f'        <h4 id="{anchor}-h"><span class="cid">{esc(ctl["id"])}</span>'
        f" {esc(w.tx(ctl['title']))}</h4>\n"
        f"        <p>{w.badge(ctl['status'])} {esc(level)} · {w.text('severity')}:"
        f" {esc(w.label('severity', ctl['severity']))}{reason}</p>\n"
    )
    if ctl.get("description"):
        add(f'<p class="muted">{esc(w.tx(ctl["description"]))}</p>')
    if ctl.get("stale"):
        add(f"<p>{w.badge('error')} {w.text('stale')}</p>")
    if ctl.get("schools"):
        level_word = esc(w.label("level").lower())
        schools = "; ".join(
            f"{esc(c.school_names.get(sc['brin'], sc['brin']))}"
            f' <span class="mono">({esc(sc["brin"])})</span> {w.badge(sc["status"])}'
            f" {level_word} {esc(w.level(sc['level']))}"
            for sc in ctl["schools"]
        )
        add(f"<p>{w.text('per_school')}: {schools}</p>")
    if cw := ctl.get("waiver"):
        add(_waiver(w, cw))
    if cv.levels:
        heads = w.heads("level", "checks", "verdict", "findings_evidence")
        add(f'        <table class="checks">\n          <thead><tr>{heads}</tr></thead>\n')
        for lv in cv.levels:
            add("          <tbody>\n")
            for i, k in enumerate(lv.checks):
                group = ""
                if i == 0:
                    state = "reached" if lv.reached else "missed"
                    above = " above-target" if lv.above_target else ""
                    group = (
                        f'<th scope="rowgroup" rowspan="{len(lv.checks)}" class="group">'
                        f'{esc(lv.level)} <span class="state {state}{above}">'
                        f"{esc(w.label('level_state', state))}</span></th>"
                    )
                add(_check(c, k, group))
            add("          </tbody>\n")
        add("        </table>\n")
    else:
        add(f'<p class="muted">{w.text("no_checks")}</p>')
    add(
        f'        <p class="muted mono">{w.text("recorded_in")}: {esc(ctl["path"])}</p>\n'
        "      </section>\n"
    )


def _waiver(w: Words, cw: Mapping[str, Any]) -> str:
    requested = (
        f"{w.text('requested_by')}: {esc(cw['requested_by'])} · " if cw.get("requested_by") else ""
    )
    approved_on = f" ({esc(w.fdate(cw['approved_on']))})" if cw.get("approved_on") else ""
    days_left = ""
    if cw["state"] == "active" and cw.get("days_left") is not None:
        days_left = f" ({esc(w.label('days_left', n=cw['days_left']))})"
    where = (
        f' · <span class="mono">{esc(w.where(cw["location"]))}</span>' if cw.get("location") else ""
    )
    return (
        '        <div class="waiver">\n'
        f"          <p><strong>{w.text('waiver')}</strong>"
        f" ({w.term('state', cw['state'])}): {esc(cw['reason'])}</p>\n"
        f"          <p>{requested}{w.text('approved_by')}: {esc(cw['approved_by'])}"
        f"{approved_on} · {w.text('expires')}: {esc(w.fdate(cw['expires']))}"
        f"{days_left}{where}</p>\n"
        "        </div>\n"
    )


def _check(c: Context, k: CheckView, group: str) -> str:
    """One check's row: what it checks, its verdict, its findings and its evidence."""
    w = c.w
    ck = k.check
    what = w.tx(ck["description"]) if ck.get("description") else ck["check"]
    cell = []
    if k.findings:
        cell.append('                <ul class="findings">\n')
        cell.extend(w.finding(f, k.shown) for f in k.findings[:FIRST_FINDINGS])
        if len(k.findings) > FIRST_FINDINGS:
            more = esc(w.label("more_findings", n=w.num(len(k.findings) - FIRST_FINDINGS)))
            rest = "".join(w.finding(f, k.shown) for f in k.findings[FIRST_FINDINGS:])
            cell.append(
                '                  <li class="more"><details class="more">'
                f'<summary>{more}</summary><ul class="findings">{rest}</ul></details></li>\n'
            )
        if k.folded:
            cell.append(
                f'<li class="more">{esc(w.label("folded_findings", n=w.num(k.folded)))}</li>'
            )
        cell.append("                </ul>\n")
    if k.evidence:
        places = "".join(f"<li>{w.at(e)}</li>" for e in k.evidence)
        cell.append(
            f'                <ul class="evidence" aria-label="{w.text("evidence_used")}">\n'
            f"{places}                </ul>\n"
        )
    elif not k.findings:
        cell.append(f'<span class="muted">{w.text("no_evidence")}</span>')
    return (
        "            <tr>\n"
        f"{group}"
        f'              <td>{esc(what)} <span class="muted mono">({esc(ck["check"])})</span></td>\n'
        f"              <td>{w.badge(k.shown)}</td>\n"
        "              <td>\n"
        f"{''.join(cell)}"
        "              </td>\n"
        "            </tr>\n"
    )
