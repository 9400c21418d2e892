"""The filters of the stakeholder lists: one team, any team or no team at all, and a name.

`team_id=<id>` keeps one team's stakeholders and `no_team=true` those in no team yet (the
people a lead still has to place); the two together are refused, as nobody can match both.
The stakeholder list, the scores list and both of their CSV exports read it the same way.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Final, Literal

from fastapi import Query

from api.kit.errors import InvalidInput
from api.kit.types import NO_NUL

NO_TEAM: Final = "none"

# A team's id, NO_TEAM, or None for everyone.
TeamScope = uuid.UUID | Literal["none"] | None

# The name search of the same lists. A NUL is refused (422) like everywhere else: PostgreSQL
# cannot compare text holding one.
NameSearch = Annotated[
    str | None,
    Query(
        max_length=200,
        pattern=NO_NUL,
        description='Only names containing this, ignoring case and accents ("zoe" finds "Zoë")',
    ),
]

NoTeam = Annotated[
    bool,
    Query(description="Only stakeholders in no team. Cannot be combined with `team_id`."),
]


def team_scope(team_id: uuid.UUID | None, no_team: bool) -> TeamScope:
    """The scope the two query parameters ask for; a 422 when they contradict each other.

    Called in the endpoint, after the caller's access is checked, so a caller who may not
    see the workspace hears 401, 403 or 404 first."""
    if no_team and team_id is not None:
        raise InvalidInput("query.no_team", "cannot be combined with team_id")
    return NO_TEAM if no_team else team_id


def team_clause(column, scope: TeamScope):
    """The WHERE clause for `scope` on a team id column, or None when everyone is in it."""
    if scope is None:
        return None
    if scope == NO_TEAM:
        return column.is_(None)
    return column == scope


def in_team_scope(team_id: uuid.UUID | None, scope: TeamScope) -> bool:
    if scope is None:
        return True
    if scope == NO_TEAM:
        return team_id is None
    return team_id == scope
