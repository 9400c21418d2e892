"""The workspace document: a whole workspace as one versioned JSON object.

Records appear as their own endpoints return them (built by the same functions), in id order,
which is creation order. Members, users, API tokens, webhooks and the event log stay behind:
the document is data about the initiative, not about who may reach it.
"""

import uuid
from collections.abc import Callable
from typing import Any

from sqlmodel import Session, select

from api.insights.models import FocusChallenge, ScoringSettingsVersion
from api.kit import crud
from api.kit.time import iso_z, utcnow
from api.records import service
from api.records.concerns import concerns_public
from api.records.models import Acknowledgement, Commitment, Concern, Conversation, Signal
from api.stakeholders.models import Stakeholder, Team
from api.stakeholders.service import stakeholder_public, team_public
from api.transfer.schemas import FORMAT, VERSION
from api.workspaces.models import Workspace

PAGE = 5000
RECORD_SECTIONS = (
    "teams",
    "stakeholders",
    "conversations",
    "concerns",
    "acknowledgements",
    "signals",
    "commitments",
)

Progress = Callable[[str, int], None]


def _pages(session: Session, model: Any, workspace_id: uuid.UUID):
    """Every row of the workspace in id order, a page at a time (the identity map lets go of
    each page once it has been turned into JSON)."""
    stmt = crud.scoped_select(model, workspace_id).order_by(model.id)
    after = None
    while True:
        page = stmt if after is None else stmt.where(model.id > after)
        rows = list(session.exec(page.limit(PAGE)))
        if rows:
            yield rows
        if len(rows) < PAGE:
            return
        after = rows[-1].id


def _conversations(viewer: uuid.UUID | None, redact: bool):
    def convert(rows: list[Conversation]) -> list[dict]:
        out = []
        for c in rows:
            data = service.conversation_public(c, viewer).model_dump(mode="json")
            if not redact:
                data["summary"] = c.summary
            out.append(data)
        return out

    return convert


def export_workspace(
    session: Session,
    workspace_id: uuid.UUID,
    *,
    viewer: uuid.UUID | None,
    redact: bool = True,
    progress: Progress | None = None,
) -> dict:
    """The workspace as a document.

    With `redact` (the API), a private conversation's summary is null unless `viewer` held
    it, as everywhere else in the API. The operator's CLI export passes `redact=False`.
    """
    say = progress or (lambda *_: None)
    ws = session.get(Workspace, workspace_id)
    versions = session.exec(
        select(ScoringSettingsVersion)
        .where(ScoringSettingsVersion.workspace_id == workspace_id)
        .order_by(ScoringSettingsVersion.version)
    ).all()
    focus = session.get(FocusChallenge, workspace_id)
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso_z(utcnow()),
        "workspace": {
            "id": str(ws.id),
            "name": ws.name,
            "description": ws.description,
            "created_at": iso_z(ws.created_at),
            "updated_at": iso_z(ws.updated_at),
        },
        "scoring_settings": [
            {
                "version": v.version,
                "values": v.values,
                "created_at": iso_z(v.created_at),
                "created_by": str(v.created_by) if v.created_by else None,
            }
            for v in versions
        ],
        "focus_challenge": None
        if focus is None
        else {
            "cfir_domain": focus.cfir_domain,
            "cfir_construct": focus.cfir_construct,
            "note": focus.note,
            "chosen_by": str(focus.chosen_by) if focus.chosen_by else None,
            "chosen_at": iso_z(focus.chosen_at),
        },
    }

    def each(fn):
        return lambda rows: [fn(r) for r in rows]

    sections: dict[str, tuple[Any, Callable[[list], list[dict]]]] = {
        "teams": (Team, each(team_public)),
        "stakeholders": (Stakeholder, each(stakeholder_public)),
        "conversations": (Conversation, _conversations(viewer, redact)),
        "concerns": (
            Concern,
            lambda rows: [c.model_dump(mode="json") for c in concerns_public(session, rows)],
        ),
        "acknowledgements": (Acknowledgement, each(service.acknowledgement_json)),
        "signals": (Signal, each(service.signal_json)),
        "commitments": (Commitment, each(service.commitment_json)),
    }
    for name in RECORD_SECTIONS:
        model, convert = sections[name]
        items: list[dict] = []
        for rows in _pages(session, model, workspace_id):
            items.extend(convert(rows))
            say(name, len(items))
        doc[name] = items
    return doc
