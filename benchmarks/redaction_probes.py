"""How much personal data the redactor finds, how much it misses and what it wrongly hides,
on the probe corpus in ``tests/data/redaction/probes.yaml``; and what redaction costs.

    python benchmarks/redaction_probes.py [--timing]

Prints, per kind, probes found / missed and negatives changed (false positives) for the
redactor as it is, then the same counts for each phone detector on its own (the
hand-written pattern ibpaudit used before, and ``phonenumbers``' matcher at each
leniency), the hand-written BSN and IBAN checks against ``python-stdnum`` on random
candidates, and with ``--timing`` the time to redact the example board's results
document and a synthetic 10,000-finding document, its messages all distinct or 200
repeated (best of 5).
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ibpaudit.engine.redact import Redactor
from ibpaudit.model import Origin, Record

PROJECT = Path(__file__).resolve().parent.parent
PROBES = PROJECT / "tests" / "data" / "redaction" / "probes.yaml"

# The phone pattern ibpaudit used up to version 0.1.0 (kept here only to compare).
HAND_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)31[ -]?(?:\(0\)[ -]?)?\d(?:[ -]?\d){8}|0\d(?:[ -]?\d){8}"
    r"|\+(?!31)\d{1,3}(?:[ -]?\d){7,12})(?![\w-])"
)


def load() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(PROBES.read_text(encoding="utf-8"))
    return data


def redactor_for(entry: dict[str, Any]) -> Redactor:
    redactor = Redactor.for_columns()
    learn = entry.get("learn") or {}
    if learn:
        row = Record(dict(learn), origin=Origin("registers/probe.csv"))
        redactor.learn(tuple(learn), [row])
    return redactor


def hidden(entry: dict[str, Any], out: str) -> bool:
    return all(h not in out for h in entry["hide"]) and all(k in out for k in entry.get("keep", ()))


def score(redact: Callable[[dict[str, Any]], str], data: dict[str, Any], kinds: set[str]) -> str:
    found: Counter[str] = Counter()
    missed: list[str] = []
    for probe in data["probes"]:
        if probe["kind"] not in kinds:
            continue
        if hidden(probe, redact(probe)):
            found[probe["kind"]] += 1
        else:
            missed.append(probe["text"])
    false = [n["text"] for n in data["negatives"] if redact(n) != n["text"]]
    total = sum(1 for p in data["probes"] if p["kind"] in kinds)
    lines = [
        f"  found {sum(found.values())}/{total} ({', '.join(f'{k} {v}' for k, v in found.items())})"
        f", missed {len(missed)}, false positives {len(false)}/{len(data['negatives'])}"
    ]
    lines += [f"    missed: {m}" for m in missed]
    lines += [f"    false positive: {f}" for f in false]
    return "\n".join(lines)


def phone_detectors() -> dict[str, Callable[[str], str]]:
    out: dict[str, Callable[[str], str]] = {
        "hand-written (before)": lambda t: HAND_PHONE.sub("#", t)
    }
    try:
        import phonenumbers
    except ImportError:
        return out
    for name in ("POSSIBLE", "VALID", "STRICT_GROUPING"):
        leniency = getattr(phonenumbers.Leniency, name)

        def sub(text: str, leniency: Any = leniency) -> str:
            for m in reversed(list(phonenumbers.PhoneNumberMatcher(text, "NL", leniency=leniency))):
                text = text[: m.start] + "#" + text[m.end :]
            return text

        out[f"phonenumbers {name}"] = sub
    return out


def hand_iban(candidate: str) -> bool:
    """The mod-97 check ibpaudit used up to version 0.1.0 (kept here only to compare)."""
    compact = candidate.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    return int("".join(str(int(c, 36)) for c in compact[4:] + compact[:4])) % 97 == 1


def hand_bsn(digits: str) -> bool:
    """The eleven-test ibpaudit used up to version 0.1.0 (kept here only to compare)."""
    total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=False))
    return digits != "000000000" and (total - int(digits[8])) % 11 == 0


def validators() -> None:
    """Hand-written checks against python-stdnum on 10,000 random candidates each."""
    from stdnum import iban
    from stdnum.nl import bsn

    rng = random.Random(2026)
    numbers = [f"{rng.randrange(10**9):09d}" for _ in range(10_000)]
    agree = sum(hand_bsn(n) == bsn.is_valid(n) for n in numbers)
    print(f"BSN eleven-test: hand-written and stdnum agree on {agree}/10,000 numbers")
    # Dutch-looking IBANs one digit too long, with check digits that fit: not IBANs.
    wrong = []
    for _ in range(10_000):
        body = "ABNA" + "".join(rng.choice("0123456789") for _ in range(11))
        check = 98 - int("".join(str(int(c, 36)) for c in body + "NL00")) % 97
        wrong.append(f"NL{check:02d}{body}")
    print(
        f"IBAN, 19-character NL strings with fitting check digits: hand-written accepts "
        f"{sum(map(hand_iban, wrong))}/10,000, stdnum {sum(map(iban.is_valid, wrong))}/10,000"
    )


def best_of(n: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def timing() -> None:
    from ibpaudit import engine
    from ibpaudit.dossier import Dossier
    from ibpaudit.engine import run as api

    root = PROJECT / "evidence"
    config, manager = api.prepare(root)
    shown = api.run_options(root, config, show_personal_data=True)
    raw = engine.audit(shown, config, manager)
    dossier = Dossier.load(root, config, manager, shown.limits)
    catalog = engine.load_catalog(manager, root)
    hidden_opts = api.run_options(root, config)
    board = best_of(
        5, lambda: engine.redact(copy.deepcopy(raw), dossier, catalog, config, hidden_opts)
    )
    copy_only = best_of(5, lambda: copy.deepcopy(raw))
    print(f"example board results document: {(board - copy_only) * 1000:.1f} ms")

    names = [f"Leerling{i} Achternaam{i % 97}" for i in range(1000)]
    findings = [
        {
            "status": "failed",
            "message": {
                "nl": f"rij {i}: {names[i % 1000]} (BSN 111222333) mist gemeld_op 03-02-2026",
                "en": f"row {i}: {names[i % 1000]} (BSN 111222333) lacks gemeld_op 03-02-2026",
            },
            "location": {"path": "registers/leerlingincidenten.csv", "row": i + 2},
        }
        for i in range(10_000)
    ]
    # Every message distinct (the worst case), then 200 messages repeated, as a board
    # whose findings repeat per school or per row type produces them.
    repeated = [dict(f, message=findings[i % 200]["message"]) for i, f in enumerate(findings)]
    for label, rows in (("all distinct", findings), ("200 distinct", repeated)):
        document = {"run": {}, "controls": [{"id": "X", "checks": [{"findings": rows}]}]}

        def big(document: dict[str, Any] = document) -> None:
            redactor = Redactor.for_columns()
            learned = [Record({"leerling": n}, Origin("r.csv")) for n in names]
            redactor.learn(("leerling",), learned)
            redactor.document(document)

        print(f"10,000 findings, {label}, 1,000 learned names: {best_of(5, big) * 1000:.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timing", action="store_true", help="also time redaction")
    args = parser.parse_args()
    data = load()
    kinds = {p["kind"] for p in data["probes"]}
    print(f"{len(data['probes'])} probes, {len(data['negatives'])} negatives")
    print("ibpaudit redactor:")
    print(score(lambda e: redactor_for(e).text(e["text"], "nl"), data, kinds))
    for name, detect in phone_detectors().items():
        print(f"phone detector, {name}:")
        print(score(lambda e, detect=detect: detect(e["text"]), data, {"phone"}))
    validators()
    if args.timing:
        timing()
    return 0


if __name__ == "__main__":
    sys.exit(main())
