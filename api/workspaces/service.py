import uuid

from sqlmodel import Session, func, select

from api.auth.deps import Access, Principal
from api.auth.models import User
from api.events.service import record_event
from api.kit import crud
from api.kit.errors import Conflict, InvalidInput, NotFound
from api.kit.time import utcnow
from api.workspaces.models import Membership, Role, Workspace
from api.workspaces.schemas import MemberPublic, WorkspaceCreate, WorkspacePublic, WorkspaceUpdate


def create_workspace(session: Session, user: User, data: WorkspaceCreate) -> Workspace:
    ws = Workspace(name=data.name, description=data.description)
    session.add(ws)
    session.flush()
    session.add(Membership(workspace_id=ws.id, user_id=user.id, role=Role.owner))
    session.flush()
    access = Access(ws.id, Principal(user=user), Role.owner, True)
    record_event(
        session, access, "workspace.created", ws.id, public_workspace(ws).model_dump(mode="json")
    )
    return ws


def public_workspace(ws: Workspace, role: str | None = None) -> WorkspacePublic:
    return WorkspacePublic.model_validate({**ws.model_dump(), "role": role})


def my_workspaces(session: Session, principal: Principal) -> list[WorkspacePublic]:
    if principal.token is not None:
        ws = session.get(Workspace, principal.token.workspace_id)
        return [public_workspace(ws, None)] if ws else []
    rows = session.exec(
        select(Workspace, Membership.role)
        .join(Membership, Membership.workspace_id == Workspace.id)
        .where(Membership.user_id == principal.user_id)
        .order_by(Workspace.id)
    ).all()
    return [public_workspace(ws, role) for ws, role in rows]


def update_workspace(session: Session, access: Access, data: WorkspaceUpdate) -> Workspace:
    ws = session.get(Workspace, access.workspace_id)
    crud.lock_for_write(session, ws)  # If-Match, checked against the row as locked
    changes = data.model_dump(exclude_unset=True)
    for key, value in changes.items():
        if value is None:
            raise InvalidInput(f"body.{key}", "may not be null")
        setattr(ws, key, value)
    ws.updated_at = utcnow()
    session.add(ws)
    session.flush()
    record_event(
        session, access, "workspace.updated", ws.id, public_workspace(ws).model_dump(mode="json")
    )
    return ws


def _member_public(m: Membership, u: User) -> MemberPublic:
    return MemberPublic(
        id=m.id,
        workspace_id=m.workspace_id,
        user_id=u.id,
        email=u.email,
        name=u.name,
        role=m.role,
        created_at=m.created_at,
        updated_at=m.updated_at,
    )


def list_members(session: Session, workspace_id: uuid.UUID) -> list[MemberPublic]:
    rows = session.exec(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.workspace_id == workspace_id)
        .order_by(Membership.id)
    ).all()
    return [_member_public(m, u) for m, u in rows]


def _get_member(
    session: Session, workspace_id: uuid.UUID, user_id: uuid.UUID
) -> tuple[Membership, User]:
    row = session.exec(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.workspace_id == workspace_id, Membership.user_id == user_id)
    ).first()
    if row is None:
        raise NotFound("No such member")
    return row


def add_member(session: Session, access: Access, email: str, role: str) -> MemberPublic:
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None:
        raise InvalidInput("body.email", "no user has this email; create the user first")
    exists = session.exec(
        select(Membership).where(
            Membership.workspace_id == access.workspace_id, Membership.user_id == user.id
        )
    ).first()
    if exists:
        raise Conflict("This user is already a member of the workspace")
    m = Membership(workspace_id=access.workspace_id, user_id=user.id, role=role)
    session.add(m)
    session.flush()
    out = _member_public(m, user)
    record_event(session, access, "member.created", m.id, out.model_dump(mode="json"))
    return out


def _owner_count(session: Session, workspace_id: uuid.UUID) -> int:
    return session.exec(
        select(func.count())
        .select_from(Membership)
        .where(Membership.workspace_id == workspace_id, Membership.role == Role.owner)
    ).one()


def _guard_last_owner(session: Session, m: Membership) -> None:
    if m.role == Role.owner and _owner_count(session, m.workspace_id) <= 1:
        raise Conflict("A workspace must keep at least one owner", code="last_owner")


def change_role(session: Session, access: Access, user_id: uuid.UUID, role: str) -> MemberPublic:
    m, user = _get_member(session, access.workspace_id, user_id)
    if role != Role.owner:
        _guard_last_owner(session, m)
    m.role = role
    m.updated_at = utcnow()
    session.add(m)
    session.flush()
    out = _member_public(m, user)
    record_event(session, access, "member.updated", m.id, out.model_dump(mode="json"))
    return out


def remove_member(session: Session, access: Access, user_id: uuid.UUID) -> None:
    m, _user = _get_member(session, access.workspace_id, user_id)
    _guard_last_owner(session, m)
    session.delete(m)
    session.flush()
    record_event(session, access, "member.deleted", m.id, {"id": str(m.id), "deleted": True})
