"""Signals: readiness and behaviour observations, one flat resource discriminated by `kind`."""

from fastapi import status

from api.auth.deps import ReaderDep, WriterDep
from api.db import SessionDep
from api.kit import crud
from api.kit.errors import WRITE_RESPONSES
from api.kit.pagination import PageDep, paginate
from api.kit.routing import Router
from api.kit.unit import UnitDep
from api.records import service
from api.records.deps import SignalDep, StakeholderFilter, TeamFilter, time_filter
from api.records.models import Signal
from api.records.signal_schemas import (
    SignalCreate,
    SignalKind,
    SignalPage,
    SignalPublic,
    SignalSource,
    SignalUpdate,
)

router = Router(prefix="/workspaces/{workspace_id}", tags=["signals"], responses=WRITE_RESPONSES)


@router.post("/signals", operation_id="create_signal", status_code=201, response_model=SignalPublic)
def create_signal(body: SignalCreate, access: WriterDep, tx: UnitDep):
    """Record a readiness or behaviour observation about a stakeholder.

    The body is one flat object: the common fields (`stakeholder_id`, `observed_at`, `source`,
    `note`) plus `kind` and that kind's own fields, e.g.
    `{"kind": "champion_behavior", "facet": "ownership", "intensity": 3, ...}`. Fields of another
    kind are rejected. `observed_at` may not be in the future. An `adkar` check needs at least
    one score; a `peer_nomination`'s `nominated_by_id` must be another stakeholder of the
    workspace.
    """
    return service.signal_public(service.create_signal(tx, access, body))


@router.get("/signals", operation_id="list_signals", response_model=SignalPage)
def list_signals(
    access: ReaderDep,
    session: SessionDep,
    page: PageDep,
    stakeholder_id: StakeholderFilter = None,
    team_id: TeamFilter = None,
    kind: SignalKind | None = None,
    source: SignalSource | None = None,
    observed_from: time_filter("Observed at or after") = None,
    observed_to: time_filter("Observed at or before") = None,
):
    """Signals in the order they were logged (oldest first), with optional filters."""
    stmt = service.list_signals_stmt(
        access.workspace_id,
        stakeholder_id=stakeholder_id,
        team_id=team_id,
        kind=kind,
        source=source,
        observed_from=observed_from,
        observed_to=observed_to,
    )
    rows, cursor = paginate(session, stmt, Signal, page)
    return SignalPage(items=[service.signal_public(s) for s in rows], next_cursor=cursor)


@router.get("/signals/{signal_id}", operation_id="get_signal", response_model=SignalPublic)
def get_signal(access: ReaderDep, signal: SignalDep):
    """A signal, flat: the common fields plus its kind's own."""
    return service.signal_public(signal)


@router.patch("/signals/{signal_id}", operation_id="update_signal", response_model=SignalPublic)
def update_signal(access: WriterDep, signal: SignalDep, body: SignalUpdate, session: SessionDep):
    """Change a signal's common fields or its kind's own fields; only the fields sent change.

    `kind` cannot change (422): delete the signal and record a new one. Fields of another kind
    are rejected, and the result must pass the rules of create.
    """
    changes = body.model_dump(exclude_unset=True)
    return service.signal_public(service.update_signal(session, access, signal, changes))


@router.delete(
    "/signals/{signal_id}", operation_id="delete_signal", status_code=status.HTTP_204_NO_CONTENT
)
def delete_signal(access: WriterDep, signal: SignalDep, session: SessionDep):
    """Delete a signal; the feed gets a `signal.deleted` tombstone."""
    crud.delete(session, access, signal)
