"""compare and explain, run as a learner runs them (no terminal needed): what they print."""

from __future__ import annotations

import pytest
from conftest import write_deck
from typer.testing import CliRunner

from kinesis_tutor.cli import app

# A learner's own folder: a catalog entry of their own, a table and a scenario using it.
MY_CATALOG = """
format_version: 1
services:
  - id: pigeon
    name: Carrier Pigeon Post
    aliases: [Pigeons]
    formerly: Avian Carrier Service (RFC 1149)
    purpose: Moves small messages between lofts, one bird at a time.
"""
MY_DECK = """
format_version: 1
id: my-notes
title: My notes
tables:
  - id: handoff
    title: Three ways to hand off work
    services: [sqs-standard, sns, pigeon]
    rows:
      - feature: Delivery
        cells: [Workers poll, Pushed to subscribers, Flown to one loft]
      - feature: Filtering
        cells: [None, Subscription filter policies, The bird decides]
        explanation: Pigeons ignore filter policies; SNS filters on attributes or the body.
cards:
  - id: rooftop
    kind: scenario
    situation: A message must reach a rooftop with no network at all.
    options: [pigeon, sns, sqs-standard]
    answer: pigeon
    why: Only a bird reaches a loft without a network.
    why_not:
      sns: SNS needs an endpoint on a network.
      sqs-standard: Workers must poll over the network.
    clues: [no network at all]
    explanation: Latency is measured in hours.
  - id: pigeon-speed
    kind: numeric
    tags: [pigeon, limits]
    question: How fast does a racing pigeon fly?
    answer: 80 km/h
    explanation: Roughly.
"""


@pytest.fixture(autouse=True)
def width_80(monkeypatch):
    """An 80-column terminal (each command makes its console afresh, so it follows COLUMNS)."""
    monkeypatch.setenv("COLUMNS", "80")


def run(*args, deck_dir=None, tmp_path=None):
    base = ["--db", str(tmp_path / "p.db")] if tmp_path else []
    if deck_dir:
        base += ["--deck-dir", str(deck_dir)]
    return CliRunner().invoke(app, [*base, *args])


def lines(text: str) -> list[str]:
    return text.splitlines()


def assert_fits(text: str, width: int = 80) -> None:
    too_long = [line for line in lines(text) if len(line.rstrip()) > width]
    assert not too_long, too_long


@pytest.fixture
def my_decks(tmp_path):
    d = tmp_path / "decks"
    write_deck(d, "my-notes.yaml", MY_DECK)
    write_deck(d, "catalog.yaml", MY_CATALOG)
    return d


# ------------------------------------------------------------------ compare


def test_compare_alone_lists_each_table_with_its_services_and_ids(tmp_path):
    result = run("compare", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "What can be compared" in out
    row = next(line for line in lines(out) if "Data Streams vs Data" in line)
    assert "Kinesis Data Streams" in row and "kds firehose" in row
    assert "SQS standard vs FIFO" in out and "sqs-standard sqs-fifo" in out
    assert "kinesis-tutor compare kds firehose" in out
    assert_fits(out)


def test_compare_kds_firehose_shows_the_streams_vs_firehose_rows_side_by_side(tmp_path):
    result = run("compare", "kds", "firehose", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Data Streams vs Data Firehose" in out
    header = next(line for line in lines(out) if "Feature" in line)
    assert "Kinesis Data Streams" in header and "Amazon Data Firehose" in header
    assert header.index("Kinesis Data Streams") < header.index("Amazon Data Firehose")
    replay = next(line for line in lines(out) if line.startswith("│ Replay"))
    assert "Yes, within retention" in replay and "No" in replay.split("│")[3]
    ordering = next(line for line in lines(out) if line.startswith("│ Ordering"))
    assert "Per shard" in ordering and "No guarantee" in ordering
    # The Kinesis family table has both too, but only their two columns are shown.
    assert "The Kinesis family" in out
    assert not [line for line in lines(out) if "Feature" in line and ("Flink" in line or "Video" in line)]
    assert_fits(out)


def test_compare_takes_names_and_aliases_in_any_order(tmp_path):
    by_id = run("compare", "firehose", "kds", tmp_path=tmp_path)
    by_name = run("compare", "Kinesis Data Firehose", "Kinesis Data Streams", tmp_path=tmp_path)
    assert by_id.exit_code == by_name.exit_code == 0
    assert by_id.stdout == by_name.stdout
    header = next(line for line in lines(by_id.stdout) if "Feature" in line)
    assert header.index("Amazon Data Firehose") < header.index("Kinesis Data Streams")  # the order asked for


def test_compare_shows_only_the_named_columns_and_row_explanations_as_footnotes(tmp_path, my_decks):
    result = run("compare", "pigeons", "sns", deck_dir=my_decks, tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[0].startswith("Three ways to hand off work")
    header = next(line for line in lines(out) if "Feature" in line)
    assert [cell.strip() for cell in header.strip("┃ ").split("┃")] == ["Feature", "Carrier Pigeon Post", "Amazon SNS"]
    assert "SQS standard queue" not in out and "Workers poll" not in out
    filtering = next(line for line in lines(out) if "Filtering" in line)
    assert [cell.strip() for cell in filtering.strip("│ ").split("│")] == [
        "Filtering¹",
        "The bird decides",
        "Subscription filter policies",
    ]
    assert "¹ Pigeons ignore filter policies; SNS filters on attributes or the body." in out
    assert "Delivery¹" not in out  # a row without an explanation has no footnote


def test_compare_falls_back_to_tables_holding_at_least_two_of_them(tmp_path):
    result = run("compare", "kds", "sqs-fifo", "sns", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "No table has all of Kinesis Data Streams, SQS FIFO queue, Amazon SNS" in out
    words = " ".join(out.split())
    assert "Data Streams vs SQS FIFO" in words and "Kinesis vs SQS vs SNS" in words
    assert "Data Streams vs Data Firehose" not in words
    assert out.count("┏") == 1  # one table, a column for each


def test_compare_without_a_shared_table_shows_what_each_is_for(tmp_path):
    result = run("compare", "athena", "s3", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    assert "No comparison table has Amazon Athena and Amazon S3" in result.stdout
    assert "Serverless SQL queries" in result.stdout and "Durable object storage" in result.stdout


@pytest.mark.parametrize(
    "args, wrong, meant",
    [
        (["compare", "kds", "firehoze"], "firehoze", "firehose"),
        (["compare", "sqs-fifi"], "sqs-fifi", "sqs-fifo"),
        (["explain", "kinesys data streams"], "kinesys data streams", "kds"),
    ],
)
def test_an_unknown_service_is_one_line_with_did_you_mean(tmp_path, args, wrong, meant):
    result = run(*args, tmp_path=tmp_path)
    assert result.exit_code in (1, 2)
    assert f"no service '{wrong}'" in result.stderr
    assert f"did you mean '{meant}'?" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


# ------------------------------------------------------------------ explain


def test_explain_firehose_full_shows_purpose_numbers_traits_and_when_not(tmp_path):
    result = run("explain", "firehose", "--full", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Amazon Data Firehose" in out
    assert "Fully managed, serverless delivery of streaming data" in out  # purpose, from the catalog
    assert "Formerly Kinesis Data Firehose" in out
    numbers = out.split("Numbers and limits")[1].split("Traits")[0]
    interval = next(line for line in lines(numbers) if "longest buffering interval" in line)
    assert "900 s" in interval
    traits = out.split("Traits")[1].split("Choose it when")[0]
    assert any("Ordering" in line and "No guarantee" in line for line in lines(traits))
    assert "Choose it when" in out
    not_when = out.split("Not when")[1]
    # a why_not line about Firehose from a scenario answered by another service, and that service
    assert "Firehose" in not_when and "→ Kinesis Data Streams" in not_when
    assert_fits(out)


def test_explain_takes_a_name_and_prints_plain_text_when_piped(tmp_path):
    by_name = run("explain", "Data Firehose", tmp_path=tmp_path)
    by_id = run("explain", "firehose", tmp_path=tmp_path)
    assert by_name.exit_code == 0 and by_name.stdout == by_id.stdout
    assert "\x1b[" not in by_id.stdout


def test_explain_a_service_of_your_own_catalog_and_decks(tmp_path, my_decks):
    result = run("explain", "Carrier Pigeon Post", "--full", deck_dir=my_decks, tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Moves small messages between lofts" in out
    assert "Formerly Avian Carrier Service (RFC 1149)" in out
    numbers = out.split("Numbers and limits")[1].split("Traits")[0]
    assert any("How fast does a racing pigeon fly?" in line and "80 km/h" in line for line in lines(numbers))
    traits = out.split("Traits")[1].split("Choose it when")[0]
    assert any(line.split() == ["Filtering", "The", "bird", "decides"] for line in lines(traits))
    when = out.split("Choose it when")[1]
    assert "✔ Only a bird reaches a loft without a network." in when
    assert "clues: no network at all" in when
    assert "Not when" not in out  # no scenario offers it as a wrong option


def test_explain_sns_lists_why_not_lines_about_sns_with_the_right_service(tmp_path, my_decks):
    result = run("explain", "sns", "--full", deck_dir=my_decks, tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    not_when = " ".join(result.stdout.split("Not when")[1].split("What changed")[0].split())
    arrows = [reason.split("→")[1].strip() for reason in not_when.split("✘")[1:]]
    # each from a different right service while there are different ones
    different = len(set(arrows))
    assert different >= 1
    assert len(set(arrows[:different])) == different


def test_explain_and_compare_need_no_database(tmp_path):
    run("explain", "kds", tmp_path=tmp_path)
    run("compare", "kds", "msk", tmp_path=tmp_path)
    assert not (tmp_path / "p.db").exists()


def test_explain_kds_leads_with_the_per_shard_limits_one_per_topic(tmp_path):
    result = run("explain", "kds", "--full", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    numbers = result.stdout.split("Numbers and limits")[1].split("Traits")[0]
    answers = [line.rstrip().rsplit("  ", 1)[-1].strip() for line in lines(numbers) if "  " in line.rstrip()][:8]
    # the shard write limit, the record size, the read limit and the retention, before any second
    # number on writes (1,000 records/s) and before the on-demand or consumer details
    for needed in ("1 MB/s", "1 MiB", "2 MB/s", "24 hours"):
        assert needed in answers, answers
    assert "1,000 records/s" not in answers


def test_compare_one_service_shows_every_table_it_is_in_with_all_columns(tmp_path):
    result = run("compare", "sqs-fifo", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Every table with SQS FIFO queue:" in out
    assert "Data Streams vs SQS FIFO" in out and "SQS standard vs FIFO queues" in out
    assert "Data Streams vs Data Firehose" not in out
    headers = [line for line in lines(out) if "Feature" in line]
    assert any("SQS standard queue" in h for h in headers) and any("Kinesis Data Streams" in h for h in headers)


# ------------------------------------------------------------------ one table, one screen (issue 15)


def header(out: str) -> str:
    """The words of the table's header (the rows between ┏ and ┡: a long name wraps in its cell)."""
    rows = lines(out)
    top = next(i for i, line in enumerate(rows) if line.startswith("┏"))
    end = next(i for i, line in enumerate(rows) if line.startswith("┡"))
    return " ".join(" ".join(rows[top + 1 : end]).replace("┃", " ").split())


@pytest.mark.parametrize("columns", ["80", "60"])
def test_compare_three_services_is_one_table_with_a_column_each_that_fits(tmp_path, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    result = run("compare", "kds", "firehose", "sqs", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.count("┏") == 1
    names = header(out).split()
    for name in ("Kinesis Data Streams", "Amazon Data Firehose", "SQS standard queue"):
        assert set(name.split()) <= set(names)
    ordering = next(line for line in lines(out) if line.startswith("│ Ordering"))
    assert ordering.index("Per shard") < ordering.index("No guarantee") < ordering.index("Best-effort")
    assert_fits(out, int(columns))


def test_compare_drops_a_footnote_about_a_column_not_shown(tmp_path):
    out = run("compare", "kds", "firehose", tmp_path=tmp_path).stdout
    assert "Video stream retention" not in out  # about Video Streams, a column of the Kinesis family table
    assert "Firehose bills data going in" in " ".join(out.split())


def test_compare_as_json_and_as_markdown(tmp_path):
    import json

    doc = json.loads(run("compare", "kds", "firehose", "sqs", "--json", tmp_path=tmp_path).stdout)
    assert [s["id"] for s in doc["services"]] == ["kds", "firehose", "sqs-standard"]
    assert doc["complete"] is False
    ordering = next(r for r in doc["rows"] if r["feature"] == "Ordering")
    assert ordering["cells"]["kds"] == "Per shard" and ordering["cells"]["firehose"] == "No guarantee"
    md = run("compare", "kds", "firehose", "sqs", "--markdown", tmp_path=tmp_path).stdout
    rows = lines(md)
    assert rows[0] == "| Feature | Kinesis Data Streams | Amazon Data Firehose | SQS standard queue |"
    assert rows[1] == "|---|---|---|---|"
    assert "| Ordering | Per shard | No guarantee | Best-effort (FIFO: per group) |" in rows
    assert "\x1b" not in md and "┃" not in md


SERVICES = ["kds", "firehose", "sqs-standard", "sqs-fifo", "sns", "lambda", "kvs", "flink", "msk", "s3"]


@pytest.mark.parametrize("columns", ["80", "60"])
def test_explain_is_one_screen_of_every_service_with_the_way_to_all_of_it(tmp_path, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    for sid in SERVICES:
        result = run("explain", sid, tmp_path=tmp_path)
        assert result.exit_code == 0, result.output
        out = result.stdout
        assert len(lines(out)) <= 22, (sid, len(lines(out)))
        assert f"kinesis-tutor explain {sid} --full" in " ".join(out.split())
        assert_fits(out, int(columns))


def test_explain_full_has_every_number_and_the_scenarios(tmp_path):
    short = run("explain", "kds", tmp_path=tmp_path).stdout
    full = run("explain", "kds", "--full", tmp_path=tmp_path).stdout
    assert len(lines(full)) > 3 * len(lines(short))
    assert "Not when" in full and "What changed" in full and "Drill them: kinesis-tutor pick --services kds" in full
    words = " ".join(short.split())
    assert "Choose it when" in words and "often a better fit: Amazon Data Firehose" in words


def test_piped_output_has_no_trailing_spaces_nor_escape_codes(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    for args in (["compare", "kds", "firehose", "sqs"], ["explain", "kds"], ["compare"]):
        out = run(*args, tmp_path=tmp_path).stdout
        assert [line for line in lines(out) if line.endswith(" ")] == [], args
        assert "\x1b" not in out


def test_explain_full_gives_each_reason_its_situation_and_each_change_once(tmp_path, my_decks):
    out = run("explain", "Carrier Pigeon Post", "--full", deck_dir=my_decks, tmp_path=tmp_path).stdout
    words = " ".join(out.split())
    assert "✔ Only a bird reaches a loft without a network. when: A message must reach a rooftop" in words
    full = run("explain", "kds", "--full", tmp_path=tmp_path).stdout
    changes = full.split("What changed")[1]
    nows = [line for line in lines(changes) if line.startswith("Now ")]
    assert len(nows) == len(set(nows))
