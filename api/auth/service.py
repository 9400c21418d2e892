import uuid
from datetime import timedelta

from sqlmodel import Session, select

from api.auth.models import ApiToken, User, UserSession
from api.auth.security import TOKEN_PREFIX, hash_password, hash_secret, new_secret, verify_password
from api.kit.errors import Conflict, NotFound
from api.kit.time import utcnow
from api.settings import get_settings


def create_user(session: Session, email: str, password: str, name: str = "") -> User:
    email = email.strip().lower()
    if session.exec(select(User).where(User.email == email)).first():
        raise Conflict(f"A user with email {email} already exists")
    user = User(email=email, name=name, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    ok = verify_password(user.password_hash if user else None, password)
    return user if ok and user else None


def start_session(session: Session, user: User) -> tuple[str, str]:
    """Returns (session secret, csrf secret); only their hashes are stored."""
    secret, csrf = new_secret(), new_secret()
    ttl = timedelta(hours=get_settings().session_ttl_hours)
    session.add(
        UserSession(
            user_id=user.id,
            token_hash=hash_secret(secret),
            csrf_hash=hash_secret(csrf),
            expires_at=utcnow() + ttl,
        )
    )
    session.flush()
    return secret, csrf


def end_session(session: Session, secret: str) -> None:
    row = session.exec(
        select(UserSession).where(UserSession.token_hash == hash_secret(secret))
    ).first()
    if row is not None:
        session.delete(row)


def create_token(
    session: Session, workspace_id: uuid.UUID, name: str, scope: str, created_by: uuid.UUID | None
) -> tuple[ApiToken, str]:
    secret = new_secret(TOKEN_PREFIX)
    token = ApiToken(
        workspace_id=workspace_id,
        name=name,
        scope=scope,
        token_hash=hash_secret(secret),
        prefix=secret[:10],
        created_by=created_by,
    )
    session.add(token)
    session.flush()
    return token, secret


def list_tokens_stmt(workspace_id: uuid.UUID):
    return select(ApiToken).where(ApiToken.workspace_id == workspace_id)


def get_token(session: Session, workspace_id: uuid.UUID, token_id: uuid.UUID) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or token.workspace_id != workspace_id:
        raise NotFound("No such token")
    return token


def revoke_token(session: Session, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        token.updated_at = token.revoked_at
        session.add(token)
        session.flush()
    return token
