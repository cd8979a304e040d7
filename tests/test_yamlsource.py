"""Reading deck files safely: every refusal is one FILE:LINE:COL line a learner can act on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kinesis_tutor.decks import yamlsource
from kinesis_tutor.decks.yamlsource import YamlError, parse_text, read_document


def assert_yaml_refusal(message: str, line: int) -> None:
    """One line, on the right line, saying it is not YAML; the reason after that is libyaml's own."""
    assert "\n" not in message
    assert message.startswith(f"deck.yaml:{line}:"), message
    assert ": error: not valid YAML: " in message, message


def refusal(path: Path, display: str = "deck.yaml") -> str:
    with pytest.raises(YamlError) as exc:
        read_document(path, display)
    return str(exc.value.problem)


def test_positions_of_keys_and_items(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text("id: d\ncards:\n  - id: a\n    front: F\n", encoding="utf-8")
    doc = read_document(path, "deck.yaml")
    assert doc.data == {"id": "d", "cards": [{"id": "a", "front": "F"}]}
    assert doc.where(("cards", 0, "front")) == (4, 5)
    assert doc.where(("cards", 0)) == (3, 5)
    # A path the file does not have falls back to its deepest known prefix.
    assert doc.where(("cards", 0, "back")) == (3, 5)
    assert str(doc.problem(("cards", 0, "front"), "bad")) == "deck.yaml:4:5: error: bad"


def test_empty_file(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text("", encoding="utf-8")
    assert refusal(path) == "deck.yaml:1:1: error: the file is empty"


def test_file_with_only_comments_is_empty(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text("# my deck, to be written\n\n", encoding="utf-8")
    assert refusal(path) == "deck.yaml:1:1: error: the file is empty"


def test_file_not_utf8_points_at_the_bad_byte(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_bytes(b"format_version: 1\nid: d\ntitle: Caf\xe9 notes\n")  # Latin-1 'é'
    assert refusal(path) == "deck.yaml:3:11: error: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_bytes("\ufeffid: café\n".encode("utf-8"))
    assert read_document(path).data == {"id": "café"}


def test_python_object_tag_is_refused_and_never_runs(tmp_path):
    marker = tmp_path / "ran"
    path = tmp_path / "deck.yaml"
    path.write_text(
        f"format_version: 1\nid: d\ntitle: !!python/object/apply:os.system ['touch {marker}']\n",
        encoding="utf-8",
    )
    assert refusal(path) == (
        "deck.yaml:3:8: error: unsupported YAML tag '!!python/object/apply:os.system': "
        "decks are plain YAML, nothing in them ever runs; remove the tag (quote it if the value is text)"
    )
    assert not marker.exists()


def test_python_object_tag_on_a_mapping(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text("id: d\ncards:\n  - !!python/object:builtins.dict {id: a}\n", encoding="utf-8")
    assert refusal(path) == (
        "deck.yaml:3:5: error: unsupported YAML tag '!!python/object:builtins.dict': "
        "decks are plain YAML, nothing in them ever runs; remove the tag (quote it if the value is text)"
    )


def test_alias_bomb_is_refused_before_it_expands(tmp_path):
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=False):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    path = tmp_path / "deck.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")  # 9**9 ≈ 387 million values
    message = refusal(path)  # the count guard stops at 250,000 values: it never builds 387 million
    assert message.startswith("deck.yaml:")
    assert message.endswith(
        "error: too many values (over 250,000 once aliases are expanded); refusing a possible alias bomb"
    )


def test_ordinary_aliases_still_work(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text("common: &tags [kds, limits]\nother: *tags\n", encoding="utf-8")
    assert read_document(path).data == {"common": ["kds", "limits"], "other": ["kds", "limits"]}


def test_recursive_alias_is_refused(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text("a: &a\n  - *a\n", encoding="utf-8")
    assert refusal(path) == "deck.yaml:1:4: error: a YAML alias refers to itself"


def test_50_mb_file_is_refused_by_its_size_unread(tmp_path):
    path = tmp_path / "deck.yaml"
    line = b"  - {id: card, kind: basic, front: F, back: B, explanation: E}\n"
    with path.open("wb") as fh:
        fh.write(b"format_version: 1\nid: big\ntitle: Big\ncards:\n")
        fh.write(line * (50 * 1024 * 1024 // len(line) + 1))
    message = refusal(path)  # the size guard answers from stat(): the file is never parsed
    assert (
        message
        == "deck.yaml:1:1: error: the file is 50.0 MiB; decks may be at most 8 MiB (split it into several decks)"
    )


def test_file_just_under_the_limit_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlsource, "MAX_BYTES", 64)
    path = tmp_path / "deck.yaml"
    path.write_text("id: small\n", encoding="utf-8")
    assert read_document(path).data == {"id": "small"}
    path.write_text("id: " + "x" * 64 + "\n", encoding="utf-8")
    assert refusal(path).startswith("deck.yaml:1:1: error: the file is 0.0 MiB; decks may be at most 0 MiB")


def test_invalid_yaml_syntax_unclosed_bracket(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text("id: d\ncards:\n  - id: a\n    choices: [one, two\n    answer: one\n", encoding="utf-8")
    assert_yaml_refusal(refusal(path), line=5)


def test_invalid_yaml_syntax_bad_indentation(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text("id: d\ncards:\n  - id: a\n   kind: basic\n", encoding="utf-8")
    assert_yaml_refusal(refusal(path), line=4)


def test_tab_indentation_is_reported_where_it_is(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text("id: d\ncards:\n\t- id: a\n", encoding="utf-8")
    assert refusal(path) == "deck.yaml:3:1: error: not valid YAML: a tab character here; YAML indents with spaces only"


def test_duplicate_key_names_the_key_and_its_line(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text("id: d\ntitle: A\ntitle: B\n", encoding="utf-8")
    assert refusal(path) == "deck.yaml:3:1: error: duplicate key 'title' (first on line 2); keep one"


def test_every_duplicate_key_is_reported_at_once(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text(
        "id: d\ntitle: A\ncards:\n  - id: a\n    front: F\n    front: G\n  - id: b\n    id: c\ntitle: B\n",
        encoding="utf-8",
    )
    with pytest.raises(YamlError) as exc:
        read_document(path, "deck.yaml")
    assert [str(p) for p in exc.value.problems] == [
        "deck.yaml:6:5: error: duplicate key 'front' (first on line 5); keep one",
        "deck.yaml:8:5: error: duplicate key 'id' (first on line 7); keep one",
        "deck.yaml:9:1: error: duplicate key 'title' (first on line 2); keep one",
    ]


def test_a_missing_colon_points_at_its_own_line_not_the_next(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text("format_version: 1\nid: d\ntitle My notes\ncards:\n  - id: a\n", encoding="utf-8")
    assert refusal(path) == (
        "deck.yaml:3:1: error: not valid YAML: this line has no ':' after its key (write 'key: value')"
    )
    path.write_text("id: d\ncards:\n  - id: a\n    kind basic\n    front: F\n", encoding="utf-8")
    assert refusal(path).startswith("deck.yaml:4:5: error: not valid YAML: this line has no ':'")


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_points_where_it_opens_not_at_the_end(tmp_path, quote):
    path = tmp_path / "deck.yaml"
    path.write_text(f"id: d\ntitle: {quote}My notes\ncards:\n  - id: a\n    front: F\n    back: B\n", encoding="utf-8")
    assert refusal(path) == "deck.yaml:2:8: error: not valid YAML: the quoted text that starts here is never closed"


def test_a_colon_inside_a_value_says_to_quote_it(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text("id: d\ncards:\n  - id: a\n    front: Note: this breaks\n", encoding="utf-8")
    assert refusal(path) == "deck.yaml:4:16: error: not valid YAML: a ': ' inside a value; put the value in quotes"


def test_unreadable_path(tmp_path):
    assert (
        refusal(tmp_path / "missing.yaml", "missing.yaml")
        == "missing.yaml:1:1: error: cannot read the file: No such file or directory"
    )


def test_parse_text_keeps_the_file_name():
    with pytest.raises(YamlError) as exc:
        parse_text("a: [", "notes/x.yaml")
    assert str(exc.value.problem).startswith("notes/x.yaml:2:1: error: not valid YAML: ")


@pytest.mark.parametrize("levels", [100, 100_000])
def test_deep_nesting_is_refused_without_crashing(tmp_path, levels):
    # libyaml's composer recurses once per level: 30,000 levels used to kill the process.
    path = tmp_path / "deck.yaml"
    path.write_text("id: d\ncards: " + "[" * levels + "]" * levels + "\n", encoding="utf-8")
    # Whichever libyaml refuses it (ours at level 65, or libyaml >= 0.2.6 at its own limit), the
    # learner sees one line, on the line of the nesting, in the project's words.
    message = refusal(path)
    assert "\n" not in message
    assert re.fullmatch(
        r"deck\.yaml:2:\d+: error: values are nested more than 64 levels deep; a deck needs only a few", message
    ), message


def test_deep_nesting_built_from_aliases_is_refused(tmp_path):
    lines = ["l0: &l0 [x]"] + [f"l{i}: &l{i} [*l{i - 1}]" for i in range(1, 80)]
    path = tmp_path / "deck.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = refusal(path)
    assert message.startswith("deck.yaml:") and message.endswith(
        "error: values are nested more than 64 levels deep; a deck needs only a few"
    )


def test_a_real_deck_nests_well_within_the_limit():
    from kinesis_tutor.app.paths import content_dir

    paths = sorted(content_dir().glob("*.yaml"))
    assert len(paths) > 10
    for path in paths:  # no refusal for any bundled file, and each reads as a mapping with content
        doc = read_document(path)
        assert isinstance(doc.data, dict) and doc.data.get("format_version") == "1", path
