"""The public SM-2 API, kept importable as ``kinesis_tutor.scheduler``: ``Sm2State`` and ``review``
(and ``replay``). The implementation lives in ``kinesis_tutor.core.sm2``."""

from kinesis_tutor.core.sm2 import MIN_EASINESS, PASS, REPEAT_BELOW, Sm2State, replay, review

__all__ = ["MIN_EASINESS", "PASS", "REPEAT_BELOW", "Sm2State", "replay", "review"]
