#!/bin/sh
# The whole test suite, from a fresh clone: install, lint, type-check, test.
# README command two; .ci/run and .github/workflows/ci.yml call exactly this.
set -eu
cd "$(dirname "$0")/.."

# Reproducible by default: the exact versions in requirements/constraints.txt, the ones
# the suite last passed on. IBPAUDIT_DEPS=latest tests today's newest releases instead
# (the scheduled CI job does), so an upstream change shows up as a red job there first.
if [ "${IBPAUDIT_DEPS:-locked}" = latest ]; then
    python -m pip install --quiet --disable-pip-version-check --upgrade \
        --upgrade-strategy eager -e '.[dev]'
else
    python -m pip install --quiet --disable-pip-version-check \
        -c requirements/constraints.txt -e '.[dev]'
fi

# The HTML report is tested in a real browser: Debian's Chromium (no browser download).
if [ ! -x "${IBPAUDIT_CHROMIUM:-/usr/bin/chromium}" ]; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        echo "scripts/test.sh: installing Debian's chromium for the browser tests" >&2
        apt-get install -y -qq chromium >/dev/null 2>&1 \
            || { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; }
    else
        echo "scripts/test.sh: /usr/bin/chromium is missing; install it (apt-get install chromium)" \
             "or the browser tests will fail" >&2
    fi
fi

python -m ruff check src tests plugins benchmarks scripts
python -m ruff format --check src tests plugins benchmarks scripts
python -m mypy
# The pipeline's layers (pyproject.toml [tool.importlinter]): imports only point down.
lint-imports
# pytest exits 5 when it collects no tests; set -e turns that into a failure too.
python -m pytest "$@"
