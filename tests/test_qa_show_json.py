"""decks show --json gives a choice card's key as its choices show it: a scenario's right service
by name (it was the service id, found in no 'choices' entry), and decks grade takes it back."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from kinesis_tutor.cli import app


def test_every_choice_key_is_among_its_choices_and_grades_right():
    runner = CliRunner()
    shown = runner.invoke(app, ["decks", "show", "scenarios-streaming", "--json"])
    assert shown.exit_code == 0, shown.output
    cards = json.loads(shown.stdout)["cards"]
    assert cards
    for card in cards:
        assert set(card["answers"]) <= set(card["choices"]), card["id"]
    first = cards[0]
    graded = runner.invoke(app, ["decks", "grade", "scenarios-streaming", first["id"], first["answers"][0], "--json"])
    assert graded.exit_code == 0, graded.output
    assert json.loads(graded.stdout)["correct"] is True
