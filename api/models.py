"""Every table, imported in one place so Alembic and the tests see the whole schema."""

from api.auth.models import ApiToken, User, UserSession
from api.events.models import Event
from api.insights import readings as _readings  # noqa: F401 - keeps readings in step on commit
from api.insights.models import FocusChallenge, ScoringSettingsVersion, StakeholderReading
from api.ops.idempotency import IdempotencyKey
from api.records.models import (
    Acknowledgement,
    Commitment,
    Concern,
    ConcernStatusChange,
    Conversation,
    Signal,
)
from api.stakeholders.models import Stakeholder, Team
from api.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery
from api.workspaces.models import Membership, Workspace

__all__ = [
    "Acknowledgement",
    "ApiToken",
    "Commitment",
    "Concern",
    "ConcernStatusChange",
    "Conversation",
    "Event",
    "FocusChallenge",
    "IdempotencyKey",
    "Membership",
    "ScoringSettingsVersion",
    "Signal",
    "Stakeholder",
    "StakeholderReading",
    "Team",
    "User",
    "UserSession",
    "Webhook",
    "WebhookAttempt",
    "WebhookDelivery",
    "Workspace",
]
