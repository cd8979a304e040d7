"""``kinesis-tutor exam --history`` in the terminal: the past attempts and their trend. Apart
from ``exam_flow`` so that listing them loads no prompt_toolkit."""

from __future__ import annotations

from kinesis_tutor.app import exam as use
from kinesis_tutor.app.paths import Paths
from kinesis_tutor.ui import exam_view as view
from kinesis_tutor.ui.render import console as get_console


def run(paths: Paths) -> None:
    """Submit a sitting a killed process left behind (and say so), then list the attempts."""
    recovered = use.recover(paths)
    if recovered:
        get_console().print(view.recovered_text(recovered))
    view.show_history(get_console(), use.history(paths))
