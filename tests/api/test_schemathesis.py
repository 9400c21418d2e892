"""Property-based API testing from the app's own OpenAPI, with every schemathesis check.

Authenticated with a write token; `workspace_id` is pinned to the token's workspace so the
generated requests reach the handlers instead of stopping at the tenancy check.
"""

import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

from api.kit.pagination import encode_cursor
from api.main import create_app
from api.settings import Settings
from tests.factories import make_workspace


@pytest.fixture
def st_env(app, db):
    APP.dependency_overrides = app.dependency_overrides
    ws = make_workspace(app, db, name="Schemathesis")
    # Real objects for ids to land on now and then.
    team = ws.team()
    stakeholder = ws.stakeholder(team_id=team["id"])
    token = ws.token_client("write").headers["Authorization"]
    other = ws.stakeholder(name="Nominating Peer")
    ids = {
        "team_id": team["id"],
        "stakeholder_id": stakeholder["id"],
        "other_stakeholder_id": other["id"],
        "user_id": str(ws.owner.id),
    }
    if hasattr(ws, "conversation"):
        ids["conversation_id"] = ws.conversation(stakeholder["id"])["id"]
    return {"ws": ws, "auth": token, "ids": ids}


# Loaded at import so pytest can collect one test per operation; each test points this
# app's database session at the test database.
APP = create_app(Settings(environment="test"))
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)

ALL_CHECKS = [CHECKS.get_one(name) for name in CHECKS.get_all_names()]


REFERENCE_FIELDS = {
    "team_id": "team_id",
    "stakeholder_id": "stakeholder_id",
    "nominated_by_id": "other_stakeholder_id",
    "conversation_id": "conversation_id",
    "held_by": "user_id",
    "acknowledged_by": "user_id",
}


def _use_real_references(case, env) -> None:
    """Point well-formed ids in bodies and filters at real objects of the workspace.

    The schema cannot say "an id of this workspace"; a random UUID is rightly refused with
    422, so schema-valid cases get real ids. Malformed ids are left for the negative cases.
    """
    for container in (case.body, case.query):
        if not isinstance(container, dict):
            continue
        for field, key in REFERENCE_FIELDS.items():
            if _is_uuid(container.get(field)) and key in env["ids"]:
                container[field] = env["ids"][key]
    if isinstance(case.query, dict) and isinstance(case.query.get("cursor"), str):
        # Cursors are opaque: a made-up one is rightly 422. Use one the API could issue.
        case.query["cursor"] = encode_cursor({"id": env["ids"]["stakeholder_id"]})


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@schema.parametrize()
@settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, st_env):
    _use_real_references(case, st_env)
    params = case.path_parameters or {}
    if _is_uuid(params.get("workspace_id")):
        # Only well-formed ids are pinned, so negative cases keep their malformed id.
        params["workspace_id"] = st_env["ws"].id
    case.call_and_validate(headers={"Authorization": st_env["auth"]}, checks=ALL_CHECKS)
