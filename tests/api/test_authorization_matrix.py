"""Every workspace route x every kind of caller, generated from the app's own routes.

A new route fails this test until it is classified in POLICY and given a sample request, so
nothing ships without a decision about who may call it.
"""

import pytest
import yaml

from api.openapi import render
from tests.factories import Workspace, make_user, make_workspace

WS_PREFIX = "/api/v1/workspaces/{workspace_id}"
CALLERS = ["anonymous", "viewer", "lead", "owner", "other_owner", "read_token", "write_token"]

# Who may call what:
#   member  - anyone in the workspace, any token
#   records - as member, but not viewers (records about named people)
#   write   - leads, owners and write tokens
#   owner   - signed-in owners only
POLICY = {
    "get_workspace": "member",
    "update_workspace": "owner",
    "list_members": "member",
    "add_member": "owner",
    "update_member": "owner",
    "remove_member": "owner",
    "create_token": "owner",
    "list_tokens": "owner",
    "revoke_token": "owner",
    "create_team": "write",
    "list_teams": "member",
    "get_team": "member",
    "update_team": "write",
    "delete_team": "write",
    "create_stakeholder": "write",
    "list_stakeholders": "member",
    "get_stakeholder": "member",
    "update_stakeholder": "write",
    "delete_stakeholder": "write",
    "list_events": "records",
    "get_stakeholder_timeline": "records",
    "list_scores": "member",
    "get_stakeholder_score": "records",
    "get_stakeholder_score_history": "records",
    "get_scoring_settings": "owner",
    "put_scoring_settings": "owner",
    "get_next_actions": "records",
    "get_team_insights": "member",
    "get_challenges": "member",
    "put_focus_challenge": "write",
    "get_trends": "member",
    "create_webhook": "owner",
    "list_webhooks": "owner",
    "get_webhook": "owner",
    "update_webhook": "owner",
    "delete_webhook": "owner",
    "list_webhook_deliveries": "owner",
    "send_test_webhook": "owner",
    "import_stakeholders_csv": "write",
    "import_conversations_csv": "write",
    "export_teams_csv": "member",
    "export_stakeholders_csv": "member",
    "export_scores_csv": "member",
    "export_conversations_csv": "records",
    "export_concerns_csv": "records",
    "export_acknowledgements_csv": "records",
    "export_signals_csv": "records",
    "export_commitments_csv": "records",
    "export_workspace": "owner",
}
RECORDS = {
    "conversation": "conversations",
    "acknowledgement": "acknowledgements",
    "commitment": "commitments",
    "concern": "concerns",
    "signal": "signals",
}
for _one, _many in RECORDS.items():
    POLICY.update(
        {
            f"create_{_one}": "write",
            f"list_{_many}": "records",
            f"get_{_one}": "records",
            f"update_{_one}": "write",
            f"delete_{_one}": "write",
        }
    )

ALLOWED = {
    "member": {"viewer", "lead", "owner", "read_token", "write_token"},
    "records": {"lead", "owner", "read_token", "write_token"},
    "write": {"lead", "owner", "write_token"},
    "owner": {"owner"},
}


def _new_member(ws: Workspace) -> str:
    user = make_user(ws.engine)
    ws.client.post(ws.url("/members"), json={"email": user.email, "role": "lead"})
    return str(user.id)


def _record_bodies(sid: str) -> dict[str, dict]:
    return {
        "conversations": {"stakeholder_id": sid, "occurred_at": "2026-03-02T09:30:00Z", "tone": 1},
        "acknowledgements": {
            "stakeholder_id": sid,
            "acknowledged_at": "2026-03-02T09:30:00Z",
            "area": "QI: PDSA cycles",
        },
        "commitments": {"stakeholder_id": sid, "description": "Share the audit"},
        "concerns": {"stakeholder_id": sid, "text": "No time on nights", "severity": 2},
        "signals": {
            "stakeholder_id": sid,
            "observed_at": "2026-03-02T09:30:00Z",
            "kind": "quick_win",
        },
    }


def _record_factory(many: str):
    def make(ws: Workspace) -> str:
        sid = ws.stakeholder()["id"]
        return ws.create(f"/{many}", _record_bodies(sid)[many])["id"]

    return make


# A public literal address passes the URL checks without DNS; no worker runs, so no traffic.
WEBHOOK_BODY = {"url": "https://93.184.215.14/rapport", "event_types": ["concern.*"]}

# How to make a fresh object for each path parameter (a fresh one per call: deletes consume).
PATH_FACTORIES = {
    **{f"{one}_id": _record_factory(many) for one, many in RECORDS.items()},
    "team_id": lambda ws: ws.team()["id"],
    "stakeholder_id": lambda ws: ws.stakeholder()["id"],
    "user_id": _new_member,
    "token_id": lambda ws: ws.create("/tokens", {"name": "t", "scope": "read"})["id"],
    "webhook_id": lambda ws: ws.create("/webhooks", WEBHOOK_BODY)["id"],
}


def _sample_bodies(ws: Workspace) -> dict:
    sid = ws.stakeholder(name="Body target")["id"]
    records = _record_bodies(sid)
    return {
        **{f"create_{one}": (lambda m=many: records[m]) for one, many in RECORDS.items()},
        "update_conversation": lambda: {"tone": 2},
        "update_acknowledgement": lambda: {"note": "At grand rounds"},
        "update_commitment": lambda: {"status": "kept"},
        "update_concern": lambda: {"status": "being_addressed"},
        "update_signal": lambda: {"note": "Seen at huddle"},
        "put_scoring_settings": lambda: {"values": {}},
        "put_focus_challenge": lambda: {"cfir_domain": "inner_setting"},
        "update_workspace": lambda: {"name": "Renamed"},
        "add_member": lambda: {"email": make_user(ws.engine).email, "role": "viewer"},
        "update_member": lambda: {"role": "viewer"},
        "create_token": lambda: {"name": "Warehouse", "scope": "read"},
        "create_team": lambda: {"name": "ICU"},
        "update_team": lambda: {"name": "ICU North"},
        "create_stakeholder": lambda: {"name": "Sam Rivera", "role_type": "opinion_leader"},
        "update_stakeholder": lambda: {"title": "Charge nurse"},
        "create_webhook": lambda: WEBHOOK_BODY,
        "update_webhook": lambda: {"description": "Warehouse"},
    }


# Operations whose body is not JSON: the request's keyword arguments (imports are dry runs).
RAW_REQUESTS = {
    "import_stakeholders_csv": {
        "content": "name,role_type\r\nSam Rivera,opinion_leader\r\n",
        "headers": {"content-type": "text/csv"},
    },
    "import_conversations_csv": {
        "content": "stakeholder,occurred_at,tone\r\nBody target,2026-03-02T09:30:00Z,1\r\n",
        "headers": {"content-type": "text/csv"},
    },
}


def _operations() -> list[tuple[str, str, str, dict]]:
    spec = yaml.safe_load(render())
    ops = []
    for path, item in spec["paths"].items():
        if not path.startswith(WS_PREFIX):
            continue
        for method, op in item.items():
            ops.append((op["operationId"], method.upper(), path, op))
    return sorted(ops)


OPERATIONS = _operations()


def test_every_workspace_route_is_classified():
    unclassified = [op_id for op_id, *_ in OPERATIONS if op_id not in POLICY]
    assert unclassified == [], f"add these operations to POLICY: {unclassified}"
    stale = sorted(set(POLICY) - {op_id for op_id, *_ in OPERATIONS})
    assert stale == [], f"POLICY names operations that no longer exist: {stale}"


def _success_status(op: dict) -> int:
    return min(int(code) for code in op["responses"] if code.startswith("2"))


@pytest.mark.parametrize(
    ("op_id", "method", "path", "op"), OPERATIONS, ids=[o[0] for o in OPERATIONS]
)
def test_route_answers_each_caller_as_its_policy_says(app, db, op_id, method, path, op):
    ws = make_workspace(app, db)
    other = make_workspace(app, db, name="Other tenant")
    clients = {
        "anonymous": ws.client.__class__(app, raise_server_exceptions=False),
        "viewer": ws.member("viewer"),
        "lead": ws.member("lead"),
        "owner": ws.client,
        "other_owner": other.client,
        "read_token": ws.token_client("read"),
        "write_token": ws.token_client("write"),
    }
    bodies = _sample_bodies(ws)
    allowed = ALLOWED[POLICY[op_id]]
    results = {}
    for caller in CALLERS:
        url = path.replace("{workspace_id}", ws.id)
        for name, factory in PATH_FACTORIES.items():
            if "{" + name + "}" in url:
                url = url.replace("{" + name + "}", factory(ws))
        kwargs = RAW_REQUESTS.get(op_id) or ({"json": bodies[op_id]()} if op_id in bodies else {})
        response = clients[caller].request(method, url, **kwargs)
        results[caller] = response.status_code
    expected = {
        caller: (
            401
            if caller == "anonymous"
            else 404
            if caller == "other_owner"
            else _success_status(op)
            if caller in allowed
            else 403
        )
        for caller in CALLERS
    }
    assert results == expected
