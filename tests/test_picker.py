"""The scenario picker without a terminal: run order, filters, service names, and the
confusions counted from the review log."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import write_deck

from kinesis_tutor.app.sync import sync
from kinesis_tutor.core import picker
from kinesis_tutor.core.cards import Card
from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.decks.loader import load_support
from kinesis_tutor.store import open_store, picks
from kinesis_tutor.store.progress import CardState, StudyItem

TODAY = date(2024, 5, 10)
T0 = datetime(2024, 5, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalog():
    problems: list = []
    cat, _facts = load_support([], problems)
    assert not problems
    return cat


def scenario(cid: str, answer: str = "kds", tags=("scenario",), options=("kds", "firehose", "sqs-standard")) -> Card:
    return Card(
        deck="t",
        id=cid,
        kind="scenario",
        prompt=f"Situation {cid}",
        answer=(answer,),
        explanation="",
        choices=tuple(options),
        tags=tuple(tags),
        why="because",
        clues=("replay",),
    )


def state(
    due: str, easiness: float = 2.5, lapses: int = 0, last_quality: int = 4, suspended: bool = False
) -> CardState:
    return CardState(
        easiness=easiness,
        interval=1,
        repetitions=1,
        due_day=due,
        lapses=lapses,
        reviews=1,
        last_quality=last_quality,
        suspended=suspended,
    )


def item(pk: int, st: CardState | None = None, **kw) -> StudyItem:
    return StudyItem(pk=pk, card=scenario(f"s{pk}", **kw), state=st)


# ------------------------------------------------------------------ order


def test_due_first_most_overdue_first_then_unseen_then_weakest():
    items = [
        item(1, state("2024-05-20", easiness=2.5)),  # seen, not due, strong
        item(2),  # unseen
        item(3, state("2024-05-09")),  # due yesterday
        item(4, state("2024-05-01")),  # due nine days ago
        item(5, state("2024-05-20", easiness=1.3)),  # seen, weakest easiness
        item(6),  # unseen
        item(7, state("2024-05-10")),  # due today
        item(8, state("2024-05-20", easiness=2.5, lapses=3)),  # strong easiness, many lapses
        item(9, state("2024-05-20", easiness=2.5, last_quality=1)),  # last answer wrong
        item(10, state("2024-05-02", suspended=True)),  # a leech: never asked
    ]
    assert [i.pk for i in picker.order(items, TODAY)] == [4, 3, 7, 2, 6, 5, 8, 9, 1]


def test_equal_weakness_is_broken_by_a_wrong_last_answer_before_a_right_one():
    items = [item(1, state("2024-06-01", last_quality=4)), item(2, state("2024-06-01", last_quality=2))]
    assert [i.pk for i in picker.order(items, TODAY)] == [2, 1]


def test_build_run_takes_count_from_the_front_of_the_order():
    items = [item(1), item(2, state("2024-05-01")), item(3)]
    assert [i.pk for i in picker.build_run(items, TODAY, 2)] == [2, 1]
    assert picker.build_run(items, TODAY, 0) == []


# ------------------------------------------------------------------ filters


def test_select_by_tag_any_of_them_and_by_answer_service():
    items = [
        item(1, answer="kds", tags=("scenario", "replay")),
        item(2, answer="firehose", tags=("scenario", "s3")),
        item(3, answer="sqs-standard", tags=("scenario", "decoupling")),
    ]
    assert [i.pk for i in picker.select(items, tags=["replay", "s3"])] == [1, 2]
    assert [i.pk for i in picker.select(items, services=["firehose", "sqs-standard"])] == [2, 3]
    assert [i.pk for i in picker.select(items, tags=["s3"], services=["kds"])] == []
    # an option that is not the answer does not count: every scenario offers kds
    assert [i.pk for i in picker.select(items, services=["kds"])] == [1]


def test_select_ignores_cards_that_are_not_scenarios():
    other = StudyItem(
        pk=9,
        card=Card(deck="t", id="x", kind="mcq", prompt="?", answer=("kds",), explanation="", tags=("scenario",)),
        state=None,
    )
    assert picker.select([other, item(1)]) == [item(1)]


# ------------------------------------------------------------------ service names


@pytest.mark.parametrize(
    "name, sid",
    [
        ("kds", "kds"),
        ("KDS", "kds"),
        ("Kinesis Data Streams", "kds"),
        ("data streams", "kds"),
        ("firehose", "firehose"),
        ("Kinesis Data Firehose", "firehose"),
        ("data firehose", "firehose"),
        ("Amazon Data Firehose", "firehose"),
        ("kafka", "msk"),
        ("Kinesis Data Analytics", "flink"),
        ("sqs", "sqs-standard"),
        ("sqs-fifo", "sqs-fifo"),
        ("  Step   Functions ", "step-functions"),
    ],
)
def test_services_are_named_by_id_name_or_alias_in_any_case(catalog, name, sid):
    assert picker.resolve_service(catalog, name) == sid


def test_an_unknown_service_is_a_usage_error_with_did_you_mean(catalog):
    with pytest.raises(TutorError) as err:
        picker.resolve_service(catalog, "firehoze")
    assert err.value.exit_code == 2
    assert "no service 'firehoze'" in str(err.value)
    assert "did you mean 'firehose'?" in str(err.value)


def test_an_ambiguous_word_names_the_candidates(catalog):
    with pytest.raises(TutorError) as err:
        picker.resolve_service(catalog, "streams")
    assert "kds" in str(err.value) and "kvs" in str(err.value) and "dynamodb-streams" in str(err.value)


def test_services_option_is_a_comma_separated_list(catalog):
    assert picker.parse_service_list(catalog, "kds, Firehose,KDS,") == ["kds", "firehose"]
    assert picker.parse_service_list(catalog, None) == []
    with pytest.raises(TutorError, match="did you mean 'sqs-fifo'"):
        picker.parse_service_list(catalog, "kds,sqs-fifi")
    with pytest.raises(TutorError, match="at least one service"):
        picker.parse_service_list(catalog, " , ")


# ------------------------------------------------------------------ confusions

DECK = """
format_version: 1
id: conf
title: Confusions
tags: [picktest]
cards:
  - id: replay
    kind: scenario
    situation: An audit must replay last week's events in per-shard order.
    options: [kds, firehose, sqs-standard]
    answer: kds
    why: Data Streams keeps records for replay, ordered per shard.
    why_not: {firehose: Firehose keeps nothing., sqs-standard: A queue deletes what it delivered.}
    clues: [replay, per-shard order]
    explanation: Retention makes replay possible.
  - id: many-readers
    kind: scenario
    situation: Three applications read the same events at their own pace, with replay.
    options: [kds, firehose, sns]
    answer: kds
    why: Each application keeps its own position in the stream.
    why_not: {firehose: One destination only., sns: SNS pushes and forgets.}
    clues: [own pace, Replay]
    explanation: Independent consumers.
  - id: to-s3
    kind: scenario
    situation: Load clickstream into S3 every minute without code.
    options: [kds, firehose]
    answer: firehose
    why: Firehose delivers to S3 without code.
    why_not: {kds: Needs consumers you write.}
    explanation: Delivery is Firehose's job.
  - id: not-a-scenario
    kind: mcq
    question: Which one replays?
    choices: [kds, firehose]
    answer: kds
    explanation: Retention.
"""


@pytest.fixture
def store(tmp_path, db_target):
    """On each backend: the confusions read the cards' JSON (SQLite's json_each, PostgreSQL's json functions)."""
    decks = tmp_path / "decks"
    write_deck(decks, "conf.yaml", DECK)
    st = open_store(db_target)
    report = sync(st, [decks])
    assert not report.problems
    yield st
    st.close()


def answer(store, card_id: str, chosen: str, *, kind: str = "pick", session=None, minutes: int = 0):
    pk = store.card_pk("conf", card_id)
    right = store.item(pk).card.answer[0] == chosen
    return store.record(
        pk,
        4 if right else 1,
        kind,
        scheduled=True,
        session=session,
        response=chosen,
        correct=right,
        now=T0 + timedelta(minutes=minutes),
    )


def test_confusions_count_pairs_with_the_clue_words_of_those_scenarios(store, catalog):
    answer(store, "replay", "firehose", minutes=1)
    answer(store, "many-readers", "firehose", minutes=2)
    answer(store, "replay", "firehose", minutes=3)
    answer(store, "many-readers", "sns", minutes=4)
    answer(store, "to-s3", "kds", minutes=5)
    answer(store, "to-s3", "firehose", minutes=6)  # right: not a confusion
    found = picks.confusions(store)
    assert [(c.chosen, c.right, c.count) for c in found] == [
        ("firehose", "kds", 3),
        ("sns", "kds", 1),
        ("kds", "firehose", 1),
    ]
    # 'replay' was a clue in all three; 'Replay' is the same word; then by first appearance
    assert found[0].clues == ("replay", "per-shard order", "own pace")
    assert found[2].clues == ()
    assert picker.sentence(found[0], catalog) == (
        "You chose Amazon Data Firehose 3 times where Kinesis Data Streams was right — "
        "“replay”, “per-shard order”, “own pace” point to Kinesis Data Streams."
    )
    assert picker.sentence(found[1], catalog) == (
        "You chose Amazon SNS once where Kinesis Data Streams was right — “own pace”, “Replay” point to "
        "Kinesis Data Streams."
    )
    assert (
        picker.sentence(found[2], catalog)
        == "You chose Kinesis Data Streams once where Amazon Data Firehose was right."
    )


def test_one_clue_points_and_two_mistakes_are_twice(catalog):
    c = picker.Confusion("sqs-standard", "sqs-fifo", 2, ("in order",))
    assert (
        picker.sentence(c, catalog)
        == "You chose SQS standard queue twice where SQS FIFO queue was right — “in order” points to SQS FIFO queue."
    )


def test_confusions_accumulate_across_runs_and_one_run_can_be_asked_alone(store):
    first = store.start_session("pick")
    answer(store, "replay", "firehose", session=first, minutes=1)
    store.end_session(first)
    second = store.start_session("pick")
    answer(store, "many-readers", "firehose", session=second, minutes=2)
    answer(store, "to-s3", "kds", session=second, minutes=3)
    assert [(c.chosen, c.right, c.count) for c in picks.confusions(store)] == [
        ("firehose", "kds", 2),
        ("kds", "firehose", 1),
    ]
    assert [(c.chosen, c.right, c.count) for c in picks.confusions(store, session=second)] == [
        ("firehose", "kds", 1),
        ("kds", "firehose", 1),
    ]
    assert picks.tally(store) == (0, 3)
    assert picks.tally(store, session=first) == (0, 1)


def test_undone_answers_and_other_review_kinds_do_not_count(store):
    kept = answer(store, "replay", "firehose", minutes=1)
    undone = answer(store, "many-readers", "sns", minutes=2)
    store.undo(undone.review_id)
    answer(store, "to-s3", "kds", kind="review", minutes=3)  # a study answer, not a pick
    pk = store.card_pk("conf", "not-a-scenario")
    store.record(pk, 1, "pick", scheduled=True, response="firehose", correct=False, now=T0 + timedelta(minutes=4))
    assert kept.review_id
    assert [(c.chosen, c.right, c.count) for c in picks.confusions(store)] == [("firehose", "kds", 1)]
    assert picks.tally(store) == (0, 2)


def test_no_wrong_answers_no_confusions(store):
    answer(store, "replay", "kds")
    assert picks.confusions(store) == []
    assert picks.tally(store) == (1, 1)


# ------------------------------------------------------------------ the run, with a scripted prompter


class Scripted:
    """Answers every prompt from a script: for a scenario, the option whose value is given."""

    def __init__(self, picks: list[str]):
        self.picks = list(picks)
        self.asked: list[str] = []

    def choose(self, message, options, *, default=None, keys=None, instruction="", rows=None):
        self.asked.append(message)
        if message.startswith("Which service"):
            want = self.picks.pop(0)
            assert want in [value for _label, value in options]
            return want
        return default if default is not None else options[0][1]

    def pause(self, message="Press Enter to continue"):
        self.asked.append(message)

    def choose_many(self, message, options, count, *, default=(), rows=None):  # pragma: no cover - no such card here
        raise AssertionError(message)

    def type_answer(self, message):  # pragma: no cover
        raise AssertionError(message)


def test_a_run_driven_by_a_prompter_as_the_study_screen_starts_it(tmp_path, capsys, monkeypatch):
    from kinesis_tutor.app import paths as paths_mod
    from kinesis_tutor.ui import pick_view as pick

    monkeypatch.setenv("COLUMNS", "100")
    decks = tmp_path / "decks"
    write_deck(decks, "conf.yaml", DECK)
    p = paths_mod.resolve(tmp_path / "p.db", [str(decks)])
    # the answers take turns (replay, to-s3, many-readers): replay wrong; to-s3 right; many-readers right
    prompter = Scripted(["firehose", "firehose", "kds"])
    pick.run(p, count=5, tags=["picktest"], services="kds,firehose", confusions=False, prompter=prompter)
    out = " ".join(re.sub(r"[│╭╮╰╯─]", " ", capsys.readouterr().out).split())  # the words, without the panel
    assert prompter.picks == []
    assert "Score 2 / 3 right (67%)" in out
    assert (
        "You chose Amazon Data Firehose once where Kinesis Data Streams was right — “replay”, “per-shard "
        "order” point to Kinesis Data Streams." in out
    )
    st = open_store(p.db)
    try:
        assert [(c.chosen, c.right, c.count) for c in picks.confusions(st)] == [("firehose", "kds", 1)]
        reviews = st.review_count(["pick"])
        due = {i.card.id: i.state.due_day for i in st.items(kinds=["scenario"]) if i.card.deck == "conf"}
    finally:
        st.close()
    assert reviews == 3
    assert set(due) == {"replay", "many-readers", "to-s3"}  # every answer was scheduled by SM-2
