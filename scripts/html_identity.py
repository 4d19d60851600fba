"""Check that a change to the HTML reporter leaves the report byte-identical.

    python scripts/html_identity.py [--base REV] [--history DIR] [--fuzz N] RESULTS.json...

Renders every results document with ``page.render`` twice, in two fresh processes: once
with the package as it is in git revision ``--base`` (default ``main``, taken with ``git
archive``) and once with the working tree's ``src/``; each in Dutch and English, and with
``--history DIR`` also with the trend section. ``--fuzz N`` adds N copies of the first
document with markup, quotes and control characters put into random string fields.
Rendering from saved documents keeps the run's timestamps out of the comparison. Prints
one line per case that differs and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
HOSTILE = (
    "<script>alert(1)</script>",
    "a&b \"q\" 'x'",
    "\x01\x07ctl\x1f\x7f\x85\x9f",
    "]]>--><!--",
    "tab\there\nnew\rline",
    "€ ünïcødé 𝄞",
    "",
    "{n} {total}",
)
# Runs in the child: render each case (document, language, history) to OUT/<name>.html,
# or write the exception to OUT/<name>.error.
CHILD = """
import json, sys
from pathlib import Path
from ibpaudit.builtin.reporters.html import page
from ibpaudit.model import ReportOptions
out = Path(sys.argv[2])
for name, doc, lang, history in json.loads(Path(sys.argv[1]).read_text("utf-8")):
    extra = {"history": history} if history else {}
    document = json.loads(Path(doc).read_text("utf-8"))
    try:
        data = page.render(document, ReportOptions(lang=lang, extra=extra))
        (out / f"{name}.html").write_bytes(data)
    except Exception as exc:
        (out / f"{name}.error").write_text(f"{type(exc).__name__}: {exc}"[:300])
"""


def _fuzzed(document: dict[str, Any], seed: int) -> dict[str, Any]:
    rnd = random.Random(seed)
    fuzzed = copy.deepcopy(document)

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            if isinstance(value, str) and rnd.random() < 0.15:
                node[key] = rnd.choice(HOSTILE) + (value if rnd.random() < 0.3 else "")
            elif isinstance(value, dict | list):
                walk(value)

    walk(fuzzed)
    return fuzzed


def _render(src: Path, cases: list[list[Any]], work: Path, label: str) -> Path:
    out = work / label
    out.mkdir()
    manifest = work / "cases.json"
    manifest.write_text(json.dumps(cases), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(src)}
    subprocess.run([sys.executable, "-c", CHILD, str(manifest), str(out)], env=env, check=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", nargs="+", type=Path)
    parser.add_argument("--base", default="main")
    parser.add_argument("--history", type=Path)
    parser.add_argument("--fuzz", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        archive = work / "base.tar"
        with archive.open("wb") as sink:
            subprocess.run(
                ["git", "archive", args.base, "src"], cwd=PROJECT, stdout=sink, check=True
            )
        with tarfile.open(archive) as tar:
            if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
                tar.extraction_filter = tarfile.data_filter
            tar.extractall(work / "base")
        documents = [p.resolve() for p in args.documents]
        first = json.loads(documents[0].read_text("utf-8"))
        for seed in range(args.fuzz):
            fuzzed = work / f"fuzz-{seed}.json"
            fuzzed.write_text(json.dumps(_fuzzed(first, seed)), encoding="utf-8")
            documents.append(fuzzed)
        cases: list[list[Any]] = []
        for i, doc in enumerate(documents):
            for lang in ("nl", "en"):
                for history in (None, args.history) if args.history else (None,):
                    name = f"{i}-{doc.stem}-{lang}{'-history' if history else ''}"
                    cases.append(
                        [name, str(doc), lang, str(history.resolve()) if history else None]
                    )
        old = _render(work / "base" / "src", cases, work, "old")
        new = _render(PROJECT / "src", cases, work, "new")
        different = 0
        for case in cases:
            name = case[0]
            before = sorted(old.glob(f"{name}.*"))
            after = sorted(new.glob(f"{name}.*"))
            same = [p.name for p in before] == [p.name for p in after] and all(
                b.read_bytes() == a.read_bytes() for b, a in zip(before, after, strict=True)
            )
            if not same:
                different += 1
                print(f"differs: {name}")
        print(f"{len(cases) - different} of {len(cases)} cases identical (base {args.base})")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
