"""`crud.loaded` makes the same object as the model's constructor, without its per-field
instrumentation, for every record type a write creates that way."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import inspect

import api.models  # noqa: F401 - every mapper
from api.kit.crud import loaded
from api.kit.defaults import with_defaults
from api.kit.ids import uuid7
from api.records.models import Acknowledgement, Commitment, Concern, Conversation, Signal

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
WS, SH = uuid7(), uuid7()

CASES = {
    Conversation: {"stakeholder_id": SH, "occurred_at": AT, "tone": 1, "ratings": {"empathy": 4}},
    Concern: {
        "stakeholder_id": SH,
        "raised_at": AT,
        "severity": 2,
        "text": "Night cover",
        "status_changed_at": AT,
    },
    Acknowledgement: {"stakeholder_id": SH, "acknowledged_at": AT, "area": "Sepsis audit"},
    Signal: {"stakeholder_id": SH, "observed_at": AT, "kind": "quick_win", "values": {}},
    Commitment: {
        "stakeholder_id": SH,
        "owner": "team",
        "description": "Send the audit",
        "due_on": date(2026, 3, 9),
        # Not a field: the constructor drops it, and so does `loaded`.
        "text": "ignored",
    },
}


@pytest.mark.parametrize("model", list(CASES), ids=lambda m: m.__name__)
def test_loaded_equals_the_constructor(model):
    values = with_defaults(model, {**CASES[model], "workspace_id": WS})
    built = model(**values)
    made = loaded(model, dict(values))
    assert made.model_dump() == built.model_dump()
    assert made.model_fields_set == built.model_fields_set
    for column in model.__table__.columns:
        assert getattr(made, column.key) == getattr(built, column.key), column.key
    # A plain object to SQLAlchemy, with nothing pending: the caller inserts it itself.
    state = inspect(made)
    assert state.transient and not state.modified
    assert not state.committed_state
