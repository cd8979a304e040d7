"""The value types of the export document: what a field's JSON type cannot say.

Every integer fits the database's 64-bit column, every number is finite, every day is a real
calendar day and every timestamp a real ISO instant, an interval is never negative nor past the
36,500-day cap, an easiness never below SM-2's 1.3, an exam's ``detail`` is JSON. A document that
breaks one of these is refused before anything is written, so an accepted import never leaves a
database that ``db check`` or a study session cannot read.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, Field

from kinesis_tutor.core.review import MAX_INTERVAL
from kinesis_tutor.core.sm2 import MIN_EASINESS

INT64 = 2**63 - 1


def _day(value: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"must be a day as YYYY-MM-DD, not {value!r}") from None
    if len(value) != 10:
        raise ValueError(f"must be a day as YYYY-MM-DD, not {value!r}")
    return value


def _instant(value: str) -> str:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"must be an ISO date and time, not {value!r}") from None
    return value


def _json_text(value: str) -> str:
    try:
        json.loads(value)
    except (ValueError, RecursionError):
        raise ValueError("must be JSON text (as written by kinesis-tutor)") from None
    return value


Id = Annotated[int, Field(ge=1, le=INT64)]
Count = Annotated[int, Field(ge=0, le=INT64)]
Interval = Annotated[int, Field(ge=0, le=MAX_INTERVAL)]
Easiness = Annotated[float, Field(ge=MIN_EASINESS, allow_inf_nan=False)]
Minutes = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Grade = Annotated[int, Field(ge=0, le=5)]
Score = Annotated[int, Field(ge=0, le=1000)]
Day = Annotated[str, AfterValidator(_day)]
Instant = Annotated[str, AfterValidator(_instant)]
JsonText = Annotated[str, AfterValidator(_json_text)]
