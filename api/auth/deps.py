"""Who is calling, and what they may do in the workspace named by the path.

Tenancy lives here: every workspace route depends on `workspace_access`, which answers 404 for
a workspace the caller cannot see (never 403: that would confirm it exists).
"""

import inspect
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, Path, Request
from sqlmodel import select

from api.auth.models import ApiToken, User, UserSession
from api.auth.ratelimit import check_request_allowed
from api.auth.security import hash_secret, same
from api.db import SessionDep
from api.kit.errors import Forbidden, NotFound, TooManyRequests, Unauthorized
from api.kit.prepared import Prepared, connection_of
from api.kit.routing import IN_TRIP, InTrip
from api.kit.time import utcnow
from api.kit.unit import Tx, orm
from api.workspaces.models import Membership, Role

SESSION_COOKIE = "rapport_session"
CSRF_COOKIE = "rapport_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class TokenIdentity:
    """What a request needs of the API token it came with."""

    id: uuid.UUID
    workspace_id: uuid.UUID
    scope: str


_T = ApiToken.__table__
# Built once: every token-authenticated request runs it.
_TOKEN = Prepared(
    sa.select(_T.c.id, _T.c.workspace_id, _T.c.scope).where(
        _T.c.token_hash == sa.bindparam("token_hash"), _T.c.revoked_at.is_(None)
    )
)


_M = Membership.__table__
# A user's role in a workspace; no row if they are not a member.
MEMBER_ROLE = Prepared(
    sa.select(_M.c.role).where(
        _M.c.workspace_id == sa.bindparam("workspace_id"), _M.c.user_id == sa.bindparam("user_id")
    )
)


@dataclass(frozen=True)
class Principal:
    user: User | None = None
    token: TokenIdentity | None = None

    @property
    def user_id(self) -> uuid.UUID | None:
        return self.user.id if self.user else None

    @property
    def token_id(self) -> uuid.UUID | None:
        return self.token.id if self.token else None


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise Unauthorized("The Authorization header must be 'Bearer <token>'")
    return value.strip()


def _limit(request: Request, key: str) -> None:
    try:
        request.state.rate_limit = check_request_allowed(key)
    except TooManyRequests as exc:
        request.state.rate_limit = exc.rate_limit
        raise


def get_principal(request: Request, session: SessionDep) -> Principal:  # or a Unit
    """The caller, once per request (and counted once by the rate limiter)."""
    found = getattr(request.state, "principal", None)
    if found is None:
        found = request.state.principal = _principal(request, session)
    return found


def _principal(request: Request, session: Tx) -> Principal:
    raw_token = _bearer(request)
    if raw_token is not None:
        row = _TOKEN.first(connection_of(session), {"token_hash": hash_secret(raw_token)})
        if row is None:
            raise Unauthorized("The API token is invalid or has been revoked")
        token = TokenIdentity(*row)
        _limit(request, f"token:{token.id}")
        return Principal(token=token)

    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        raise Unauthorized("Sign in, or send an API token")
    session = orm(session)  # the user is an ORM object: endpoints may change it
    row = session.exec(
        select(UserSession).where(UserSession.token_hash == hash_secret(cookie))
    ).first()
    if row is None or row.expires_at <= utcnow():
        raise Unauthorized("Your session has expired; sign in again")
    _limit(request, f"session:{row.id}")
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not sent or not same(hash_secret(sent), row.csrf_hash):
            raise Forbidden(
                f"Missing or wrong {CSRF_HEADER} header; send the value of the "
                f"{CSRF_COOKIE} cookie",
                code="csrf_failed",
            )
    user = session.get(User, row.user_id)
    if user is None:
        raise Unauthorized("Your session has expired; sign in again")
    return Principal(user=user)


PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def current_user(principal: PrincipalDep) -> User:
    if principal.user is None:
        raise Forbidden("This endpoint needs a signed-in user, not an API token")
    return principal.user


CurrentUser = Annotated[User, Depends(current_user)]


@dataclass(frozen=True)
class Access:
    """The caller's standing in one workspace."""

    workspace_id: uuid.UUID
    principal: Principal
    role: Role
    can_write: bool

    @property
    def is_viewer(self) -> bool:
        return self.role == Role.viewer

    @property
    def actor_user_id(self) -> uuid.UUID | None:
        return self.principal.user_id


def workspace_access(
    workspace_id: Annotated[uuid.UUID, Path(description="The workspace's id")],
    request: Request,
    session: SessionDep,  # or a Unit, in the endpoint's trip
) -> Access:
    # The principal is resolved here rather than as a dependency of its own: a synchronous
    # dependency is one trip to the worker thread pool, and every workspace request needs both.
    principal = get_principal(request, session)
    if principal.token is not None:
        if principal.token.workspace_id != workspace_id:
            raise NotFound("No such workspace")
        # A token acts as a lead would: integrations read and write records, never
        # manage people or credentials.
        return Access(
            workspace_id, principal, Role.lead, can_write=principal.token.scope == "write"
        )
    role = MEMBER_ROLE.scalar(
        connection_of(session), {"workspace_id": workspace_id, "user_id": principal.user_id}
    )
    if role is None:
        raise NotFound("No such workspace")
    role = Role(role)
    return Access(workspace_id, principal, role, can_write=role != Role.viewer)


AccessDep = Annotated[Access, Depends(workspace_access)]


def _records_reader(access: Access) -> Access:
    """Conversations, concerns and notes about named people are not for viewers."""
    if access.is_viewer:
        raise Forbidden("Viewers see the champion map and aggregates, not individual records")
    return access


def _writer(access: Access) -> Access:
    if not access.can_write:
        if access.principal.token is not None:
            raise Forbidden("This API token has read scope; writes need a write token")
        raise Forbidden("Your role in this workspace is read only")
    return access


def _owner(access: Access) -> Access:
    if access.principal.token is not None:
        raise Forbidden("Only a workspace owner, signed in, may do this; tokens may not")
    if access.role != Role.owner:
        raise Forbidden("Only a workspace owner may do this")
    return access


async def require_records_reader(access: AccessDep) -> Access:
    return _records_reader(access)


async def require_writer(access: AccessDep) -> Access:
    return _writer(access)


async def require_owner(access: AccessDep) -> Access:
    return _owner(access)


ReaderDep = Annotated[Access, Depends(require_records_reader)]
WriterDep = Annotated[Access, Depends(require_writer)]
OwnerDep = Annotated[Access, Depends(require_owner)]


# --- the same checks, in the endpoint's own worker-thread trip (api/kit/routing.py) ---------


_WORKSPACE_ID = inspect.signature(workspace_access, eval_str=True).parameters["workspace_id"]


def _in_trip(check: Callable[[Access], Access]) -> InTrip:
    def resolve(workspace_id: uuid.UUID, request: Request, session: Tx) -> Access:
        return check(workspace_access(workspace_id, request, session))

    return InTrip(resolve, _WORKSPACE_ID)


IN_TRIP.update(
    {
        workspace_access: _in_trip(lambda access: access),
        require_records_reader: _in_trip(_records_reader),
        require_writer: _in_trip(_writer),
        require_owner: _in_trip(_owner),
    }
)
