import uuid

from fastapi import status

from api.auth.deps import AccessDep, CurrentUser, OwnerDep, PrincipalDep
from api.db import SessionDep
from api.kit.errors import WRITE_RESPONSES
from api.kit.routing import Router
from api.workspaces import service
from api.workspaces.models import Workspace
from api.workspaces.schemas import (
    MemberCreate,
    MemberPublic,
    MemberUpdate,
    WorkspaceCreate,
    WorkspacePublic,
    WorkspaceUpdate,
)

router = Router(prefix="/workspaces", tags=["workspaces"], responses=WRITE_RESPONSES)
WS = "/{workspace_id}"


@router.post("", operation_id="create_workspace", status_code=201, response_model=WorkspacePublic)
def create_workspace(body: WorkspaceCreate, user: CurrentUser, session: SessionDep):
    """Start a change initiative. The signed-in user becomes its owner."""
    ws = service.create_workspace(session, user, body)
    return service.public_workspace(ws, "owner")


@router.get("", operation_id="list_workspaces", response_model=list[WorkspacePublic])
def list_workspaces(principal: PrincipalDep, session: SessionDep):
    """The workspaces the caller belongs to, with the caller's role in each.

    With an API token this is the token's one workspace (and `role` is null).
    """
    return service.my_workspaces(session, principal)


@router.get(WS, operation_id="get_workspace", response_model=WorkspacePublic)
def get_workspace(access: AccessDep, session: SessionDep):
    """One workspace, with the caller's role in it."""
    ws = session.get(Workspace, access.workspace_id)
    role = access.role.value if access.principal.user else None
    return service.public_workspace(ws, role)


@router.patch(WS, operation_id="update_workspace", response_model=WorkspacePublic)
def update_workspace(body: WorkspaceUpdate, access: OwnerDep, session: SessionDep):
    """Rename or describe the workspace (owners only)."""
    return service.public_workspace(service.update_workspace(session, access, body), "owner")


@router.get(WS + "/members", operation_id="list_members", response_model=list[MemberPublic])
def list_members(access: AccessDep, session: SessionDep):
    """Everyone in the workspace and their role."""
    return service.list_members(session, access.workspace_id)


@router.post(
    WS + "/members", operation_id="add_member", status_code=201, response_model=MemberPublic
)
def add_member(body: MemberCreate, access: OwnerDep, session: SessionDep):
    """Add an existing user, by email, with a role (owners only)."""
    return service.add_member(session, access, body.email, body.role)


@router.patch(WS + "/members/{user_id}", operation_id="update_member", response_model=MemberPublic)
def update_member(user_id: uuid.UUID, body: MemberUpdate, access: OwnerDep, session: SessionDep):
    """Change a member's role (owners only). The last owner cannot be demoted (409)."""
    return service.change_role(session, access, user_id, body.role)


@router.delete(
    WS + "/members/{user_id}", operation_id="remove_member", status_code=status.HTTP_204_NO_CONTENT
)
def remove_member(user_id: uuid.UUID, access: OwnerDep, session: SessionDep) -> None:
    """Remove a member (owners only). The last owner cannot be removed (409)."""
    service.remove_member(session, access, user_id)
