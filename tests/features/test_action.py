"""The GitHub Action (action.yml) and the CI examples in docs/.

The action is exercised by running its steps locally, in order, the way the runner runs
a composite action: each ``run:`` script with ``bash --noprofile --norc -eo pipefail``,
its environment built from the step's ``env:`` mapping, ``GITHUB_OUTPUT`` (one file per
step), ``GITHUB_STEP_SUMMARY`` and ``GITHUB_ACTION_PATH`` set, and ``if:`` conditions
honoured (a step without one runs only while no step has failed). The ``${{ }}``
expressions are evaluated by a small evaluator below that knows exactly the expressions
the action uses and fails the test on any other. ``uses:`` steps (setup-python, the
uploads) cannot run here: their ``if:`` and ``with:`` are evaluated and checked instead.

One step is not run: ``python -m pip install "$GITHUB_ACTION_PATH"``. ibpaudit is already
installed (editable) in the environment that runs these tests, from this very checkout;
the step is skipped only when it is exactly an install of the action path.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from ibpaudit.engine import plugins
from support import EXAMPLE_BOARD, PROJECT, update_config

ACTION = PROJECT / "action.yml"
DOCS = PROJECT / "docs"
GITHUB_LIMIT = 1_048_576
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
PINNED_MAJOR = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@v\d+$")
INSTALL_ACTION_PATH = re.compile(r'python -m pip install( --[\w-]+)* "\$GITHUB_ACTION_PATH"')
FAILING_CONTROLS = ("GB.02-datalekken", "PV.P02-verwerkersovereenkomsten")


class UnsupportedExpression(AssertionError):
    """An expression the evaluator does not know: the test fails rather than guess."""


@cache
def action() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return data


def available_formats() -> set[str]:
    return set(plugins.build().report_formats())


@dataclass
class Context:
    """What ``${{ }}`` can see: the inputs, the action's path and earlier steps' outputs."""

    inputs: dict[str, str]
    action_path: str
    steps: dict[str, dict[str, str]] = field(default_factory=dict)

    def value(self, reference: str) -> str:
        ref = reference.strip()
        if m := re.fullmatch(r"inputs\.([\w-]+)", ref):
            if m[1] not in self.inputs:
                raise UnsupportedExpression(f"no input named {m[1]!r}")
            return self.inputs[m[1]]
        if m := re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", ref):
            return self.steps.get(m[1], {}).get(m[2], "")  # GitHub gives '' when unset
        if ref == "github.action_path":
            return self.action_path
        raise UnsupportedExpression(f"unsupported expression: {reference!r}")

    def template(self, text: str) -> str:
        """A string with ``${{ x }}`` parts, each replaced by its value."""
        return EXPRESSION.sub(lambda m: self.value(m[1]), text)

    def condition(self, expression: str, failed: bool) -> bool:
        """``if:``: ``always()``, comparisons with a quoted literal, joined by ``&&``.
        Without ``always()`` a step runs only while nothing failed (implicit success())."""
        inner = expression.strip()
        if m := re.fullmatch(r"\$\{\{(.*)\}\}", inner, re.DOTALL):
            inner = m[1]
        status_function = False
        result = True
        for term in (t.strip() for t in inner.split("&&")):
            if term == "always()":
                status_function = True
            elif m := re.fullmatch(r"([\w.-]+)\s*(==|!=)\s*'([^']*)'", term):
                equal = self.value(m[1]).casefold() == m[3].casefold()  # GitHub ignores case
                result = result and (equal if m[2] == "==" else not equal)
            else:
                raise UnsupportedExpression(f"unsupported condition: {term!r}")
        return result and (status_function or not failed)


@dataclass
class Step:
    name: str
    ran: bool
    code: int | None = None
    stdout: str = ""
    stderr: str = ""
    with_: dict[str, str] = field(default_factory=dict)
    uses: str = ""


@dataclass
class ActionRun:
    workspace: Path
    steps: list[Step]
    outputs: dict[str, str]
    step_summary: bytes

    def step(self, name_part: str) -> Step:
        (found,) = [s for s in self.steps if name_part in s.name]
        return found

    @property
    def job_code(self) -> int:
        """The job fails with the first failing step's exit code, as the runner does."""
        return next((s.code for s in self.steps if s.code), 0)


def parse_outputs(path: Path) -> dict[str, str]:
    """``name=value`` lines and ``name<<DELIMITER`` blocks, as the runner reads them."""
    outputs: dict[str, str] = {}
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if m := re.fullmatch(r"([\w-]+)<<(.+)", line):
            value = []
            for part in lines:
                if part == m[2]:
                    break
                value.append(part)
            else:
                raise AssertionError(f"{path}: delimiter {m[2]!r} never closed")
            outputs[m[1]] = "\n".join(value)
        elif "=" in line:
            name, _, value_text = line.partition("=")
            outputs[name] = value_text
    return outputs


def run_action(workspace: Path, tmp: Path, inputs: Mapping[str, str] = {}) -> ActionRun:
    declared: dict[str, Any] = action()["inputs"]
    assert set(inputs) <= set(declared), f"not inputs of the action: {set(inputs) - set(declared)}"
    context = Context(
        {name: str(inputs.get(name, spec.get("default", ""))) for name, spec in declared.items()},
        str(PROJECT),
    )
    tmp.mkdir(parents=True, exist_ok=True)
    summary = tmp / "step_summary.md"
    summary.write_bytes(b"")
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "IBPAUDIT_"))}
    base_env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    failed = False
    steps: list[Step] = []
    for number, spec in enumerate(action()["runs"]["steps"]):
        name = str(spec.get("name", number))
        runs = context.condition(spec["if"], failed) if "if" in spec else not failed
        if "uses" in spec:
            with_ = {k: context.template(str(v)) for k, v in (spec.get("with") or {}).items()}
            steps.append(Step(name, runs, with_=with_, uses=spec["uses"]))
            continue
        assert spec.get("shell") == "bash", f"{name}: a composite run step names its shell"
        script: str = spec["run"]
        env = dict(base_env)
        outputs_file = tmp / f"output-{number}"
        outputs_file.write_text("", encoding="utf-8")
        env.update(
            GITHUB_ACTION_PATH=str(PROJECT),
            GITHUB_WORKSPACE=str(workspace),
            GITHUB_STEP_SUMMARY=str(summary),
            GITHUB_OUTPUT=str(outputs_file),
            RUNNER_TEMP=str(tmp),
        )
        env.update({k: context.template(str(v)) for k, v in (spec.get("env") or {}).items()})
        if not runs:
            steps.append(Step(name, False))
            continue
        if INSTALL_ACTION_PATH.fullmatch(script.strip()):
            steps.append(Step(name, True, 0))  # already installed: see the module docstring
            continue
        script_file = tmp / f"step-{number}.sh"
        script_file.write_text(script, encoding="utf-8")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_file)],
            cwd=workspace, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        steps.append(Step(name, True, done.returncode, done.stdout, done.stderr))
        if "id" in spec:
            context.steps[spec["id"]] = parse_outputs(outputs_file)
        failed = failed or done.returncode != 0
    outputs = {k: context.template(str(v["value"])) for k, v in action()["outputs"].items()}
    return ActionRun(workspace, steps, outputs, summary.read_bytes())


def copy_board(target: Path) -> Path:
    shutil.copytree(EXAMPLE_BOARD, target)
    return target


def default_inputs() -> dict[str, str]:
    """The action as a workflow uses it with no ``with:``: every input at its default."""
    return {}


# --- the action file itself ------------------------------------------------------------


def test_no_expression_is_pasted_into_a_script() -> None:
    scripts = [s["run"] for s in action()["runs"]["steps"] if "run" in s]
    assert len(scripts) >= 4
    for script in scripts:
        assert "${{" not in script
        assert "IBPAUDIT_" in script or "GITHUB_ACTION_PATH" in script


def test_every_input_is_used() -> None:
    text = ACTION.read_text(encoding="utf-8")
    for name in action()["inputs"]:
        assert f"inputs.{name} " in text or f"inputs.{name}\n" in text, f"unused input {name}"


def test_every_expression_in_the_action_is_one_the_evaluator_knows() -> None:
    context = Context({name: "x" for name in action()["inputs"]}, "/action")
    found = EXPRESSION.findall(ACTION.read_text(encoding="utf-8"))
    assert len(found) >= 10
    for expression in found:
        context.value(expression)
    for step in action()["runs"]["steps"]:
        if "if" in step:
            context.condition(step["if"], failed=False)


def test_the_evaluator_refuses_what_it_does_not_know() -> None:
    context = Context({"path": "."}, "/action")
    for expression in ("github.token", "inputs.nope", "format('{0}', inputs.path)", "env.X"):
        with pytest.raises(UnsupportedExpression):
            context.value(expression)
    with pytest.raises(UnsupportedExpression):
        context.condition("failure() || inputs.path == '.'", failed=False)


def test_uses_steps_are_pinned_to_a_major_version() -> None:
    uses = [s["uses"] for s in action()["runs"]["steps"] if "uses" in s]
    assert uses == [
        "actions/setup-python@v5",
        "actions/upload-artifact@v4",
        "github/codeql-action/upload-sarif@v3",
    ]
    assert all(PINNED_MAJOR.match(u) for u in uses)


def test_inputs_outputs_and_defaults() -> None:
    inputs = action()["inputs"]
    assert {k: v.get("default") for k, v in inputs.items()} == {
        "path": ".", "format": "junit,html,json,sarif,markdown", "args": "", "baseline": "",
        "python-version": "3.12", "upload-artifact": "true", "artifact-name": "ibpaudit-reports",
        "output": "ibpaudit-reports", "upload-sarif": "false",
    }  # fmt: skip
    assert all(v.get("description") for v in inputs.values())
    assert set(action()["outputs"]) == {"exit-code", "report-dir"}
    assert action()["runs"]["using"] == "composite"


# --- the action, run --------------------------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> ActionRun:
    """The action with its default inputs on a repository that is the example dossier."""
    root = tmp_path_factory.mktemp("action")
    return run_action(copy_board(root / "repo"), root / "runner", default_inputs())


def test_reports_are_written_and_uploaded(example: ActionRun) -> None:
    reports = example.workspace / "ibpaudit-reports"
    expected = {"junit.xml", "report.html", "results.json", "results.sarif", "summary.md"}
    assert expected <= {p.name for p in reports.iterdir()}  # the run may add e.g. a manifest
    assert example.outputs["report-dir"] == str(reports)

    upload = example.step("Upload the reports")
    assert upload.ran
    assert upload.uses == "actions/upload-artifact@v4"
    assert upload.with_ == {"name": "ibpaudit-reports", "path": "ibpaudit-reports",
                            "if-no-files-found": "warn"}  # fmt: skip
    assert not example.step("SARIF").ran  # upload-sarif defaults to false


def test_the_step_summary_is_the_markdown_report(example: ActionRun) -> None:
    summary = (example.workspace / "ibpaudit-reports" / "summary.md").read_bytes()

    assert example.step_summary == summary
    assert 0 < len(example.step_summary) < GITHUB_LIMIT
    assert "## IBP-audit: Stichting Voorbeeldscholen" in example.step_summary.decode("utf-8")


def test_the_job_fails_with_ibpaudits_exit_code(example: ActionRun, tmp_path: Path) -> None:
    direct = subprocess.run(
        ["ibpaudit", "run", str(EXAMPLE_BOARD), "-o", str(tmp_path), "-q", "--format", "json"],
        capture_output=True, check=False,
    )  # fmt: skip
    document = json.loads((example.workspace / "ibpaudit-reports" / "results.json").read_text())

    assert direct.returncode == document["summary"]["exit_code"] == 1
    assert example.outputs["exit-code"] == "1"
    assert [(s.name, s.code) for s in example.steps if s.code is not None] == [
        ("Install ibpaudit (from this action's own checkout)", 0),
        ("Audit the dossier", 0),  # the code is kept until the reports are out
        ("Write the step summary", 0),
        ("Fail the job per ibpaudit's exit code", 1),
    ]
    assert example.job_code == direct.returncode


def test_ibpaudit_output_cannot_issue_workflow_commands(example: ActionRun) -> None:
    out = example.step("Audit the dossier").stdout.splitlines()
    (stop,) = [line for line in out if line.startswith("::stop-commands::")]
    token = stop.removeprefix("::stop-commands::")
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    assert out[-1] == f"::{token}::"


def test_inputs_are_data_never_code(tmp_path: Path) -> None:
    """A path, an output folder and extra arguments full of shell syntax reach ibpaudit as
    the words they are; quotes in ``args`` group words as in a shell."""
    board = copy_board(tmp_path / "repo" / "dossier $(touch injected-path); `touch x`")
    trap = "$(touch injected-output) ; touch injected-too"
    inputs = {
        "path": board.name,
        "output": f"rapporten {trap}",
        "args": "--lang 'en' --as-of \"2026-11-23\"",
        "format": "json,markdown",
    }

    run = run_action(tmp_path / "repo", tmp_path / "runner", inputs)

    assert run.outputs["exit-code"] == "1"
    summary = (tmp_path / "repo" / f"rapporten {trap}" / "summary.md").read_text()
    assert summary.startswith("## IBP audit: ")  # --lang en arrived
    assert run.step_summary.decode() == summary
    created = {p.name for p in (tmp_path / "repo").iterdir()} | {p.name for p in board.iterdir()}
    assert not {n for n in created if n.startswith(("injected", "x"))}


def test_args_keep_quoted_words_together(tmp_path: Path) -> None:
    args = "--disable-plugin 'x; touch pwned' --lang en --disable-plugin \"$(touch pwned2)\""
    inputs = {"args": args, "format": "json"}

    run = run_action(copy_board(tmp_path / "repo"), tmp_path / "runner", inputs)

    assert run.outputs["exit-code"] == "2"
    stderr = run.step("Audit the dossier").stderr
    assert "unknown plugin '$(touch pwned2)', 'x; touch pwned'" in stderr
    assert not {p.name for p in (tmp_path / "repo").iterdir()} & {"pwned", "pwned2"}
    assert run.job_code == 2


def test_args_that_cannot_be_split_are_a_usage_error(tmp_path: Path) -> None:
    run = run_action(copy_board(tmp_path / "repo"), tmp_path / "runner", {"args": "--lang 'en"})

    assert run.outputs["exit-code"] == "4"
    assert "cannot be split" in run.step("Audit the dossier").stderr
    assert b"exited with code 4 and wrote no summary.md" in run.step_summary
    assert run.job_code == 4


def test_a_passing_dossier_passes_the_job_and_can_upload_sarif(tmp_path: Path) -> None:
    board = copy_board(tmp_path / "repo")
    skips = [{"id": c, "reden": "elders afgehandeld"} for c in FAILING_CONTROLS]
    update_config(board, {"controls": {"overslaan": skips}})
    inputs = {**default_inputs(), "upload-artifact": "false", "upload-sarif": "true"}

    run = run_action(board, tmp_path / "runner", inputs)

    assert run.outputs["exit-code"] == "0"
    assert run.job_code == 0
    assert run.step("Fail the job").code == 0
    assert not run.step("Upload the reports").ran
    sarif = run.step("SARIF")
    assert sarif.ran and sarif.with_ == {
        "sarif_file": "ibpaudit-reports/results.sarif", "category": "ibpaudit"
    }  # fmt: skip
    assert json.loads((board / sarif.with_["sarif_file"]).read_text())["version"] == "2.1.0"


def test_a_configuration_error_still_gets_a_summary_and_fails_the_job(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()  # no ibpaudit.yaml

    run = run_action(tmp_path / "repo", tmp_path / "runner", default_inputs())

    assert run.outputs["exit-code"] == "2"
    assert b"ibpaudit exited with code 2 and wrote no summary.md" in run.step_summary
    assert run.job_code == 2


def test_every_default_format_exists() -> None:
    defaults = set(action()["inputs"]["format"]["default"].split(","))
    assert defaults <= available_formats()


def test_baseline_input_lets_a_growing_dossier_pass(tmp_path: Path) -> None:
    """The known failures of the baseline do not fail the job; the summary still lists them."""
    board = copy_board(tmp_path / "repo")
    first = run_action(board, tmp_path / "first", {"format": "json"})
    assert first.outputs["exit-code"] == "1"
    (board / "baseline").mkdir()
    shutil.copy(board / "ibpaudit-reports" / "results.json", board / "baseline" / "ibpaudit.json")

    inputs = {"format": "json,markdown", "baseline": "baseline/ibpaudit.json"}
    run = run_action(board, tmp_path / "runner", inputs)

    assert run.outputs["exit-code"] == "0"
    assert run.job_code == 0
    assert "GB.02-datalekken" in run.step_summary.decode()


# --- the examples in docs/ --------------------------------------------------------------


def load_example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DOCS / "examples" / name).read_text(encoding="utf-8"))
    return data


def test_github_workflow_example_uses_the_action_as_it_is(tmp_path: Path) -> None:
    workflow = load_example("github-actions.yml")
    (job,) = workflow["jobs"].values()
    (step,) = [s for s in job["steps"] if "ibpaudit@" in s.get("uses", "")]
    assert re.fullmatch(r"[\w.-]+/ibpaudit@v\d+(\.\d+)*", step["uses"])
    inputs = {k: str(v) for k, v in step.get("with", {}).items()}
    assert set(inputs) <= set(action()["inputs"])
    assert job["steps"][0]["uses"] == "actions/checkout@v4"
    # The whole history: in a shallow clone evidence age cannot be judged (an error).
    assert job["steps"][0]["with"]["fetch-depth"] == 0
    if inputs.get("upload-sarif") == "true":
        assert job["permissions"]["security-events"] == "write"

    run = run_action(copy_board(tmp_path / "repo"), tmp_path / "runner", inputs)

    assert run.outputs["exit-code"] == "1"
    assert run.step("SARIF").ran == (inputs.get("upload-sarif") == "true")


def test_gitlab_example_runs_and_its_junit_report_is_where_it_says(tmp_path: Path) -> None:
    """The job's script lines run with bash in a repository that is the example dossier
    (its pip install line is skipped: ibpaudit is installed); GitLab then collects the
    JUnit file from the path the job names, even when the audit fails."""
    (job,) = [v for k, v in load_example("gitlab-ci.yml").items() if isinstance(v, dict)]
    artifacts = job["artifacts"]
    assert artifacts["when"] == "always"
    junit = artifacts["reports"]["junit"]
    board = copy_board(tmp_path / "repo")
    assert job["variables"]["GIT_DEPTH"] == 0  # whole history, and git in the slim image:
    assert any("install" in line and " git" in line for line in job["before_script"])
    lines = [*job.get("before_script", []), *job["script"]]
    # What installs (ibpaudit, git) is this machine's already; the rest runs as written.
    commands = [line for line in lines if not line.startswith(("python -m pip install", "apt-get"))]
    assert len(commands) < len(lines) - 1 and any("ibpaudit run" in c for c in commands)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}

    done = subprocess.run(
        ["bash", "-e", "-c", "\n".join(commands)], cwd=board, env=env, capture_output=True,
        check=False,
    )  # fmt: skip

    assert done.returncode == 1  # the job fails, and the artifacts are still collected
    assert (board / junit).read_bytes().startswith(b"<?xml")
    for path in artifacts["paths"]:
        assert (board / path).exists()


@pytest.mark.parametrize("page", ["ci-github-actions.md", "ci-gitlab.md", "pre-commit.md"])
def test_yaml_in_the_docs_is_valid(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    blocks = re.findall(r"```ya?ml\n(.*?)```", text, re.DOTALL)
    assert blocks
    for block in blocks:
        yaml.safe_load(block)
    for used in re.findall(r"ibpaudit@[\w.]+\n\s+with:\n((?:\s+[\w-]+:.*\n)+)", text):
        keys = set(re.findall(r"^\s+([\w-]+):", used, re.MULTILINE))
        assert keys <= set(action()["inputs"]), page
