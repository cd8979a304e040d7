"""decks validate refuses a numeric tolerance that cannot be meant (negative: no answer within it;
infinite: every answer within it) and a cloze numbered from c0 (Anki, like every cloze tool,
counts from c1: the exported card would be missing on the phone)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kinesis_tutor.cli import app

NUMERIC = """\
format_version: 1
id: qa-tol
title: Tolerance
cards:
  - id: rate
    kind: numeric
    question: How much can one shard take?
    answer: "1 MB/s"
    tolerance: {tolerance}
    explanation: One shard takes 1 MB/s.
"""
CLOZE = """\
format_version: 1
id: qa-cloze
title: Cloze
cards:
  - id: shard
    kind: cloze
    text: "A {{c0::shard}} takes {{c1::1 MB/s}}."
    explanation: E.
"""


def validate(tmp_path, text: str):
    path = tmp_path / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(app, ["decks", "validate", str(path)])


@pytest.mark.parametrize("tolerance", ['"-5%"', '"-0.1"', '"inf"', '"nan%"', '"1e400"'])
def test_a_tolerance_that_cannot_be_meant_is_a_problem(tmp_path, tolerance):
    result = validate(tmp_path, NUMERIC.format(tolerance=tolerance))
    assert result.exit_code == 1
    assert f"tolerance: '{tolerance.strip(chr(34))}' is not a tolerance" in result.stderr


@pytest.mark.parametrize("tolerance", ['"5%"', "0.1", "0"])
def test_a_sensible_tolerance_is_fine(tmp_path, tolerance):
    result = validate(tmp_path, NUMERIC.format(tolerance=tolerance))
    assert result.exit_code == 0, result.output


def test_a_cloze_numbered_from_c0_is_a_problem(tmp_path):
    result = validate(tmp_path, CLOZE)
    assert result.exit_code == 1
    assert "cloze numbers start at 1: write {{c1::answer}}" in result.stderr
