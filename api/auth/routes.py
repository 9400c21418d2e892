from fastapi import Request, Response

from api.auth import service
from api.auth.deps import CSRF_COOKIE, SESSION_COOKIE, CurrentUser, PrincipalDep
from api.auth.ratelimit import check_login_allowed, record_login_failure
from api.auth.schemas import LoginIn, UserPublic
from api.db import SessionDep
from api.kit.errors import ERROR_RESPONSES, Unauthorized
from api.kit.routing import Router
from api.settings import get_settings

router = Router(prefix="/auth", tags=["auth"], responses=ERROR_RESPONSES)


@router.post("/login", operation_id="login", response_model=UserPublic)
def login(body: LoginIn, request: Request, response: Response, session: SessionDep):
    """Sign in with email and password (the browser's way in).

    Sets two cookies: `rapport_session` (HttpOnly) and `rapport_csrf` (readable by the page).
    Every later POST, PATCH or DELETE made with the session cookie must send the value of
    `rapport_csrf` in the `X-CSRF-Token` header. Integrations should use API tokens instead.
    Repeated failures are throttled per account and per client address (429 with Retry-After).
    """
    address = request.client.host if request.client else "unknown"
    check_login_allowed(body.email, address)
    user = service.authenticate(session, body.email, body.password)
    if user is None:
        record_login_failure(body.email, address)
        raise Unauthorized("Wrong email or password")
    secret, csrf = service.start_session(session, user)
    settings = get_settings()
    max_age = settings.session_ttl_hours * 3600
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )
    response.set_cookie(
        CSRF_COOKIE,
        csrf,
        max_age=max_age,
        httponly=False,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )
    return UserPublic.model_validate(user, from_attributes=True)


@router.post("/logout", operation_id="logout", status_code=204)
def logout(request: Request, response: Response, session: SessionDep, _: PrincipalDep) -> None:
    """End the browser session and clear its cookies."""
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        service.end_session(session, secret)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


@router.get("/me", operation_id="get_me", response_model=UserPublic)
def me(user: CurrentUser):
    """The signed-in user."""
    return UserPublic.model_validate(user, from_attributes=True)
