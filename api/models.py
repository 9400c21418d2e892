"""Every table, imported in one place so Alembic and the tests see the whole schema."""

from api.auth.models import ApiToken, User, UserSession
from api.events.models import Event
from api.records.models import (
    Acknowledgement,
    Commitment,
    Concern,
    ConcernStatusChange,
    Conversation,
    Signal,
)
from api.stakeholders.models import Stakeholder, Team
from api.workspaces.models import Membership, Workspace

__all__ = [
    "Acknowledgement",
    "ApiToken",
    "Commitment",
    "Concern",
    "ConcernStatusChange",
    "Conversation",
    "Event",
    "Membership",
    "Signal",
    "Stakeholder",
    "Team",
    "User",
    "UserSession",
    "Workspace",
]
