"""The stats figures shaped from counts: rates, card states, decks, readiness, weak spots.

Pure: the store counts (one dict of counts per group, see ``store.stats``), this module turns the
counts into the figures of ``kinesis-tutor stats --json`` (keys documented in ``docs/stats.md``).
"""

from __future__ import annotations

from typing import Any

RETENTION_WINDOWS = (7, 30)  # days; the weak spots use the longer window too
WEAK_MIN_REVIEWS = 10  # a tag or deck needs this many answers in the window to be ranked by retention
WEAK_LIMIT = 5

Counts = dict[str, int]  # cards, seen, mature, leech, ready, lapses, reviews, correct, reviews_short, correct_short
Groups = dict[tuple[str, str | None], Counts]  # (group, name) → counts; group is "deck" or "tag"


def rate(correct: int, total: int) -> float | None:
    return round(correct / total, 4) if total else None


def cards(everything: Counts, removed: int) -> dict[str, int]:
    seen, mature, leech = everything["seen"], everything["mature"], everything["leech"]
    return {
        "active": everything["cards"],
        "new": everything["cards"] - seen,
        "young": seen - mature - leech,
        "mature": mature,
        "leech": leech,
        "removed": removed,
    }


def decks(per: Groups) -> list[dict[str, Any]]:
    out = []
    for (grp, name), g in sorted(per.items(), key=lambda kv: str(kv[0][1])):
        if grp == "deck":
            out.append(
                {
                    "deck": name,
                    "cards": g["cards"],
                    "seen": g["seen"],
                    "mature": g["mature"],
                    "leech": g["leech"],
                    "seen_share": rate(g["seen"], g["cards"]),
                    "mature_share": rate(g["mature"], g["cards"]),
                }
            )
    return out


def _share_key(topic: dict[str, Any]) -> tuple[float, int, str]:
    return (topic["share"] if topic["share"] is not None else 0.0, -topic["cards"], topic["tag"])


def readiness(everything: Counts, per: Groups) -> dict[str, Any]:
    topics = [
        {"tag": name, "cards": g["cards"], "ready": g["ready"], "share": rate(g["ready"], g["cards"])}
        for (grp, name), g in per.items()
        if grp == "tag"
    ]
    topics.sort(key=_share_key)
    return {
        "cards": everything["cards"],
        "ready": everything["ready"],
        "share": rate(everything["ready"], everything["cards"]),
        "topics": topics,
    }


def _weak_rows(per: Groups, grp: str) -> list[tuple[dict[str, Any], bool]]:
    """(row, ranked by retention) of every group of kind ``grp`` that is weak at all."""
    rows = []
    for (g, name), v in per.items():
        if g != grp:
            continue
        retention = rate(v["correct"], v["reviews"])
        ranked = v["reviews"] >= WEAK_MIN_REVIEWS and retention is not None and retention < 1
        if not ranked and v["lapses"] == 0:
            continue
        row = {
            grp: name,
            "reviews": v["reviews"],
            "correct": v["correct"],
            "retention": retention,
            "lapses": v["lapses"],
            "cards": v["cards"],
        }
        rows.append((row, ranked))
    return rows


def _weak_key(row: dict[str, Any], ranked: bool, grp: str) -> tuple[int, float, int, str]:
    """Ranked groups by retention (lowest first), then the others; each by lapses (most first), then name."""
    if ranked:
        return (0, row["retention"], -row["lapses"], row[grp])
    return (1, 0.0, -row["lapses"], row[grp])


def weakest(per: Groups) -> dict[str, list[dict[str, Any]]]:
    """Weak spots: retention in the last 30 days among groups with enough answers
    (lowest first), then groups with lapses (most first). Groups with neither are not weak."""
    out: dict[str, list[dict[str, Any]]] = {}
    for grp, key in (("tag", "tags"), ("deck", "decks")):
        rows = sorted(_weak_rows(per, grp), key=lambda r: _weak_key(r[0], r[1], grp))
        out[key] = [r[0] for r in rows[:WEAK_LIMIT]]
    return out


def retention(log: Counts) -> dict[str, dict[str, Any]]:
    short, long = RETENTION_WINDOWS
    return {
        f"last_{short}_days": {
            "reviews": log["reviews_short"],
            "correct": log["correct_short"],
            "rate": rate(log["correct_short"], log["reviews_short"]),
        },
        f"last_{long}_days": {
            "reviews": log["reviews"],
            "correct": log["correct"],
            "rate": rate(log["correct"], log["reviews"]),
        },
    }
