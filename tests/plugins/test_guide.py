"""docs/plugins.md quotes its three worked examples in full: the quoted code is the code
in plugins/, byte for byte, so the guide and the tested examples never drift apart."""

from __future__ import annotations

import re

from support import PROJECT

GUIDE = PROJECT / "docs" / "plugins.md"
EXAMPLE = re.compile(r"<!-- example: (\S+) [^\n]*-->\n```python\n(.*?)```\n", re.DOTALL)


def test_the_guide_quotes_each_example_file_verbatim() -> None:
    quoted = dict(EXAMPLE.findall(GUIDE.read_text(encoding="utf-8")))

    assert sorted(quoted) == [
        "plugins/ibpaudit_findings_csv.py",
        "plugins/ibpaudit_json_register.py",
        "plugins/ibpaudit_unique_values.py",
    ]
    for path, code in quoted.items():
        assert code == (PROJECT / path).read_text(encoding="utf-8"), path


def test_every_example_plugin_is_in_the_guide() -> None:
    examples = {f"plugins/{p.name}" for p in (PROJECT / "plugins").glob("*.py")}
    assert examples == set(dict(EXAMPLE.findall(GUIDE.read_text(encoding="utf-8"))))
