"""Load a record named in the path, or 404 when it is not in the caller's workspace.

Each loader first requires a role that may read records (viewers get 403), so a viewer cannot
probe which record ids exist.
"""

import uuid
from typing import Annotated

from fastapi import Depends, Path, Query

from api.auth.deps import ReaderDep
from api.db import SessionDep
from api.kit import crud
from api.kit.types import NO_NUL
from api.records.cfir import CfirConstructOrNone, CfirDomainOrNone
from api.records.models import Acknowledgement, Commitment, Concern, Conversation, Signal
from api.records.types import TimeFilter


def valid_conversation(
    conversation_id: Annotated[uuid.UUID, Path()], access: ReaderDep, session: SessionDep
) -> Conversation:
    return crud.get_scoped(session, Conversation, access.workspace_id, conversation_id)


def valid_concern(
    concern_id: Annotated[uuid.UUID, Path()], access: ReaderDep, session: SessionDep
) -> Concern:
    return crud.get_scoped(session, Concern, access.workspace_id, concern_id)


def valid_acknowledgement(
    acknowledgement_id: Annotated[uuid.UUID, Path()], access: ReaderDep, session: SessionDep
) -> Acknowledgement:
    return crud.get_scoped(session, Acknowledgement, access.workspace_id, acknowledgement_id)


def valid_signal(
    signal_id: Annotated[uuid.UUID, Path()], access: ReaderDep, session: SessionDep
) -> Signal:
    return crud.get_scoped(session, Signal, access.workspace_id, signal_id)


def valid_commitment(
    commitment_id: Annotated[uuid.UUID, Path()], access: ReaderDep, session: SessionDep
) -> Commitment:
    return crud.get_scoped(session, Commitment, access.workspace_id, commitment_id)


ConversationDep = Annotated[Conversation, Depends(valid_conversation)]
ConcernDep = Annotated[Concern, Depends(valid_concern)]
AcknowledgementDep = Annotated[Acknowledgement, Depends(valid_acknowledgement)]
SignalDep = Annotated[Signal, Depends(valid_signal)]
CommitmentDep = Annotated[Commitment, Depends(valid_commitment)]

# Filters every record list shares.
StakeholderFilter = Annotated[
    uuid.UUID | None, Query(description="Only records about this stakeholder")
]
TeamFilter = Annotated[
    uuid.UUID | None, Query(description="Only records about stakeholders in this team")
]


CfirDomainFilter = Annotated[
    CfirDomainOrNone | None,
    Query(description="Only concerns under this CFIR 2.0 domain; `none`: those that name none"),
]
CfirConstructFilter = Annotated[
    CfirConstructOrNone | None,
    Query(
        description="Only concerns naming this CFIR 2.0 construct, which must belong to "
        "`cfir_domain` when that is given; `none`: those that name no construct"
    ),
]


ConcernSearch = Annotated[
    str | None,
    Query(
        max_length=200,
        pattern=NO_NUL,
        description="Only concerns whose text, or whose stakeholder's name, contains this "
        "(ignoring case and accents; blank: no filter)",
    ),
]


def time_filter(what: str):
    return Annotated[TimeFilter | None, Query(description=f"{what} (inclusive; with offset)")]
