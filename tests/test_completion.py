"""Shell completion offers deck ids, service ids and setting names: asked the way bash and zsh ask
the installed script (the ``_KINESIS_TUTOR_COMPLETE`` environment variable, as typer documents)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import kinesis_tutor_exe, write_deck

MINE = """\
format_version: 1
id: "my-storage-notes"   # quoted, with a comment
title: Mine
cards:
  - id: a
    kind: basic
    front: F
    back: B
    explanation: E
"""


def complete(home: Path, words: str, shell: str = "bash", **extra: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KINESIS_TUTOR", "_KINESIS", "COMP_"))}
    env.update({"KINESIS_TUTOR_HOME": str(home), "_KINESIS_TUTOR_COMPLETE": f"complete_{shell}", **extra})
    if shell == "bash":
        env.update({"COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))})
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
    result = subprocess.run(kinesis_tutor_exe().split(), env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stderr, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(
    "words",
    ["kinesis-tutor decks show kds-c", "kinesis-tutor study --deck kds-c", "kinesis-tutor decks preview kds-c"],
)
def test_deck_ids_complete_where_a_deck_is_asked_for(isolated_home, words):
    assert complete(isolated_home, words) == ["kds-capacity", "kds-consumers", "kds-core"]


def test_your_own_decks_and_deck_dir_decks_complete_too(isolated_home, tmp_path):
    write_deck(isolated_home / "decks", "mine.yaml", MINE)
    extra = tmp_path / "more"
    write_deck(extra, "other.YAML", MINE.replace("my-storage-notes", "my-other-deck"))
    assert complete(isolated_home, "kinesis-tutor decks add my-") == ["my-storage-notes"]
    both = complete(isolated_home, f"kinesis-tutor --deck-dir {extra} decks show my-")
    assert both == ["my-other-deck", "my-storage-notes"]


def test_service_ids_complete_for_compare_and_explain(isolated_home):
    assert complete(isolated_home, "kinesis-tutor compare kds f") == ["firehose", "flink"]
    assert complete(isolated_home, "kinesis-tutor explain sq") == ["sqs-fifo", "sqs-standard"]


def test_setting_names_complete_for_config_set_and_unset(isolated_home):
    assert complete(isolated_home, "kinesis-tutor config set max") == ["max_reviews_per_day", "max_new_per_day"]
    assert "exam_date" in complete(isolated_home, "kinesis-tutor config unset ")


def test_zsh_gets_the_same_values(isolated_home):
    assert "msk" in " ".join(complete(isolated_home, "kinesis-tutor explain ms", shell="zsh"))


@pytest.mark.parametrize("words", ["kinesis-tutor plan --domain dea-s", "kinesis-tutor exam --domain dea-s"])
def test_exam_domains_complete_for_plan_and_exam(isolated_home, words):
    assert complete(isolated_home, words) == ["dea-store", "dea-security"]


def test_plan_deck_completes_deck_ids(isolated_home):
    assert complete(isolated_home, "kinesis-tutor plan --deck kds-c") == ["kds-capacity", "kds-consumers", "kds-core"]


def test_docs_topics_complete(isolated_home):
    assert complete(isolated_home, "kinesis-tutor docs d") == ["database", "deck-format"]
