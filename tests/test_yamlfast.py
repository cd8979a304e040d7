"""The one-pass reader of ordinary decks gives exactly what the careful reader gives (values and
every position), and leaves everything unusual to the careful reader."""

from __future__ import annotations

import pytest

from kinesis_tutor.decks import yamlsource
from kinesis_tutor.decks.locations import content_dir
from kinesis_tutor.decks.yamlfast import read_events


def quick(text: str):
    return read_events(text, yamlsource._Loader, yamlsource.MAX_DEPTH, yamlsource._CONTROL_IN_VALUE)


def careful(text: str, monkeypatch) -> yamlsource.Document:
    with monkeypatch.context() as m:
        m.setattr(yamlsource, "read_events", lambda *a: None)
        return yamlsource.parse_text(text, "deck.yaml")


ORDINARY = [
    "a: 1\nb: [x, 'y', \"z\"]\nc: {d: e}\n",
    "answer: true\nb: True\nc: TRUE\nd: yes\ne: no\nf: on\ng: 'true'\nh: false\n",
    "a:\nb: ~\nc: null\nd: NULL\ne: ''\nf: 'null'\n",
    "v: 3.10\nw: 0755\nx: 2024-13-01\ny: 1:20\nz: 1e3\n",
    "s: !!str 12\nt: ! 13\n",
    "true: x\n",
    "text: |\n  line one\n    indented code()\n\nnext: >-\n  folded\n  text\n",
    "# a comment\n- a\n- - b\n  - c\n- {k: [1, 2, {m: n}]}\n",
    "cards: []\ntables: {}\n",
    "plain scalar at the root\n",
    "---\nid: one\n...\n",
    "a: S3 & Redshift * 2\n",
    "\ufeffformat_version: 1\nid: x\n",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_texts_read_the_same_both_ways(text, monkeypatch):
    got = quick(text)
    assert got is not None
    slow = careful(text, monkeypatch)
    assert got == (slow.data, slow.positions)


def test_every_bundled_file_reads_the_same_both_ways(monkeypatch):
    files = sorted(content_dir().glob("*.yaml"))
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        got = quick(text)
        assert got is not None, path
        slow = careful(text, monkeypatch)
        assert got == (slow.data, slow.positions), path


UNUSUAL = [
    "a: &x [1]\nb: *x\n",  # anchors and aliases
    "b: *x\n",
    "a: &x 1\n",  # an anchor on a value
    "a: !!int 3\n",  # explicit tags
    "a: !!python/object:os.system x\n",
    "!!map {a: b}\n",
    "a: 1\na: 2\n",  # a duplicate key
    "true: 1\nTrue: 2\n",
    "? [a, b]\n: c\n",  # a collection as a key
    "[" * 70 + "]" * 70 + "\n",  # nested too deep
    'a: "\\e[31m"\n',  # a control character from an escape
    'a: !!str "\\e[31m"\n',  # ... in text tagged as text
    "---\na: 1\n---\nb: 2\n",  # two documents
    "",  # nothing
    "# only a comment\n",
    "a: [1, 2\n",  # not YAML
    "a: b: c\n",
]


@pytest.mark.parametrize("text", UNUSUAL)
def test_anything_unusual_is_left_to_the_careful_reader(text):
    assert quick(text) is None


def test_the_careful_reader_still_words_each_problem():
    with pytest.raises(yamlsource.YamlError) as err:
        yamlsource.parse_text("a: 1\na: 2\n", "deck.yaml")
    assert "duplicate key 'a'" in str(err.value.problems[0])
    with pytest.raises(yamlsource.YamlError) as err:
        yamlsource.parse_text("[" * 70 + "]" * 70 + "\n", "deck.yaml")
    assert "nested more than" in str(err.value.problems[0])
