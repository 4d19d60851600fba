"""The page's head, its header and table of contents, and the "at a glance" section: the
verdict, the dossier's own code and overrides, the norms by outcome, the chart of the level
per domain, the domains, the points of attention, the schools and the controls by status.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ibpaudit.builtin.reporters.html.markup import esc
from ibpaudit.builtin.reporters.html.view import NORM_OUTCOMES, STATUSES

if TYPE_CHECKING:
    from ibpaudit.builtin.reporters.html.page import Context

_TOC = (
    ("overview", "overview"),
    ("trend", "trend"),
    ("norms", "norms_by_domain"),
    ("waivers", "waivers"),
    ("attestations", "attestations"),
    ("integrity", "integrity"),
    ("problems", "problems"),
    ("legend", "legend"),
)
# The chart's hatched and dotted fills.
_PATTERNS = (
    '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
    ' patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
    '<rect width="3" height="6" fill="#b42318"/></pattern><pattern id="waived" width="8"'
    ' height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#fff8ee"/>'
    '<circle cx="4" cy="4" r="2" fill="#8a4b00"/></pattern></defs>'
)
_FILL = {"below": ("url(#hatch)", "#b42318"), "waived": ("url(#waived)", "#8a4b00")}


def write(c: Context, out: list[str]) -> None:
    _head(c, out)
    _verdict(c, out)
    _trust(c, out)
    _tiles(c, out)
    _chart(c, out)
    _tables(c, out)


def _head(c: Context, out: list[str]) -> None:
    r, w, add = c.r, c.w, out.append
    title = w.text("title")
    add(
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(c.lang)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(c.csp)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="color-scheme" content="light">\n'
        f'<meta name="generator" content="ibpaudit {esc(r["tool"]["version"])}">\n'
        f"<title>{title} – {esc(r['board']['name'])}</title>\n"
        f"<style>{c.css}</style>\n"
        "</head>\n"
        "<body>\n"
        f'<a class="skip-link" href="#main">{w.text("skip_link")}</a>\n'
        "<header>\n"
    )
    frameworks = "".join(
        f" · {esc(w.tx(fw['title']))} ({esc(fw['version'])})" for fw in r["frameworks"]
    )
    add(f'  <p class="kicker">{title}{frameworks}</p>\n')
    add(f"  <h1>{esc(r['board']['name'])}</h1>\n")
    add('  <dl class="facts">\n')
    add(f"    <dt>{w.text('as_of')}</dt><dd>{esc(w.fdate(r['run']['as_of']))}</dd>\n")
    run_date = esc(w.fdatetime(r["run"]["started_at"]))
    add(f"    <dt>{w.text('run_date')}</dt><dd>{run_date}</dd>\n")
    if r["board"].get("sector"):
        sector = esc(w.label("sector", r["board"]["sector"]))
        add(f"<dt>{w.text('sector')}</dt><dd>{sector}</dd>")
    target = esc(r["run"]["target_level"])
    add(f"    <dt>{w.text('target_level')}</dt><dd>{target}</dd>\n")
    legend_link = w.text("legend_link")
    add(f'    <dt>{w.text("legend")}</dt><dd><a href="#legend">{legend_link}</a></dd>\n')
    if r["board"].get("schools"):
        schools = "; ".join(
            f'{esc(s["name"])} <span class="mono">({esc(s["brin"])})</span>'
            for s in r["board"]["schools"]
        )
        add(f"<dt>{w.text('schools')}</dt><dd>{schools}</dd>")
    add("  </dl>\n</header>\n\n")
    add(f'<nav class="toc" aria-label="{w.text("contents")}">\n  <ol>\n')
    for anchor, key in _TOC:
        add(f'    <li><a href="#{anchor}">{w.text(key)}</a></li>\n')
    add("  </ol>\n</nav>\n\n")


def _verdict(c: Context, out: list[str]) -> None:
    r, v, w, add = c.r, c.v, c.w, out.append
    s = r["summary"]
    add('<main id="main">\n<section id="overview" aria-labelledby="overview-h">\n')
    add(f'  <h2 id="overview-h">{w.text("overview")}</h2>\n')
    add(f'  <div class="verdict code-{esc(s["exit_code"])}" id="verdict">\n')
    if v.below:
        headline = "verdict.below_or_error" if v.outcomes["error"] else "verdict.below"
        text = w.label(headline, n=w.num(len(v.below)), total=w.num(len(v.norms)))
        add(f'    <p>{esc(text)}</p>\n    <ol class="below-target">\n')
        for n in v.banner:
            norm = n.norm
            add(
                f'      <li><a href="#{esc(n.anchor)}"><span class="mono">{esc(norm["id"])}</span>'
                f" {esc(w.tx(norm['title']))}</a> {w.badge(norm['status'], 'norm_status')}"
                f' <span class="lvl">{esc(_level_of_target(c, norm))}</span></li>\n'
            )
        if v.banner_more:
            more = esc(w.label("verdict.more", n=w.num(v.banner_more)))
            add(f'<li class="more"><a href="#attention">{more}</a></li>')
        add("    </ol>\n")
    elif v.outcomes["waived"]:
        text = w.label("verdict.all_waived", n=w.num(v.outcomes["waived"]))
        add(f"    <p>{esc(text)}</p>\n")
    else:
        add(f"    <p>{w.text('verdict.all')}</p>\n")
    if s["exit_code"] == 2:
        add(f"<p>{w.text('verdict.errors')}</p>")
    add("  </div>\n")


def _level_of_target(c: Context, norm: Mapping[str, Any]) -> str:
    level = c.w.level(norm["level_reached"])
    return c.w.label("level_of_target", level=level, target=norm["target_level"])


def _trust(c: Context, out: list[str]) -> None:
    """The dossier's own code and the overrides of shipped controls, when there are any."""
    r, w, add = c.r, c.w, out.append
    code = [p for p in r["plugins"] if p["origin"] == "local"]
    overrides = r.get("overrides") or []
    if not (code or overrides):
        return
    add('  <div class="trust" id="trust">\n')
    add(f"    <h3>{w.text('trust')}</h3>\n    <p>{w.text('trust_intro')}</p>\n")
    if code:
        add(f"    <table>\n      <caption>{w.text('dossier_code')}</caption>\n")
        add(
            f'      <thead><tr><th scope="col">{w.text("path")}</th>'
            '<th scope="col">SHA-256</th>'
            f'<th scope="col">{w.text("status")}</th></tr></thead>\n'
        )
        rows = "".join(
            f'<tr><td class="mono">{esc(p["path"])}</td><td class="mono">{esc(p["sha256"])}</td>'
            f"<td>{esc(w.label('code_status', 'refused' if p['refused'] else 'executed'))}"
            "</td></tr>"
            for p in code
        )
        add(f"      <tbody>{rows}</tbody>\n    </table>\n")
    if overrides:
        add(f"    <table>\n      <caption>{w.text('overrides')}</caption>\n")
        cells = w.heads("override_kind", "changed_value", "shipped", "board_value")
        add(f"      <thead><tr>{cells}</tr></thead>\n")
        for o in overrides:
            add(
                '      <tbody>\n        <tr><th scope="rowgroup" colspan="4">'
                f"{esc(w.label('override_kind', o['kind']))}"
                f' <span class="mono">{esc(o["id"])}</span>:'
                f' <span class="mono">{esc(o["path"])}</span>'
                f" ({esc(w.label('replaces').lower())}"
                f' <span class="mono">{esc(o["replaces"])}</span>)'
                f" – {esc(w.label('override_status', o['status']))}</th></tr>\n"
            )
            changes = "".join(
                f'<tr><td></td><td class="mono">{esc(ch["path"])}</td>'
                f'<td class="mono">{esc(ch["shipped"])}</td>'
                f'<td class="mono">{esc(ch["board"])}</td></tr>'
                for ch in o["changes"]
            )
            if not changes:
                changes = f'<tr><td></td><td colspan="3">{w.text("no_change")}</td></tr>'
            add(f"{changes}      </tbody>\n")
        add("    </table>\n")
    add("  </div>\n")


def _tiles(c: Context, out: list[str]) -> None:
    v, w, add = c.v, c.w, out.append
    add(f'  <h3>{w.text("picture")}</h3>\n  <dl class="tiles">\n')
    total = len(v.norms)
    of_norms = esc(w.label("of_norms", n=w.num(total)))
    for o in NORM_OUTCOMES:
        n = v.outcomes[o]
        if n or o in ("passed", "failed", "error", "waived"):
            add(
                f'    <div class="tile {esc(o)}"><dt>{esc(w.label("tile", o))}</dt>'
                f" <dd>{esc(w.num(n))} <small>{esc(w.pct(n, total))} {of_norms}</small>"
                "</dd></div>\n"
            )
    add("  </dl>\n\n")


def _chart(c: Context, out: list[str]) -> None:
    """The level per domain: a bar per domain against the target line, and the same as
    text for screen readers."""
    v, w, ch, add = c.v, c.w, c.chart, out.append
    title = w.text("chart_title")
    add(f'  <h3>{title}</h3>\n  <figure class="chart">\n')
    add(
        f'    <svg viewBox="0 0 {esc(ch.width)} {esc(ch.height)}" role="img"'
        ' aria-labelledby="chart-t chart-d">\n'
        f'      <title id="chart-t">{title}</title>\n'
    )
    rows = []
    for d in v.domains:
        dd = d.domain or {}
        row = w.label(
            "chart_row",
            domain=d.id + " " + w.tx(d.title),
            level=w.level(dd.get("level_reached")),
            target=c.target,
            at=dd.get("norms_at_target", "–"),
            n=dd.get("norms", len(d.norms)),
        )
        rows.append(esc(row))
        if d.state in ("below", "waived"):
            status = "failed" if d.state == "below" else "waived"
            rows.append(f" ({esc(w.label('norm_status', status))})")
        rows.append(". ")
    add(f'      <desc id="chart-d">{"".join(rows)}</desc>\n      {_PATTERNS}\n')
    for x, n in ch.ticks:
        add(
            f'      <line x1="{esc(x)}" x2="{esc(x)}" y1="{esc(ch.axis_y + 4)}"'
            f' y2="{esc(ch.height - 6)}" stroke="#d0d7de" stroke-width="1"/>\n'
            f'      <text x="{esc(x)}" y="{esc(ch.axis_y)}" text-anchor="middle" font-size="12"'
            f' fill="#57606a">{esc(n)}</text>\n'
        )
    for i, b in enumerate(ch.bars):
        d = v.domains[i]
        dd = d.domain or {}
        fill, stroke = _FILL.get(b.state, ("#24588f", "#24588f"))
        name = _truncate(w.tx(d.title))
        at = w.label(
            "at_target_short", at=dd.get("norms_at_target", "–"), n=dd.get("norms", len(d.norms))
        )
        y = esc(b.text_y)
        add(
            f'      <text x="{esc(ch.label_width - 10)}" y="{y}" text-anchor="end" font-size="13"'
            f' fill="#1f2328">{esc(d.id)} {esc(name)}</text>\n'
            f'      <rect class="bar {esc(b.state)}" x="{esc(ch.bar_x)}" y="{esc(b.y)}"'
            f' width="{esc(b.width)}" height="{esc(ch.bar_height)}" fill="{fill}"'
            f' stroke="{stroke}" stroke-width="1"/>\n'
            f'      <text x="{esc(ch.bar_x + b.width + 6)}" y="{y}" font-size="13"'
            f' font-weight="700" fill="#1f2328">{esc(w.level(b.level))}</text>\n'
            f'      <text x="{esc(ch.end_x + 34)}" y="{y}" font-size="12"'
            f' fill="#57606a">{esc(at)}</text>\n'
        )
        if b.state in ("below", "waived"):
            status = "failed" if b.state == "below" else "waived"
            color = "#8a4b00" if b.state == "waived" else "#b42318"
            add(
                f'<text class="state {esc(b.state)}" x="{esc(ch.end_x + 124)}" y="{y}"'
                f' font-size="12" font-weight="700" fill="{color}">'
                f"{esc(w.label('norm_status', status))}</text>"
            )
    add(
        f'      <line x1="{esc(ch.target_x)}" x2="{esc(ch.target_x)}" y1="{esc(ch.axis_y + 4)}"'
        f' y2="{esc(ch.height - 4)}" stroke="#1f2328" stroke-width="2"'
        ' stroke-dasharray="6 4"/>\n'
        f'      <text x="{esc(ch.target_x)}" y="{esc(ch.axis_y - 18)}" text-anchor="middle"'
        ' font-size="12" font-weight="700" fill="#1f2328">'
        f"{w.text('target_short')} {esc(c.target)}</text>\n"
        "    </svg>\n"
        f"    <figcaption>{esc(w.label('chart_caption', target=c.target))}</figcaption>\n"
        "  </figure>\n\n"
    )


def _truncate(text: str, length: int = 34, end: str = "…", leeway: int = 5) -> str:
    """Jinja's ``truncate(34, true, "…")``: cut in a word, but only when it is more than
    ``leeway`` characters too long."""
    if len(text) <= length + leeway:
        return text
    return text[: length - len(end)] + end


def _tables(c: Context, out: list[str]) -> None:
    """The domains, the points of attention, the schools and the controls by status."""
    r, v, w, add = c.r, c.v, c.w, out.append
    heads = w.heads(
        "domain", ("part", "hide-narrow"), "level_reached", ("norms_at_target", "num"), "status"
    )
    add(f"  <table>\n    <caption>{w.text('domains')}</caption>\n")
    add(f"    <thead><tr>{heads}</tr></thead>\n    <tbody>\n")
    for d in v.domains:
        dd = d.domain or {}
        at_target = esc(w.num(dd.get("norms_at_target", 0)))
        counts = f"{at_target} / {esc(w.num(dd.get('norms', len(d.norms))))}"
        add(
            "      <tr>\n"
            f'        <th scope="row"><a href="#{esc(d.anchor)}">'
            f'<span class="mono">{esc(d.id)}</span>'
            f" {esc(w.tx(d.title))}</a></th>\n"
            f'        <td class="hide-narrow">{esc(w.label("part", dd.get("part", "")))}</td>\n'
            f"        <td>{esc(w.level(dd.get('level_reached')))}</td>\n"
            f'        <td class="num">{counts}</td>\n'
            f'        <td class="domain-state {esc(d.state)}">'
            f"{w.badge(dd.get('status', 'skipped'), 'norm_status')}</td>\n"
            "      </tr>\n"
        )
    add("    </tbody>\n  </table>\n\n")
    add(f'  <h3 id="attention">{w.text("attention")}</h3>\n')
    if v.attention:
        add("  <ul>\n")
        for n in v.attention:
            norm = n.norm
            nxt = norm.get("next_level")
            needs = ""
            if nxt and nxt.get("checks"):
                checks = "; ".join(esc(w.tx(t)) for t in nxt["checks"])
                needs = f"; {esc(w.label('needs', level=nxt['level']))}: {checks}"
            add(
                f'    <li><a href="#{esc(n.anchor)}"><span class="mono">{esc(norm["id"])}</span>'
                f" {esc(w.tx(norm['title']))}</a> — {w.badge(norm['status'], 'norm_status')}"
                f" {esc(_level_of_target(c, norm))}{needs}</li>\n"
            )
        add("  </ul>\n")
    else:
        add(f'<p class="muted">{w.text("attention_none")}</p>')
    add("\n")
    if r.get("schools"):
        heads = w.heads("school", "status", ("school_controls", "num"), ("findings_count", "num"))
        add(f"  <table>\n    <caption>{w.text('per_school')}</caption>\n")
        add(f"    <thead><tr>{heads}</tr></thead>\n    <tbody>\n")
        for sc in r["schools"]:
            add(
                f'      <tr><th scope="row">{esc(sc["name"])}'
                f' <span class="mono">({esc(sc["brin"])})</span></th>'
                f"<td>{w.badge(sc['status'])}</td>"
                f'<td class="num">{esc(w.num(len(sc["controls"])))}</td>'
                f'<td class="num">{esc(w.num(sc["findings"]))}</td></tr>\n'
            )
        add("    </tbody>\n  </table>\n")
    s = r["summary"]
    add(
        "\n  <table>\n"
        f"    <caption>{w.text('controls_by_status')}</caption>\n"
        f'    <thead><tr><th scope="col">{w.text("status")}</th>'
        f'<th scope="col" class="num">{w.text("count")}</th>'
        f'<th scope="col" class="num">{w.text("share")}</th></tr></thead>\n'
        "    <tbody>\n"
    )
    for st in STATUSES:
        add(
            f'      <tr><td>{w.badge(st)}</td><td class="num">{esc(w.num(s[st]))}</td>'
            f'<td class="num">{esc(w.pct(s[st], s["controls"]))}</td></tr>\n'
        )
    add(
        "    </tbody>\n"
        f'    <tfoot><tr><th scope="row">{w.text("total")}</th>'
        f'<td class="num">{esc(w.num(s["controls"]))}</td><td></td></tr></tfoot>\n'
        "  </table>\n"
        "</section>\n\n"
    )
