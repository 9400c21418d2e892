"""Stored facts documents: today's plain form, the older ISO-string form, and as columns."""

from datetime import UTC, date, datetime

import numpy as np
import orjson

from api.scoring import ScoringSettings
from api.scoring.facts import PLAIN_FORMAT, at_us, day_of, on_day, us_of
from api.scoring.vector import NAT, FactColumns

TIME_KEYS = (
    "last_stance_record_at",
    "last_champion_behavior_at",
    "last_conversation_at",
    "last_concern_or_resistance_at",
)


def _legacy_time(value: int | str | None) -> int | None:
    if isinstance(value, str):
        return us_of(datetime.fromisoformat(value).astimezone(UTC))
    return value


def _legacy_day(value: int | str | None) -> int | None:
    if isinstance(value, str):
        return day_of(date.fromisoformat(value))
    return value


def plain_facts(data: dict | None) -> dict | None:
    """A stored facts document in today's plain form (older rows held ISO strings)."""
    if not data or data.get("format") == PLAIN_FORMAT:
        return data
    out = dict(data)
    for key in TIME_KEYS:
        out[key] = _legacy_time(data.get(key))
    out["next_contact_on"] = _legacy_day(data.get("next_contact_on"))
    out["open_concerns"] = [
        [
            c["concern_id"],
            _legacy_time(c["raised_at"]),
            c["severity"],
            _legacy_time(c["answered_after"]),
        ]
        if isinstance(c, dict)
        else [c[0], _legacy_time(c[1]), c[2], _legacy_time(c[3])]
        for c in data.get("open_concerns") or ()
    ]
    out["peer_nominations"] = [
        [_legacy_time(at), who] for at, who in data.get("peer_nominations") or ()
    ]
    out["open_team_commitment_due_dates"] = [
        _legacy_day(d) for d in data.get("open_team_commitment_due_dates") or ()
    ]
    return out


def _times(values: list) -> np.ndarray:
    """A facts time field of every row as int64 microseconds (NAT for none)."""
    return np.array([NAT if v is None else v for v in values], dtype=np.int64)


def fact_columns(documents: list[dict | None], settings: ScoringSettings) -> FactColumns:
    """`FactColumns` from stored facts documents (either format `readings` has written)."""
    empty: dict = {}
    docs = [
        empty if not d else d if d.get("format") == PLAIN_FORMAT else plain_facts(d)
        for d in documents
    ]
    severity = settings.r2_severity
    concerns = [
        [(c[1], c[2], c[3]) for c in found if c[2] >= severity]
        if (found := d.get("open_concerns"))
        else ()
        for d in docs
    ]
    nominations = [
        tuple((at_us(at), who) for at, who in found) if (found := d.get("peer_nominations")) else ()
        for d in docs
    ]
    return FactColumns(
        last_stance_record_at=_times([d.get("last_stance_record_at") for d in docs]),
        last_champion_behavior_at=_times([d.get("last_champion_behavior_at") for d in docs]),
        last_conversation_at=_times([d.get("last_conversation_at") for d in docs]),
        last_concern_or_resistance_at=_times(
            [d.get("last_concern_or_resistance_at") for d in docs]
        ),
        next_contact_on=[
            None if (v := d.get("next_contact_on")) is None else on_day(v) for d in docs
        ],
        next_contact_scheduled=[d.get("next_contact_scheduled", False) for d in docs],
        open_concerns=concerns,
        latest_adkar=[None if (a := d.get("latest_adkar")) is None else tuple(a) for d in docs],
        peer_nominations=nominations,
        due_days=[d.get("open_team_commitment_due_dates") or () for d in docs],
    )


# --- the map's read path: one stored reading -> one row of fact columns ---------------------------
#
# The map keeps parsed rows in memory (`api/insights/scoremap.py`); these turn a stored facts
# document into a row, and rows into `FactColumns`.

EMPTY_ROW = (NAT, NAT, NAT, NAT, None, False, (), None, (), (), b"", b"")


def parse_row(text: str | None, severity: int) -> tuple:
    d = orjson.loads(text) if text else None
    if not d:
        return EMPTY_ROW
    if d.get("format") != PLAIN_FORMAT:
        d = plain_facts(d)
    nominations = d.get("peer_nominations")
    next_on = d.get("next_contact_on")
    adkar = d.get("latest_adkar")

    def us(key: str) -> int:
        value = d.get(key)
        return NAT if value is None else value

    concerns = tuple((c[1], c[2], c[3]) for c in d.get("open_concerns") or () if c[2] >= severity)
    due_days = tuple(d.get("open_team_commitment_due_dates") or ())
    return (
        us("last_stance_record_at"),
        us("last_champion_behavior_at"),
        us("last_conversation_at"),
        us("last_concern_or_resistance_at"),
        None if next_on is None else on_day(next_on),
        d.get("next_contact_scheduled", False),
        concerns,
        None if adkar is None else tuple(adkar),
        tuple((at_us(at), who) for at, who in nominations) if nominations else (),
        due_days,
        np.array(concerns, dtype=np.int64).tobytes(),
        np.array(due_days, dtype=np.int64).tobytes(),
    )


def row_columns(rows: list[tuple]) -> FactColumns:
    """`FactColumns` of rows made by `parse_row` (or `EMPTY_ROW`)."""
    cols = list(zip(*rows, strict=True)) if rows else [()] * len(EMPTY_ROW)
    return FactColumns(
        last_stance_record_at=np.array(cols[0], dtype=np.int64),
        last_champion_behavior_at=np.array(cols[1], dtype=np.int64),
        last_conversation_at=np.array(cols[2], dtype=np.int64),
        last_concern_or_resistance_at=np.array(cols[3], dtype=np.int64),
        next_contact_on=cols[4],
        next_contact_scheduled=cols[5],
        open_concerns=cols[6],
        latest_adkar=cols[7],
        peer_nominations=cols[8],
        due_days=cols[9],
        packed_concerns=cols[10],
        packed_due_days=cols[11],
    )
