"""CSV exports of every list: the JSON list's items, flattened, streamed a page at a time.

Each row is built by the same function the JSON endpoint uses (so private summaries are
redacted the same way), then flattened: `ratings` become `authenticity`, `competence` and
`empathy` columns, a signal has a column for every kind's fields, and lists are `;`-joined.
Concerns leave out `status_history` (the workspace export carries it).
"""

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import orjson
from sqlalchemy import Select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.auth.deps import Access
from api.records import service
from api.records.concerns import concern_public
from api.records.signal_schemas import COMMON_FIELDS, KIND_FIELDS
from api.stakeholders.service import stakeholder_public, team_public
from api.transfer.csvio import LineWriter, cell

PAGE = 1000
_STAMPS = ("created_at", "updated_at")

TEAM = ("id", "workspace_id", "name", "description", *_STAMPS)
STAKEHOLDER = (
    "id", "workspace_id", "name", "title", "team_id", "role_type", "discipline", "email",
    "tags", "influence_manual", "archived", *_STAMPS,
)  # fmt: skip
CONVERSATION = (
    "id", "workspace_id", "stakeholder_id", "occurred_at", "held_by", "mode",
    "duration_minutes", "summary", "private", "tone", "authenticity", "competence", "empathy",
    "topics", "next_contact_on", "next_contact_scheduled", *_STAMPS,
)  # fmt: skip
CONCERN = (
    "id", "workspace_id", "stakeholder_id", "conversation_id", "raised_at", "text", "severity",
    "cfir_domain", "cfir_construct", "status", "status_changed_at", "resolution_note",
    "loop_closed_on", *_STAMPS,
)  # fmt: skip
ACKNOWLEDGEMENT = (
    "id", "workspace_id", "stakeholder_id", "acknowledged_at", "area", "setting",
    "acknowledged_by", "note", *_STAMPS,
)  # fmt: skip
SIGNAL = (
    "id", "workspace_id", *COMMON_FIELDS, "kind",
    *dict.fromkeys(f for fields in KIND_FIELDS.values() for f in fields), *_STAMPS,
)  # fmt: skip
COMMITMENT = (
    "id", "workspace_id", "stakeholder_id", "conversation_id", "description", "owner", "due_on",
    "status", "status_changed_at", *_STAMPS,
)  # fmt: skip
SCORE_SHARED = (
    "stakeholder_id", "name", "team_id", "team", "role_type", "category", "champion_score",
    "champion_interval_low", "champion_interval_high", "confidence", "influence",
    "influence_is_manual",
)  # fmt: skip
SCORE = (
    *SCORE_SHARED, "reluctance_score", "trust_level", "trust_score", "trust_authenticity",
    "trust_competence", "trust_empathy", "trust_wobble", "needs_one_on_one", "reasons",
    "suggestions", "one_on_one_scheduled_on", "as_of",
)  # fmt: skip
SCORE_FOR_VIEWERS = (*SCORE_SHARED, "as_of")


def _json(model: Any) -> dict:
    return model.model_dump(mode="json")


def _conversation(viewer: uuid.UUID | None) -> Callable[[Any], dict]:
    def flat(c) -> dict:
        data = _json(service.conversation_public(c, viewer))
        data.update(data.pop("ratings"))
        return data

    return flat


# How each record list turns a stored row into its public JSON.
PUBLIC: dict[str, Callable[[Access], Callable[[Any], dict]]] = {
    "teams": lambda access: team_public,
    "stakeholders": lambda access: stakeholder_public,
    "conversations": lambda access: _conversation(access.actor_user_id),
    "concerns": lambda access: lambda c: _json(concern_public(c, [])),
    "acknowledgements": lambda access: service.acknowledgement_json,
    "signals": lambda access: service.signal_json,
    "commitments": lambda access: service.commitment_json,
}
COLUMNS = {
    "teams": TEAM,
    "stakeholders": STAKEHOLDER,
    "conversations": CONVERSATION,
    "concerns": CONCERN,
    "acknowledgements": ACKNOWLEDGEMENT,
    "signals": SIGNAL,
    "commitments": COMMITMENT,
}


def stream_records(
    engine: Engine,
    access: Access,
    resource: str,
    stmt: Select,
    model: Any,
    escape: bool,
) -> Iterator[str]:
    """The CSV text of every row `stmt` selects, read in pages of 1,000 by id.

    Each page is read in its own short transaction (a slow download must not hold SQLite's
    lock), so, as when paging the JSON list, rows added meanwhile may appear at the end.
    """
    columns = COLUMNS[resource]
    public = PUBLIC[resource](access)
    writer = LineWriter()
    yield writer.rows([columns])
    after = None
    while True:
        page = stmt if after is None else stmt.where(model.id > after)
        with Session(engine) as session:
            rows = list(session.exec(page.order_by(model.id).limit(PAGE)))
            items = [public(row) for row in rows]
        if items:
            yield writer.rows([cell(item.get(c), escape) for c in columns] for item in items)
        if len(rows) < PAGE:
            return
        after = rows[-1].id


def _codes(found: list[dict] | None) -> list[str] | None:
    return None if found is None else [f["code"] for f in found]


def _score_row(item: dict, team_names: dict[str, str]) -> dict:
    low, high = item["champion_interval"]
    trust = item.get("trust") or {}
    team_id = item.get("team_id")
    return {
        **item,
        "team": team_names.get(team_id) if team_id else None,
        "champion_interval_low": low,
        "champion_interval_high": high,
        "trust_level": trust.get("level"),
        "trust_score": trust.get("score"),
        "trust_authenticity": trust.get("authenticity"),
        "trust_competence": trust.get("competence"),
        "trust_empathy": trust.get("empathy"),
        "trust_wobble": trust.get("wobble"),
        "reasons": _codes(item.get("reasons")),
        "suggestions": _codes(item.get("suggestions")),
    }


def score_lines(
    list_page: Callable[[str | None], Any],
    viewer: bool,
    escape: bool,
    team_names: dict[str, str],
) -> str:
    """Every page of the scores list, as CSV; `list_page(cursor)` answers like the JSON list.

    Going through the list itself keeps its filters, order and viewer rules in one place.
    For viewers the columns they never see (reluctance, trust, reasons) are left out.
    `team_names` (team id to name) fills the `team` column beside `team_id`.
    """
    columns = SCORE_FOR_VIEWERS if viewer else SCORE
    writer = LineWriter()
    out = [writer.rows([columns])]
    cursor = None
    while True:
        page = orjson.loads(list_page(cursor).body)
        rows = (_score_row(item, team_names) for item in page["items"])
        out.append(writer.rows([cell(row.get(c), escape) for c in columns] for row in rows))
        cursor = page["next_cursor"]
        if cursor is None:
            return "".join(out)
