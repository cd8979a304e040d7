"""config list [--json] / set / unset through the real CLI, each test with its own data folder."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from kinesis_tutor.cli import app

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def settings_json() -> dict:
    result = run("config", "list", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["settings"]


def test_config_list_json_gives_values_and_defaults(isolated_home):
    assert run("config", "set", "new_per_day", "30").exit_code == 0
    data = settings_json()
    assert data["new_per_day"]["value"] == 30 and data["new_per_day"]["default"] == 20
    assert data["day_starts_at"] == {
        "value": 4,
        "default": 4,
        "meaning": "hour (local time) at which a new study day begins",
    }
    assert data["exam_date"]["value"] is None
    assert run("config", "set", "exam_date", "2099-01-15").exit_code == 0
    assert settings_json()["exam_date"]["value"] == "2099-01-15"


def test_config_unset_brings_back_the_default(isolated_home):
    run("config", "set", "new_per_day", "30")
    result = run("config", "unset", "new_per_day")
    assert result.exit_code == 0
    assert result.stdout == "new_per_day = 20 (the default)\n"
    assert settings_json()["new_per_day"]["value"] == 20
    again = run("config", "unset", "new_per_day")
    assert again.exit_code == 0 and "was not set" in again.stdout


def test_config_unset_clears_an_exam_date(isolated_home):
    run("config", "set", "exam_date", "2099-01-15")
    assert run("config", "unset", "exam_date").stdout == "exam_date = none (the default)\n"
    assert settings_json()["exam_date"]["value"] is None


def test_config_unset_of_an_unknown_setting_suggests_one(isolated_home):
    result = run("config", "unset", "new_perday")
    assert result.exit_code == 2
    assert "unknown setting 'new_perday' (did you mean 'new_per_day'?)" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_negative_value_reaches_the_range_check_not_the_option_parser(isolated_home):
    result = run("config", "set", "day_starts_at", "-1")
    assert result.exit_code == 2
    assert result.stderr == "kinesis-tutor: error: day_starts_at must be between 0 and 23\n"
    assert settings_json()["day_starts_at"]["value"] == 4


def test_an_unknown_option_after_set_is_still_not_a_value_silently_stored(isolated_home):
    result = run("config", "set", "new_per_day", "--bogus")
    assert result.exit_code == 2
    assert settings_json()["new_per_day"]["value"] == 20
