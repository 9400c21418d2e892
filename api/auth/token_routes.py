import uuid

from api.auth import service
from api.auth.deps import OwnerDep
from api.auth.schemas import TokenCreate, TokenCreated, TokenPublic
from api.db import SessionDep
from api.kit.errors import WRITE_RESPONSES
from api.kit.pagination import Page, PageDep, paginate
from api.kit.routing import Router

router = Router(
    prefix="/workspaces/{workspace_id}/tokens", tags=["tokens"], responses=WRITE_RESPONSES
)


@router.post("", operation_id="create_token", status_code=201, response_model=TokenCreated)
def create_token(body: TokenCreate, access: OwnerDep, session: SessionDep):
    """Create an API token for this workspace (owners only).

    The secret is in `token` and is shown only in this response; Rapport keeps only its hash.
    Send it as `Authorization: Bearer <token>`. A `read` token may call every GET of this
    workspace; a `write` token may also create, change and delete records.
    """
    token, secret = service.create_token(
        session, access.workspace_id, body.name, body.scope, access.actor_user_id
    )
    return TokenCreated.model_validate({**token.model_dump(), "token": secret})


@router.get("", operation_id="list_tokens", response_model=Page[TokenPublic])
def list_tokens(access: OwnerDep, session: SessionDep, page: PageDep):
    """The workspace's API tokens, revoked ones included; secrets are never shown again."""
    rows, cursor = paginate(
        session, service.list_tokens_stmt(access.workspace_id), service.ApiToken, page
    )
    return Page(
        items=[TokenPublic.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=cursor,
    )


@router.delete("/{token_id}", operation_id="revoke_token", response_model=TokenPublic)
def revoke_token(token_id: uuid.UUID, access: OwnerDep, session: SessionDep):
    """Revoke a token. It stops working immediately."""
    token = service.get_token(session, access.workspace_id, token_id)
    return TokenPublic.model_validate(service.revoke_token(session, token), from_attributes=True)
