"""Property-based API testing from the app's own OpenAPI, with every schemathesis check.

Authenticated with a write token; `workspace_id` is pinned to the token's workspace so the
generated requests reach the handlers instead of stopping at the tenancy check.

The suite's run is repeatable (25 examples an operation, derandomised). To hunt for more,
`RAPPORT_SCHEMATHESIS_EXAMPLES=300 pytest tests/api/test_schemathesis.py -k sqlite` runs that
many fresh random examples an operation.
"""

import os
import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

from api.main import create_app
from api.records.cfir import construct_in_domain
from api.settings import Settings
from tests.factories import make_workspace


@pytest.fixture
def st_env(app, db):
    APP.state.engine = app.state.engine
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

EXAMPLES = int(os.environ.get("RAPPORT_SCHEMATHESIS_EXAMPLES", "0"))
ALL_CHECKS = [CHECKS.get_one(name) for name in CHECKS.get_all_names()]

# Checks switched off for one operation, each with its reason.
# Every exclusion is `positive_data_acceptance` for a rule JSON Schema cannot state, so a
# schema-valid request may be rightly refused with 422; every other check stays on.
_RULES = {
    # A construct must belong to the chosen domain.
    "put_focus_challenge": "construct/domain pairing",
    # Record times must not be in the future ("now" is not expressible in JSON Schema).
    "create_conversation": "occurred_at not in the future",
    "update_conversation": "occurred_at not in the future",
    "create_acknowledgement": "acknowledged_at not in the future",
    "update_acknowledgement": "acknowledged_at not in the future",
    # Also: an ADKAR check needs at least one rating; a nomination is never by oneself.
    "create_signal": "observed_at not in the future; one ADKAR rating at least",
    "update_signal": "observed_at not in the future; kind-specific cross-field rules",
    # Also: the loop is closed only on a resolved or dismissed concern.
    "create_concern": "raised_at not in the future; loop_closed_on needs a closed status",
    "update_concern": "status_changed_at not before raised_at; loop_closed_on rule",
    # due_on is a plausible date (2000-2099); a linked conversation is the same person's.
    "create_commitment": "due_on range; conversation belongs to the stakeholder",
    "update_commitment": "due_on range; conversation belongs to the stakeholder",
    # Ranges are bounded (104 weeks, 400 steps) and end no later than today; trends start in
    # 2000 or later, as records do.
    "get_trends": "bounded range from 2000 ending today or earlier",
    "get_stakeholder_score_history": "bounded range ending today or earlier",
    # The caller's date is at most a day from today's UTC date.
    "get_next_actions": "today within a day of the UTC date",
    # as_of may not be in the future.
    "list_scores": "as_of not in the future",
    "get_stakeholder_score": "as_of not in the future",
    "export_scores_csv": "as_of not in the future",
    # A text/csv body is any string to JSON Schema; its header must name the columns.
    "import_stakeholders_csv": "CSV header and cells",
    "import_conversations_csv": "CSV header and cells",
}
EXCLUDED_CHECKS = {op: ["positive_data_acceptance"] for op in _RULES}


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
        # Cursors are opaque: a made-up one is rightly 422. Start from the first page instead.
        del case.query["cursor"]
    if isinstance(case.query, dict) and case.query.get("team_id") and case.query.get("no_team"):
        # One team and no team at once is rightly 422 (tests/api/test_scores.py); keep the team.
        del case.query["no_team"]
    if isinstance(case.query, dict) and _construct_outside_domain(case.query):
        # A construct of another domain is rightly 422 (tests/api/test_records_concerns.py).
        del case.query["cfir_construct"]
    if case.headers is not None and "Idempotency-Key" in case.headers:
        # A key reused with another body is rightly 422; each generated request gets its own.
        case.headers["Idempotency-Key"] = uuid.uuid4().hex
    if case.headers is not None and "If-Match" in case.headers:
        # A made-up ETag is rightly 412 (tests/api/test_etags.py covers If-Match).
        del case.headers["If-Match"]


def _construct_outside_domain(query: dict) -> bool:
    domain, construct = query.get("cfir_domain"), query.get("cfir_construct")
    if not isinstance(domain, str) or not isinstance(construct, str) or construct == "none":
        return False
    return not construct_in_domain(domain, construct)


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@schema.parametrize()
@settings(
    max_examples=EXAMPLES or 25,
    derandomize=not EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, st_env):
    _use_real_references(case, st_env)
    params = case.path_parameters or {}
    if _is_uuid(params.get("workspace_id")):
        # Only well-formed ids are pinned, so negative cases keep their malformed id.
        params["workspace_id"] = st_env["ws"].id
    excluded = EXCLUDED_CHECKS.get(case.operation.definition.raw.get("operationId"), [])
    case.call_and_validate(
        headers={"Authorization": st_env["auth"]},
        checks=[c for c in ALL_CHECKS if c.__name__ not in excluded],
    )
