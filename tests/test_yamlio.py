"""The safe YAML loader: no aliases, no duplicate keys, a size cap, line numbers."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from ibpaudit.errors import EvidenceError
from ibpaudit.yamlio import MAX_DEPTH, LineDict, YamlError, line_of, load_yaml, load_yaml_file

DATA = Path(__file__).parent / "data" / "yamlio"
LIMIT = 1024 * 1024


def test_billion_laughs_is_refused_at_the_first_alias() -> None:
    path = DATA / "billion-laughs.yaml"
    # The file is valid YAML that PyYAML's safe_load accepts (sharing the lists);
    # anything that walks the result would meet 10**9 strings.
    unsafe = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert unsafe["i"][0][0][0][0][0][0][0][0][0] == "lol"

    with pytest.raises(YamlError) as info:
        load_yaml_file(path, "attestaties/lol.yaml", LIMIT)
    assert str(info.value) == (
        "attestaties/lol.yaml:3:8: invalid YAML: aliases (*name) are not allowed; "
        "write the value out in full"
    )


def test_an_alias_in_a_merge_key_is_refused_too() -> None:
    source = "basis: &b {eigenaar: FG}\nregister:\n  <<: *b\n  naam: datalekken\n"
    with pytest.raises(YamlError, match=r"^x\.yaml:3:7: invalid YAML: aliases"):
        load_yaml(source, "x.yaml", LIMIT)


def test_an_anchor_without_an_alias_is_harmless() -> None:
    assert load_yaml("a: &naam [1, 2]\n", "x.yaml", LIMIT) == {"a": [1, 2]}


def test_a_yaml_error_is_an_evidence_error() -> None:
    assert issubclass(YamlError, EvidenceError)


@pytest.mark.parametrize(
    ("source", "place", "key"),
    [
        ("titel: Beleid\nversie: 1\ntitel: Beleid 2\n", "3:1", "titel"),
        ("rijen:\n  - kenmerk: DL-1\n    kenmerk: DL-2\n", "3:5", "kenmerk"),
        ("a: {b: 1, b: 2}\n", "1:11", "b"),
        # 1 and '1' become the same text key, so they clash as well.
        ("1: een\n'1': ook een\n", "2:1", "1"),
    ],
)
def test_duplicate_keys_are_refused_with_their_place(source: str, place: str, key: str) -> None:
    with pytest.raises(YamlError) as info:
        load_yaml(source, "beleid.yaml", LIMIT)
    assert str(info.value) == (
        f"beleid.yaml:{place}: invalid YAML: key '{key}' appears twice in the same mapping; "
        "keep one"
    )


def test_the_same_key_in_different_mappings_is_fine() -> None:
    data = load_yaml("- naam: a\n- naam: b\n", "x.yaml", LIMIT)
    assert data == [{"naam": "a"}, {"naam": "b"}]


def test_a_mapping_as_key_is_refused() -> None:
    with pytest.raises(YamlError, match=r"^x\.yaml:1:3: invalid YAML: a key must be plain text$"):
        load_yaml("? {a: 1}\n: waarde\n", "x.yaml", LIMIT)


def test_python_tags_are_refused() -> None:
    with pytest.raises(YamlError, match=r"^x\.yaml:1:4: .*could not determine a constructor"):
        load_yaml("a: !!python/object/apply:os.system ['echo hi']\n", "x.yaml", LIMIT)


def test_size_cap_on_text_and_bytes() -> None:
    source = "naam: Stichting Voorbeeldscholen\n"  # 33 bytes
    assert load_yaml(source, "x.yaml", 33) == {"naam": "Stichting Voorbeeldscholen"}
    with pytest.raises(YamlError) as info:
        load_yaml(source, "x.yaml", 32)
    assert str(info.value) == "x.yaml: 33 bytes is more than the 32 bytes allowed for a YAML file"
    # Text is measured in UTF-8 bytes, not characters: four characters, five bytes.
    with pytest.raises(YamlError, match="5 bytes is more than the 4 bytes"):
        load_yaml("a: é", "x.yaml", 4)


def test_size_cap_on_a_file() -> None:
    path = DATA / "organisatie.yaml"
    size = path.stat().st_size
    assert isinstance(load_yaml_file(path, "organisatie.yaml", size), dict)
    with pytest.raises(YamlError) as info:
        load_yaml_file(path, "organisatie.yaml", size - 1)
    assert str(info.value) == (
        f"organisatie.yaml: {size} bytes is more than the {size - 1} bytes allowed for a YAML file"
    )


def test_a_missing_file_is_a_yaml_error(tmp_path: Path) -> None:
    with pytest.raises(YamlError, match=r"^weg\.yaml: cannot be read \(No such file"):
        load_yaml_file(tmp_path / "weg.yaml", "weg.yaml", LIMIT)


def test_line_dict_remembers_where_each_mapping_starts() -> None:
    data = load_yaml_file(DATA / "organisatie.yaml", "organisatie.yaml", LIMIT)
    assert isinstance(data, LineDict)
    assert data.line == 2  # the comment on line 1 is not the mapping
    assert data["contact"].line == 7
    assert data["contact"]["privacy_officer"].line == 8
    assert data["contact"]["fg"].line == 11
    assert data["brin"] == ["00AB", "01CD"]
    assert data["opgericht"] == date(2001, 8, 1)


def test_list_items_have_their_own_lines() -> None:
    data = load_yaml("rijen:\n  - a: 1\n\n  - a: 2\n    b: 3\n", "x.yaml", LIMIT)
    assert [item.line for item in data["rijen"]] == [2, 4]


def test_an_invalid_date_stays_text_so_a_check_can_name_it() -> None:
    data = load_yaml(
        "ondertekend_op: 2024-02-30\ngeldig_tot: 2024-02-29\ngemeld: 2026-02-06 17:30:00\n",
        "x.yaml",
        LIMIT,
    )
    assert data == {
        "ondertekend_op": "2024-02-30",
        "geldig_tot": date(2024, 2, 29),
        "gemeld": datetime(2026, 2, 6, 17, 30),
    }


def test_bytes_that_are_not_utf8_give_a_clear_error() -> None:
    data = "naam: Café\n".encode("cp1252")  # as Notepad on an old Windows saves it
    with pytest.raises(YamlError) as info:
        load_yaml(data, "organisatie.yaml", LIMIT)
    assert str(info.value) == "organisatie.yaml: byte 10 is not UTF-8; save the file as UTF-8"


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    assert load_yaml("\ufeffnaam: Café\n".encode(), "x.yaml", LIMIT) == {"naam": "Café"}


def test_a_file_with_two_documents_is_refused() -> None:
    with pytest.raises(YamlError) as info:
        load_yaml("titel: een\n---\ntitel: twee\n", "x.yaml", LIMIT)
    assert str(info.value).startswith("x.yaml:2:1: invalid YAML: but found another document")


def test_an_explicit_single_document_is_fine() -> None:
    assert load_yaml("---\ntitel: een\n...\n", "x.yaml", LIMIT) == {"titel": "een"}


def test_syntax_errors_name_file_line_and_column() -> None:
    with pytest.raises(YamlError) as info:
        load_yaml("titel: een\n\tversie: 2\n", "beleid.yaml", LIMIT)
    message = str(info.value)
    assert message.startswith("beleid.yaml:2:1: invalid YAML: found ")
    # libyaml and PyYAML's own scanner word it differently; both name the tab.
    assert "tab" in message or "'\\t'" in message


def test_an_empty_document_is_none() -> None:
    assert load_yaml("", "x.yaml", LIMIT) is None
    assert load_yaml("# alleen commentaar\n", "x.yaml", LIMIT) is None


@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH + 1, 5000])
@pytest.mark.parametrize("style", ["flow", "block"])
def test_absurd_nesting_is_refused_without_a_crash(depth: int, style: str) -> None:
    """Our contract, whatever the YAML library's own limits and wording: a YamlError
    whose one line starts with the file's name. Up to our own depth limit the file loads;
    past it the message is ours (the library may stop earlier on absurd input)."""
    if style == "flow":
        data = "[" * depth + "]" * depth
    else:
        # depth - 1 nested mappings and the scalar inside the last: depth nodes deep
        mappings = depth - 1
        data = "".join(f"{'  ' * level}k:\n" for level in range(mappings)) + "  " * mappings
        data += "v\n"
    if depth <= MAX_DEPTH:
        assert load_yaml(data, "diep.yaml", LIMIT) is not None
        return
    with pytest.raises(YamlError) as info:
        load_yaml(data, "diep.yaml", LIMIT)
    message = str(info.value)
    assert message.startswith("diep.yaml") and "\n" not in message
    if depth == MAX_DEPTH + 1:
        assert message.startswith("diep.yaml:") and f"{MAX_DEPTH}" in message


def test_line_of_follows_a_schema_error_path() -> None:
    data = load_yaml_file(DATA / "organisatie.yaml", "organisatie.yaml", LIMIT)
    assert line_of(data, []) == 2
    assert line_of(data, ["contact"]) == 7
    assert line_of(data, ["contact", "fg"]) == 11
    # A scalar has no line of its own: the mapping that holds it answers.
    assert line_of(data, ["contact", "fg", "naam"]) == 11
    assert line_of(data, ["brin", 1]) == 2
    # A path that leaves the data stops at the last place that exists.
    assert line_of(data, ["contact", "onbekend", "x"]) == 7
    assert line_of(data, ["brin", 9]) == 2
    assert line_of(data, ["naam", "x"]) == 2


def test_line_of_plain_data_is_none() -> None:
    assert line_of({"a": {"b": 1}}, ["a", "b"]) is None
    assert line_of(None, ["a"]) is None
