"""Mutation testing of the verdict logic: change the rule code in small ways and check
that the tests notice each change.

    python scripts/mutate.py                      # every module in [tool.ibpaudit-mutate]
    python scripts/mutate.py --module waivers     # one module (by file stem)
    python scripts/mutate.py --list               # the mutants, without running them
    python scripts/mutate.py --jobs 2 --output /tmp/mutation.json
    python scripts/mutate.py --again /tmp/mutation.json   # only what survived last time

Which modules (or functions of a module) hold the verdict logic, and which fast tests
guard each, lives in ``[tool.ibpaudit-mutate]`` in pyproject.toml, so moving code only
changes that table. Each mutant is written into a private copy of ``src/`` in a temporary
directory and judged by running the module's tests there (``pytest -x``) in a subprocess
with a timeout; the working tree is never touched. Survivors that are explained (the same
behaviour by another path, or outside the verdict) are listed in the file named by
``survivors`` with the reason; the command reports them as *explained*, and exits 1 when
a module scores below ``min-score`` or a survivor is unexplained.
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parent.parent

_COMPARE_SWAP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
_BINOP_SWAP: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.FloorDiv: ast.Mult,
}
_CALL_SWAP = {"all": "any", "any": "all", "min": "max", "max": "min"}
_STATUSES = ("PASSED", "FAILED", "ERROR")


@dataclass(frozen=True)
class ModuleConfig:
    path: str
    tests: tuple[str, ...]
    more_tests: tuple[str, ...] = ()  # run only for mutants the first set misses
    functions: tuple[str, ...] = ()  # empty: the whole module
    skip: tuple[str, ...] = ()  # names (functions, classes, module constants) left alone

    @property
    def name(self) -> str:
        return Path(self.path).stem


@dataclass(frozen=True)
class Mutant:
    id: str
    module: str
    function: str
    line: int
    operator: str
    original: str
    mutated: str
    start: int  # byte offsets of the replaced segment in the module's source
    end: int
    replacement: str


@dataclass
class Outcome:
    mutant: Mutant
    result: str  # killed | survived | timeout
    stage: int
    seconds: float


@dataclass
class ModuleReport:
    module: str
    path: str
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(1 for o in self.outcomes if o.result == result)


# --- finding mutants --------------------------------------------------------------------


def _one_line(source: str) -> str:
    return re.sub(r"\s+", " ", source).strip()


def _regex_mutations(pattern: str) -> Iterator[tuple[str, str]]:
    """Conservative changes to a regex: drop one optional marker, pin a ``{m,n}`` range to
    its lower bound, drop an end anchor."""
    for match in re.finditer(r"(?<![\\(])\?", pattern):
        yield "regex: drop '?'", pattern[: match.start()] + pattern[match.end() :]
    for match in re.finditer(r"\{(\d+),(\d+)\}", pattern):
        changed = pattern[: match.start()] + "{" + match[1] + "}" + pattern[match.end() :]
        yield f"regex: {match[0]} -> {{{match[1]}}}", changed
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        yield "regex: drop '$'", pattern[:-1]


class _Finder(ast.NodeVisitor):
    def __init__(self, source: bytes, config: ModuleConfig) -> None:
        self.source = source
        self.config = config
        self.line_starts = [0]
        for line in source.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.scope: list[str] = []
        self.found: list[tuple[str, int, str, str, int, int, str]] = []
        self.in_scope_depth = 0 if config.functions else 1

    # where we are
    def _function(self) -> str:
        return ".".join(self.scope) or "<module>"

    def _offsets(self, node: ast.AST) -> tuple[int, int]:
        start = self.line_starts[node.lineno - 1] + node.col_offset  # type: ignore[attr-defined]
        end = self.line_starts[node.end_lineno - 1] + node.end_col_offset  # type: ignore[attr-defined]
        return start, end

    def _add(self, node: ast.AST, operator: str, replacement: str, statement: bool) -> None:
        if not self.in_scope_depth:
            return
        start, end = self._offsets(node)
        original = self.source[start:end].decode()
        text = replacement if statement else f"({replacement})"
        self.found.append(
            (self._function(), node.lineno, operator, original, start, end, text)  # type: ignore[attr-defined]
        )

    def _expr(self, node: ast.expr, operator: str, mutated: ast.expr) -> None:
        self._add(node, operator, ast.unparse(mutated), statement=False)

    # scoping
    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        for default in (*node.args.defaults, *node.args.kw_defaults):
            if default is not None:
                self.visit(default)
        self.scope.append(node.name)
        skip = {node.name, ".".join(self.scope)} & set(self.config.skip)
        self.scope.pop()
        if skip:
            return
        # Annotations and decorators are not behaviour: visit the body only.
        self.scope.append(node.name)
        qualname = ".".join(self.scope)
        wanted = bool(self.config.functions) and (
            node.name in self.config.functions or qualname in self.config.functions
        )
        self.in_scope_depth += wanted
        self._body(node.body)
        self.in_scope_depth -= wanted
        self.scope.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if node.name in self.config.skip:
            return
        self.scope.append(node.name)
        qualname = ".".join(self.scope)
        wanted = bool(self.config.functions) and qualname in self.config.functions
        self.in_scope_depth += wanted
        self._body(node.body)
        self.in_scope_depth -= wanted
        self.scope.pop()

    def _body(self, body: list[ast.stmt]) -> None:
        for index, stmt in enumerate(body):
            is_docstring = (
                index == 0
                and isinstance(stmt, ast.Expr)
                and isinstance(stmt.value, ast.Constant)
                and isinstance(stmt.value.value, str)
            )
            if not is_docstring:
                self.visit(stmt)

    def visit_Module(self, node: ast.Module) -> None:
        self._body(node.body)

    def visit_Import(self, node: ast.Import) -> None:
        return

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        return

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if isinstance(node.target, ast.Name) and node.target.id in self.config.skip:
            return
        if node.value is not None:
            self.visit(node.value)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        return  # f-strings are messages, and their positions are unreliable

    # statements
    def _drop(self, node: ast.stmt, what: str) -> None:
        self._add(node, f"drop {what}", "pass", statement=True)

    def visit_Assign(self, node: ast.Assign) -> None:
        names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        if any(n in self.config.skip for n in names):
            return
        if any(isinstance(t, ast.Attribute | ast.Subscript) for t in node.targets):
            self._drop(node, "assignment")
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._drop(node, "augmented assignment")
        self.generic_visit(node)

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Call):
            self._drop(node, "call")
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        self._drop(node, "raise")
        self.generic_visit(node)

    def visit_If(self, node: ast.If) -> None:
        self._drop(node, "if statement")
        self._negate(node.test)
        self.generic_visit(node)

    def visit_While(self, node: ast.While) -> None:
        self._negate(node.test)
        self.generic_visit(node)

    def visit_Continue(self, node: ast.Continue) -> None:
        self._drop(node, "continue")

    def visit_Break(self, node: ast.Break) -> None:
        self._drop(node, "break")

    def visit_Return(self, node: ast.Return) -> None:
        value = node.value
        # Not for 'return False': None would only mimic it wherever the result is tested.
        if value is not None and not (
            isinstance(value, ast.Constant) and (value.value is None or value.value is False)
        ):
            self._add(node, "return None", "return None", statement=True)
        self.generic_visit(node)

    # expressions
    def _negate(self, test: ast.expr) -> None:
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return  # dropping the 'not' covers it
        self._expr(test, "negate condition", ast.UnaryOp(ast.Not(), copy.deepcopy(test)))

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self._negate(node.test)
        self.generic_visit(node)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        for test in node.ifs:
            self._negate(test)
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        for index, op in enumerate(node.ops):
            swap = _COMPARE_SWAP.get(type(op))
            if swap is None:
                continue
            mutated = copy.deepcopy(node)
            mutated.ops[index] = swap()
            self._expr(node, "compare", mutated)
        self.generic_visit(node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        mutated = copy.deepcopy(node)
        mutated.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        self._expr(node, "and/or", mutated)
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not):
            self._expr(node, "drop not", copy.deepcopy(node.operand))
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        swap = _BINOP_SWAP.get(type(node.op))
        textual = any(
            isinstance(side, ast.JoinedStr)
            or (isinstance(side, ast.Constant) and isinstance(side.value, str))
            for side in (node.left, node.right)
        )
        if swap is not None and not textual:
            mutated = copy.deepcopy(node)
            mutated.op = swap()
            self._expr(node, "arithmetic", mutated)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and func.id in _CALL_SWAP:
            mutated = copy.deepcopy(node)
            mutated.func = ast.Name(_CALL_SWAP[func.id], ast.Load())
            self._expr(node, "swap call", mutated)
        compiles_regex = (
            isinstance(func, ast.Attribute)
            and func.attr == "compile"
            and isinstance(func.value, ast.Name)
            and func.value.id == "re"
        )
        if compiles_regex and node.args and isinstance(node.args[0], ast.Constant):
            self._regex(node.args[0])
        self.generic_visit(node)

    def _regex(self, node: ast.Constant) -> None:
        pattern = node.value
        if not isinstance(pattern, str):
            return
        for operator, changed in _regex_mutations(pattern):
            try:
                re.compile(changed)
            except re.error:
                continue
            self._expr(node, operator, ast.Constant(changed))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if (
            isinstance(node.value, ast.Name)
            and node.value.id == "Status"
            and node.attr in _STATUSES
        ):
            for other in _STATUSES:
                if other != node.attr:
                    self._expr(node, "status", ast.Attribute(node.value, other, ast.Load()))
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bool):
            self._expr(node, "bool", ast.Constant(not value))
        elif isinstance(value, int):
            for changed in (value + 1, value - 1):
                self._expr(node, "number", ast.Constant(changed))

    def _members(self, node: ast.Set | ast.List | ast.Tuple) -> None:
        elements = node.elts
        if len(elements) >= 2 and all(isinstance(e, ast.Constant) for e in elements):
            for index in range(len(elements)):
                mutated = copy.deepcopy(node)
                del mutated.elts[index]
                self._expr(node, "drop member", mutated)
        self.generic_visit(node)

    visit_Set = _members
    visit_List = _members
    visit_Tuple = _members

    def visit_Dict(self, node: ast.Dict) -> None:
        keys = node.keys
        if len(keys) >= 2 and all(isinstance(k, ast.Constant) for k in keys):
            for index in range(len(keys)):
                mutated = copy.deepcopy(node)
                del mutated.keys[index]
                del mutated.values[index]
                self._expr(node, "drop entry", mutated)
        self.generic_visit(node)


def _short(source: str) -> str:
    flat = _one_line(source)
    if len(flat) <= 100:
        return flat
    return f"{flat[:80]}…{hashlib.sha1(flat.encode()).hexdigest()[:8]}"


def find_mutants(config: ModuleConfig, source: bytes) -> list[Mutant]:
    """Every mutant of one module, each with an ID that does not depend on line numbers."""
    finder = _Finder(source, config)
    finder.visit(ast.parse(source))
    seen: Counter[str] = Counter()
    mutants = []
    for function, line, operator, original, start, end, replacement in finder.found:
        mutated_source = source[:start] + replacement.encode() + source[end:]
        if mutated_source == source:
            continue
        try:
            compile(mutated_source, config.path, "exec")
        except SyntaxError:
            continue
        original_text = _short(original)
        mutated_text = _short(replacement)
        key = f"{config.name}:{function}: {operator}: {original_text} -> {mutated_text}"
        seen[key] += 1
        ident = key if seen[key] == 1 else f"{key} #{seen[key]}"
        mutants.append(
            Mutant(
                ident,
                config.name,
                function,
                line,
                operator,
                original_text,
                mutated_text,
                start,
                end,
                replacement,
            )
        )
    return mutants


# --- running mutants ---------------------------------------------------------------------


def _workspace() -> Path:
    """A private project tree: a copy of src/, every other entry a symlink."""
    work = Path(tempfile.mkdtemp(prefix="ibpaudit-mutate-"))
    for entry in PROJECT.iterdir():
        if entry.name in {".git", ".venv", "src", "__pycache__"} or entry.name.startswith("."):
            continue
        (work / entry.name).symlink_to(entry)
    shutil.copytree(PROJECT / "src", work / "src", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(work / "src")], check=True, cwd=work
    )
    return work


def _environment(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(work / "src"), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PYTEST_ADDOPTS", None)
    return env


def _pytest(work: Path, tests: tuple[str, ...], timeout: float) -> str:
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
    command += ["-m", "not browser", *tests]
    try:
        done = subprocess.run(
            command,
            cwd=work,
            env=_environment(work),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    return "survived" if done.returncode == 0 else "killed"


def _check_workspace(work: Path, config: ModuleConfig) -> float:
    """The copy is what the tests import, and the unmutated module passes its tests."""
    module = ".".join(Path(config.path).with_suffix("").parts[1:])
    probe = subprocess.run(
        [sys.executable, "-c", f"import {module} as m; print(m.__file__)"],
        cwd=work,
        env=_environment(work),
        capture_output=True,
        text=True,
        check=True,
    )
    if not Path(probe.stdout.strip()).resolve().is_relative_to(work.resolve()):
        sys.exit(f"mutate: {module} is not imported from the mutation copy: {probe.stdout}")
    started = time.perf_counter()
    for tests in (config.tests, config.more_tests):
        if tests and _pytest(work, tests, 600) != "survived":
            sys.exit(f"mutate: the tests of {config.path} fail without any mutation: {tests}")
    return time.perf_counter() - started


def run_module(
    config: ModuleConfig, mutants: list[Mutant], jobs: int, progress: Callable[[str], None]
) -> ModuleReport:
    source = (PROJECT / config.path).read_bytes()
    workspaces: queue.Queue[Path] = queue.Queue()
    created = [_workspace() for _ in range(jobs)]
    try:
        baseline = _check_workspace(created[0], config)
        timeout = max(10.0, 4 * baseline)
        for work in created:
            workspaces.put(work)
        report = ModuleReport(config.name, config.path)

        def judge(mutant: Mutant) -> Outcome:
            work = workspaces.get()
            target = work / config.path
            cached = target.parent / "__pycache__"
            try:
                started = time.perf_counter()
                target.write_bytes(
                    source[: mutant.start] + mutant.replacement.encode() + source[mutant.end :]
                )
                for pyc in cached.glob(f"{target.stem}.*.pyc"):
                    pyc.unlink()
                result, stage = "survived", 0
                for number, tests in enumerate((config.tests, config.more_tests), start=1):
                    if not tests:
                        continue
                    stage = number
                    result = _pytest(work, tests, timeout)
                    if result != "survived":
                        break
                return Outcome(mutant, result, stage, time.perf_counter() - started)
            finally:
                target.write_bytes(source)
                workspaces.put(work)

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for done, outcome in enumerate(pool.map(judge, mutants), start=1):
                report.outcomes.append(outcome)
                if outcome.result == "survived":
                    progress(f"  [{done}/{len(mutants)}] survived: {outcome.mutant.id}")
        return report
    finally:
        for work in created:
            shutil.rmtree(work, ignore_errors=True)


# --- configuration and report --------------------------------------------------------------


def load_config(pyproject: Path) -> tuple[list[ModuleConfig], dict[str, Any]]:
    table = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["ibpaudit-mutate"]
    modules = [
        ModuleConfig(
            path=m["path"],
            tests=tuple(m["tests"]),
            more_tests=tuple(m.get("more-tests", ())),
            functions=tuple(m.get("functions", ())),
            skip=tuple(m.get("skip", ())),
        )
        for m in table["modules"]
    ]
    return modules, table


def load_explanations(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {entry["id"]: entry["why"] for entry in data}


def _score(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 100.0


def summarise(
    reports: list[ModuleReport], explained: dict[str, str], min_score: float
) -> tuple[str, bool]:
    rows = [
        f"{'module':<12} {'mutants':>7} {'killed':>6} {'timeout':>7} {'survived':>8} "
        f"{'explained':>9} {'score':>7} {'with expl.':>10}"
    ]
    lines: list[str] = []
    ok = True
    for report in reports:
        total = len(report.outcomes)
        detected = report.count("killed") + report.count("timeout")
        survivors = [o for o in report.outcomes if o.result == "survived"]
        known = [o for o in survivors if o.mutant.id in explained]
        score = _score(detected, total)
        rows.append(
            f"{report.module:<12} {total:>7} {report.count('killed'):>6} "
            f"{report.count('timeout'):>7} {len(survivors):>8} {len(known):>9} "
            f"{score:>6.1f}% {_score(detected + len(known), total):>9.1f}%"
        )
        ok &= score >= min_score and len(known) == len(survivors)
        for outcome in survivors:
            mutant = outcome.mutant
            state = "explained" if mutant.id in explained else "UNEXPLAINED"
            lines.append(f"{report.path}:{mutant.line}: {state}: {mutant.id}")
    out = "\n".join(rows)
    if lines:
        out += "\n\nSurvivors:\n" + "\n".join(lines)
    return out, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--module", action="append", help="a module's file stem, e.g. values")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once (default 1)")
    parser.add_argument("--output", type=Path, help="JSON report (default: a temporary file)")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--match", help="only mutants whose ID contains this text")
    parser.add_argument(
        "--again",
        type=Path,
        metavar="REPORT",
        help="run only what survived (or is new) since this JSON report; what it killed "
        "counts as killed, which holds while tests are only added",
    )
    args = parser.parse_args(argv)
    # Stopped with kill: leave through the finally blocks, so the copies are removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    modules, table = load_config(PROJECT / "pyproject.toml")
    if args.module:
        unknown = set(args.module) - {m.name for m in modules}
        if unknown:
            parser.error(f"unknown module(s) {', '.join(sorted(unknown))}")
        modules = [m for m in modules if m.name in args.module]
    survivors_file = PROJECT / table.get("survivors", "tests/mutation-survivors.yaml")
    explained = load_explanations(survivors_file)

    plan = []
    for config in modules:
        mutants = find_mutants(config, (PROJECT / config.path).read_bytes())
        if args.match:
            mutants = [m for m in mutants if args.match in m.id]
        plan.append((config, mutants))
    if args.list:
        for config, mutants in plan:
            for mutant in mutants:
                print(f"{config.path}:{mutant.line}: {mutant.id}")
        return 0

    earlier: dict[str, str] = {}
    if args.again:
        previous = json.loads(args.again.read_text(encoding="utf-8"))
        earlier = {
            o["id"]: o["result"]
            for m in previous["modules"]
            for o in m["outcomes"]
            if o["result"] != "survived"
        }
    started = time.perf_counter()
    reports = []
    for config, mutants in plan:
        fresh = [m for m in mutants if m.id not in earlier]
        print(f"{config.path}: {len(fresh)} mutants against {', '.join(config.tests)}")
        report = run_module(config, fresh, max(1, args.jobs), print)
        report.outcomes += [Outcome(m, earlier[m.id], 0, 0.0) for m in mutants if m.id in earlier]
        reports.append(report)
    elapsed = time.perf_counter() - started
    summary, ok = summarise(reports, explained, float(table.get("min-score", 95)))
    print()
    print(summary)
    surviving = {o.mutant.id for r in reports for o in r.outcomes if o.result == "survived"}
    run_ids = {o.mutant.id for r in reports for o in r.outcomes}
    stale = sorted(i for i in explained if i in run_ids and i not in surviving)
    if stale:
        print(f"\nExplained in {survivors_file.name} but now killed (remove them):")
        print("\n".join(f"  {i}" for i in stale))
    print(f"\n{sum(len(r.outcomes) for r in reports)} mutants in {elapsed:.0f} s")

    output = args.output or Path(tempfile.gettempdir()) / "ibpaudit-mutation.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {
                "seconds": round(elapsed, 1),
                "modules": [
                    {
                        "module": r.module,
                        "path": r.path,
                        "outcomes": [
                            {
                                **{k: v for k, v in asdict(o.mutant).items() if k != "replacement"},
                                "result": o.result,
                                "stage": o.stage,
                                "seconds": round(o.seconds, 2),
                                "explanation": explained.get(o.mutant.id),
                            }
                            for o in r.outcomes
                        ],
                    }
                    for r in reports
                ],
            },
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    print(f"JSON report: {output}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
