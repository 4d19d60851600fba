"""The page after the norms: the waivers, the attestations, the integrity annex (the run's
facts, every evidence file's SHA-256, the plugins), the problems, the legend, and the
footer with the inlined script."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ibpaudit.builtin.reporters.html.markup import esc, join
from ibpaudit.builtin.reporters.html.view import AttestationView

if TYPE_CHECKING:
    from ibpaudit.builtin.reporters.html.page import Context


def write(c: Context, out: list[str]) -> None:
    _waivers(c, out)
    _attestations(c, out)
    _integrity(c, out)
    _problems(c, out)
    _legend(c, out)
    r, w = c.r, c.w
    out.append(
        "</main>\n\n"
        '<footer class="muted">\n'
        f"  <p>{w.text('made_with')} {esc(r['tool']['version'])}"
        f" · {w.text('schema')} {esc(r['schema_version'])}</p>\n"
        "</footer>\n"
        f"<script>{c.js}</script>\n"
        "</body>\n"
        "</html>\n"
    )


def _opened(c: Context, out: list[str], name: str, items: object) -> bool:
    """Open section ``name`` with its heading; without ``items``, say there are none
    (the word ``no_<name>``), close it and return False."""
    w = c.w
    out.append(
        f'<section id="{name}" aria-labelledby="{name}-h">\n'
        f'  <h2 id="{name}-h">{w.text(name)}</h2>\n'
    )
    if not items:
        out.append(f'<p class="muted">{w.text("no_" + name)}</p></section>\n\n')
        return False
    return True


def _waivers(c: Context, out: list[str]) -> None:
    w, add = c.w, out.append
    if not _opened(c, out, "waivers", c.r.get("waivers")):
        return
    heads = w.heads("control", "reason", "requested_by", "approved_by", "expires", "status")
    add(f"  <table>\n    <thead><tr>{heads}</tr></thead>\n    <tbody>\n")
    for wv in c.r["waivers"]:
        where = (
            f'<span class="loc">{esc(w.where(wv["location"]))}</span>' if wv.get("location") else ""
        )
        approved_on = f" ({esc(w.fdate(wv['approved_on']))})" if wv.get("approved_on") else ""
        days_left = ""
        if wv["state"] == "active" and wv.get("days_left") is not None:
            days = esc(w.label("days_left", n=wv["days_left"]))
            days_left = f' <span class="muted">({days})</span>'
        add(
            "      <tr>\n"
            f'        <td class="mono">{esc(wv["control"])}</td><td>{esc(wv["reason"])}{where}</td>'
            f"<td>{esc(wv.get('requested_by') or '–')}</td>\n"
            f"        <td>{esc(wv['approved_by'])}{approved_on}</td>\n"
            f"        <td>{esc(w.fdate(wv['expires']))}{days_left}</td>\n"
            f"        <td>{w.term('state', wv['state'])}</td>\n"
            "      </tr>\n"
        )
    add("    </tbody>\n  </table>\n</section>\n\n")


def _attestations(c: Context, out: list[str]) -> None:
    w, add = c.w, out.append
    if not _opened(c, out, "attestations", c.v.attestations):
        return
    heads = w.heads("control", "statement", "signed_by", "verdict", "findings_evidence")
    add(
        f"  <p>{w.text('attestations_intro')}</p>\n"
        f"  <table>\n    <thead><tr>{heads}</tr></thead>\n    <tbody>\n"
    )
    for a in c.v.attestations:
        add(_attestation(c, a))
    add("    </tbody>\n  </table>\n</section>\n\n")


def _attestation(c: Context, a: AttestationView) -> str:
    w = c.w
    ck = a.check.check
    signers = []
    for e in a.check.evidence:
        s = c.signers.get(e.location["path"])
        if s:
            role = f" ({esc(s['role'])})" if s["role"] else ""
            signed_on = f", {esc(w.fdate(s['signed_on']))}" if s["signed_on"] else ""
            valid_until = ""
            if s["valid_until"]:
                valid_until = f"; {w.text('valid_until')} {esc(w.fdate(s['valid_until']))}"
            signers.append(
                f'<div class="signer">{esc(s["signed_by"] or "–")}{role}{signed_on}'
                f"{valid_until}</div>"
            )
    findings = "".join(f"<div>{esc(w.tx(f.message))}</div>" for f in a.check.findings)
    places = "".join(w.at(e) for e in a.check.evidence)
    return (
        "      <tr>\n"
        f'        <td><a class="mono" href="#{esc(a.control.anchor)}">'
        f"{esc(a.control.control['id'])}</a><br>"
        f'<span class="muted">{esc(w.label("level_n", level=ck["level"]))}</span></td>\n'
        f"        <td>{esc(w.tx(ck.get('description')))}</td>\n"
        f"        <td>{''.join(signers)}</td>\n"
        f"        <td>{w.badge(a.check.shown)}</td>\n"
        f"        <td>{findings}{places}</td>\n"
        "      </tr>\n"
    )


def _integrity(c: Context, out: list[str]) -> None:
    """The run's facts, the evidence manifest, ``sha256sum`` lines and the plugins."""
    r, v, w, add = c.r, c.v, c.w, out.append
    run = r["run"]
    facts = [
        ("as_of", esc(w.fdate(run["as_of"]))),
        ("run_date", esc(w.fdatetime(run["started_at"]))),
        ("duration", f"{esc(w.dec(run['duration_ms'] / 1000))} {w.text('seconds')}"),
        ("version", esc(r["tool"]["version"])),
        ("schema", esc(r["schema_version"])),
    ]
    add(
        '<section id="integrity" aria-labelledby="integrity-h">\n'
        f'  <h2 id="integrity-h" class="newpage">{w.text("integrity")}</h2>\n'
        f"  <p>{w.text('integrity_intro')}</p>\n"
        f"  <h3>{w.text('run_facts')}</h3>\n"
        '  <dl class="facts">\n'
    )
    for key, value in facts:
        add(f"    <dt>{w.text(key)}</dt><dd>{value}</dd>\n")
    add(
        f'    <dt>{w.text("root")}</dt><dd class="mono">{esc(run["root"])}</dd>\n'
        f'    <dt>{w.text("command")}</dt><dd class="mono">{join(" ", run["command"])}</dd>\n'
    )
    if gate := r.get("gate"):
        value = w.label(
            "gate_value",
            fail_on=", ".join(map(str, gate["fail_on"])),
            fired=", ".join(map(str, gate["fired"])) or w.label("none"),
            code=gate["exit_code"],
        )
        add(f"<dt>{w.text('gate')}</dt><dd>{esc(value)}</dd>")
    evidence = r["evidence"]
    total = w.label(
        "evidence_total", n=w.num(len(evidence)), size=w.num(sum(e["size"] for e in evidence))
    )
    files = w.text("evidence_files")
    committed = f'<th scope="col">{w.text("committed")}</th>' if c.committed else ""
    add(
        f"    <dt>{files}</dt><dd>{esc(total)}</dd>\n"
        "  </dl>\n"
        f"  <h3>{files}</h3>\n"
        '  <table class="manifest">\n'
        '    <thead><tr><th scope="col" class="num">#</th>'
        f'<th scope="col">{w.text("path")}</th><th scope="col">SHA-256</th>'
        f'<th scope="col" class="num">{w.text("size")}</th>'
        f'<th scope="col">{w.text("modified")}</th>{committed}'
        f'<th scope="col" class="hide-narrow">{w.text("reader")}</th>'
        f'<th scope="col">{w.text("read_result")}</th></tr></thead>\n'
        "    <tbody>\n"
    )
    for i, e in enumerate(evidence):
        add(_manifest_row(c, i, e))
    plugins = "".join(
        f'<tr><td class="mono">{esc(p["name"])}</td><td>{esc(p["version"])}</td>'
        f"<td>{esc(w.label('origin', p['origin']))}</td></tr>"
        for p in r["plugins"]
    )
    add(
        "    </tbody>\n"
        "  </table>\n"
        f"  <h3>{w.text('verify')}</h3>\n"
        f"  <p>{w.text('verify_how')}</p>\n"
        f'  <pre class="sums">{esc(v.sums)}</pre>\n'
        f"  <h3>{w.text('plugins')}</h3>\n"
        "  <table>\n"
        f"    <thead><tr>{w.heads('name', 'version', 'origin')}</tr></thead>\n"
        "    <tbody>\n"
        f"{plugins}"
        "    </tbody>\n"
        "  </table>\n"
        "</section>\n\n"
    )


def _manifest_row(c: Context, i: int, e: Mapping[str, Any]) -> str:
    w = c.w
    committed = ""
    if c.committed:
        when = w.fdatetime(e["committed"]) if e.get("committed") else "–"
        committed = f"<td>{esc(when)}</td>"
    result = f"{w.badge('error')} {esc(w.tx(e['error']))}" if e["error"] else ""
    for p in e["problems"]:
        where = (
            f' <span class="mono muted">({esc(w.where(p["location"]))})</span>'
            if p.get("location")
            else ""
        )
        result += f"<div>{esc(w.tx(p['message']))}{where}</div>"
    return (
        f'      <tr id="{esc(c.v.file_rows[i])}">\n'
        f'        <td class="num">{i + 1}</td>\n'
        f'        <td class="mono">{esc(e["path"])}</td>\n'
        f'        <td class="hash">{esc(e["sha256"])}</td>\n'
        f'        <td class="num">{esc(w.num(e["size"]))}</td>\n'
        f"        <td>{esc(w.fdatetime(e['modified']))}</td>\n"
        f"{committed}"
        f'        <td class="hide-narrow">{esc(e["reader"] or w.label("no_reader"))}</td>\n'
        f"        <td>{result}</td>\n"
        "      </tr>\n"
    )


def _problems(c: Context, out: list[str]) -> None:
    w, add = c.w, out.append
    if not _opened(c, out, "problems", c.r["problems"]):
        return
    rows = "".join(
        f'<tr><td>{esc(w.label("kind", p["kind"]))}</td><td class="mono">{esc(p["source"])}</td>'
        f"<td>{esc(w.tx(p['message']))}</td></tr>"
        for p in c.r["problems"]
    )
    add(
        f"  <table>\n    <thead><tr>{w.heads('kind', 'source', 'message')}</tr></thead>\n"
        f"    <tbody>\n{rows}    </tbody>\n  </table>\n</section>\n\n"
    )


def _legend(c: Context, out: list[str]) -> None:
    """Every status and provenance word with what it means; badges link here."""
    w, add = c.w, out.append
    add(
        '<section id="legend" aria-labelledby="legend-h">\n'
        f'  <h2 id="legend-h">{w.text("legend")}</h2>\n'
        f"  <p>{w.text('legend_intro')}</p>\n"
    )
    for kind, entries in c.v.legend:
        add(f'  <h3>{esc(w.label("legend_kind", kind))}</h3>\n  <dl class="legend">\n')
        for e in entries:
            if kind in ("norm_status", "status"):
                word = w.badge(e.value, kind, False)
            else:
                word = f'<span class="word">{esc(w.label(kind, e.value))}</span>'
            add(
                f'    <div class="term-entry{"" if e.known else " unknown"}" id="{esc(e.anchor)}">'
                f"<dt>{word}</dt><dd>{esc(w.meaning(kind, e.value))}</dd></div>\n"
            )
        add("  </dl>\n")
    add("</section>\n")
