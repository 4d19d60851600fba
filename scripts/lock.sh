#!/bin/sh
# Refresh requirements/constraints.txt: the exact versions the test suite last passed on.
# Resolves '.[dev]' from scratch in a throw-away virtual environment, so the file holds
# today's newest releases that satisfy pyproject.toml. Run it, run the suite
# (sh scripts/test.sh), and commit both when green.
set -eu
cd "$(dirname "$0")/.."
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
python -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[dev]'
{
    echo "# The versions the test suite passes on: scripts/test.sh installs with these."
    echo "# Regenerate with: sh scripts/lock.sh (do not edit by hand)."
    echo "# IBPAUDIT_DEPS=latest sh scripts/test.sh tests today's newest releases instead."
    "$venv/bin/python" -m pip freeze --exclude-editable --disable-pip-version-check | sort -f
} > requirements/constraints.txt
echo "scripts/lock.sh: wrote requirements/constraints.txt" >&2
