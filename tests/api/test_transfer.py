"""Bulk data: CSV import and export, the workspace document, and the CLI (SQLite and PostgreSQL)."""

import json
import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from api.db import make_engine
from api.insights.readings import reconcile
from api.main import create_app
from api.migrations import upgrade
from api.records.models import Conversation
from api.settings import Settings
from api.stakeholders.models import Stakeholder
from api.transfer import csvio
from api.transfer.bulk import insert_rows
from tests.factories import make_user, make_workspace, run_rapport

CSV = {"content-type": "text/csv"}
WHEN = "2026-03-02T09:30:00Z"


def post_csv(ws, resource: str, text: str, client=None, **params):
    client = client or ws.client
    return client.post(ws.url(f"/import/{resource}"), params=params, content=text, headers=CSV)


def iso(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


def items(ws, path: str, client=None, **params) -> list[dict]:
    r = (client or ws.client).get(ws.url(path), params={"limit": 200, **params})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def report(rows, valid, errors, *, resource="conversations", dry_run=True, written=0, skipped=0):
    return {
        "resource": resource,
        "dry_run": dry_run,
        "rows": rows,
        "valid": valid,
        "invalid": rows - valid,
        "written": written,
        "skipped": skipped,
        "errors": errors,
        "errors_truncated": False,
        "import_id": None,
    }


# --- CSV import ---------------------------------------------------------------------------

BAD_CONVERSATIONS = (
    "stakeholder,occurred_at,tone,mode,competence,summary\r\n"
    f"amara@example.org,{WHEN},1,video,4,Good start\r\n"  # row 2: valid
    f"Dr. Amara Okafor,{WHEN},5,,,\r\n"  # row 3: tone out of range
    f"Dr. Amara Okafor,{WHEN},0,zoom,,\r\n"  # row 4: bad enum
    "Dr. Amara Okafor,2099-01-01T00:00:00Z,0,,,\r\n"  # row 5: in the future
    f"Nobody Known,{WHEN},0,,,\r\n"  # row 6: unknown stakeholder
    "\r\n"  # row 7: blank, skipped
    f"{{sid}},{WHEN},-2,phone,,Tense\r\n"  # row 8: valid, by id
    f"Dr. Amara Okafor,{WHEN},warm,,6,\r\n"  # row 9: two bad cells
)
BAD_ERRORS = [
    {"row": 3, "field": "tone", "message": "Input should be less than or equal to 2"},
    {
        "row": 4,
        "field": "mode",
        "message": "Input should be 'in_person', 'video', 'phone' or 'other'",
    },
    {"row": 5, "field": "occurred_at", "message": "Value error, must not be in the future"},
    {"row": 6, "field": "stakeholder", "message": "no stakeholder has this id, email or name"},
    {"row": 9, "field": "tone", "message": "must be a whole number"},
    {"row": 9, "field": "competence", "message": "Input should be less than or equal to 5"},
]


def test_dry_run_reports_every_bad_row_and_writes_nothing(ws):
    sid = ws.stakeholder(email="amara@example.org")["id"]
    r = post_csv(ws, "conversations", BAD_CONVERSATIONS.format(sid=sid))
    assert r.status_code == 200, r.text
    assert r.json() == report(7, 2, BAD_ERRORS)
    assert items(ws, "/conversations") == []
    assert items(ws, "/events", type="import.completed") == []


def test_real_import_with_a_bad_row_writes_nothing(ws):
    sid = ws.stakeholder(email="amara@example.org")["id"]
    r = post_csv(ws, "conversations", BAD_CONVERSATIONS.format(sid=sid), dry_run=False)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "import_invalid"
    assert error["message"].startswith("5 of 7 rows are invalid; nothing was written.")
    assert error["details"] == report(7, 2, BAD_ERRORS, dry_run=False)
    assert items(ws, "/conversations") == []
    assert items(ws, "/events", type="import.completed") == []


def test_skip_invalid_writes_only_the_good_rows_in_file_order(ws):
    sid = ws.stakeholder(email="amara@example.org")["id"]
    r = post_csv(
        ws, "conversations", BAD_CONVERSATIONS.format(sid=sid), dry_run=False, skip_invalid=True
    )
    assert r.status_code == 200, r.text
    body = r.json()
    import_id = body.pop("import_id")
    expected = report(7, 2, BAD_ERRORS, dry_run=False, written=2, skipped=5)
    del expected["import_id"]
    assert body == expected
    rows = items(ws, "/conversations")
    assert [(c["stakeholder_id"], c["tone"], c["mode"], c["summary"]) for c in rows] == [
        (sid, 1, "video", "Good start"),
        (sid, -2, "phone", "Tense"),
    ]
    assert rows[0]["ratings"] == {"authenticity": None, "competence": 4, "empathy": None}
    assert rows[0]["held_by"] == str(ws.owner.id)  # the signed-in caller, as in the API
    assert rows[0]["created_at"] == rows[0]["updated_at"] == rows[1]["created_at"]
    events = items(ws, "/events", type="import.completed")
    assert [e["resource_id"] for e in events] == [import_id]
    payload = events[0]["payload"]
    assert payload == {
        "import_id": import_id,
        "resource": "conversations",
        "rows": 7,
        "written": 2,
        "skipped": 5,
        "imported_at": rows[0]["created_at"],
    }
    assert items(ws, "/events", type="conversation.created") == []


def test_imported_conversations_score_exactly_like_the_same_ones_logged_by_api(ws, db):
    now = datetime.now(UTC)
    logged = ws.stakeholder(name="Logged", role_type="opinion_leader")["id"]
    imported = ws.stakeholder(name="Imported", role_type="opinion_leader")["id"]
    history = [(40, 2, 5, "2026-12-01", "true"), (12, 1, 4, "", "false"), (3, 2, "", "", "")]
    lines = ["stakeholder,occurred_at,tone,competence,next_contact_on,next_contact_scheduled"]
    for days, tone, competence, next_on, scheduled in history:
        at = iso(now - timedelta(days=days))
        body = {"occurred_at": at, "tone": tone}
        if competence:
            body["ratings"] = {"competence": competence}
        if next_on:
            body.update(next_contact_on=next_on, next_contact_scheduled=scheduled == "true")
        ws.conversation(logged, **body)
        lines.append(f"Imported,{at},{tone},{competence},{next_on},{scheduled}")
    r = post_csv(ws, "conversations", "\r\n".join(lines) + "\r\n", dry_run=False)
    assert r.status_code == 200, r.text
    assert r.json()["written"] == 3

    scores = {s["name"]: s for s in items(ws, "/scores")}
    assert scores["Imported"]["category"] == "neutral"  # not "unknown": the reading moved
    for key in ("stakeholder_id", "name"):
        scores["Logged"].pop(key), scores["Imported"].pop(key)
    assert scores["Imported"] == scores["Logged"]
    with Session(db) as session:
        assert reconcile(session, uuid.UUID(ws.id)) == []
    assert imported in {c["stakeholder_id"] for c in items(ws, "/conversations")}


ROLE_TYPE_MESSAGE = (
    "Input should be 'high_level_leader', 'mid_level_leader', 'opinion_leader', "
    "'implementation_facilitator', 'implementation_lead', 'implementation_team_member', "
    "'innovation_deliverer', 'innovation_recipient' or 'other'"
)
EMAIL_MESSAGE = "String should match pattern '^[^@\\x00-\\x20]+@[^@\\x00-\\x20]+$'"


def test_stakeholders_import_resolves_teams_and_parses_cells(ws):
    icu = ws.team(name="ICU")["id"]
    ws.team(name="Ward 4B")
    ws.team(name="Ward 4B")
    text = (
        "Name,Title,Team,Role_Type,Email,Tags,Influence_Manual,Archived\r\n"
        "Amara Okafor,Charge nurse,ICU,opinion_leader,Amara@Example.org,QI; PDSA ;,1.5,FALSE\r\n"
        f'"Ben, Jr.",,{icu},,,,,yes\r\n'
        "Cy,,Ward 4B,,,,,\r\n"
        "Dee,,Nowhere,chief,not-an-email,,2.5,maybe\r\n"
        ",,,,,,,\r\n"
    )
    r = post_csv(ws, "stakeholders", text, dry_run=False, skip_invalid=True)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["rows"], body["valid"], body["written"], body["skipped"]) == (5, 2, 2, 3)
    assert body["errors"] == [
        {"row": 4, "field": "team", "message": "matches 2 teams; use the id"},
        {"row": 5, "field": "team", "message": "no team has this id or name"},
        {"row": 5, "field": "archived", "message": "must be true or false"},
        {"row": 5, "field": "role_type", "message": ROLE_TYPE_MESSAGE},
        {"row": 5, "field": "email", "message": EMAIL_MESSAGE},
        {
            "row": 5,
            "field": "influence_manual",
            "message": "Input should be less than or equal to 2",
        },
        {"row": 6, "field": "name", "message": "Field required"},
    ]
    people = items(ws, "/stakeholders")
    fields = ("name", "title", "team_id", "role_type", "email", "tags", "influence_manual")
    assert [tuple(p[f] for f in (*fields, "archived")) for p in people] == [
        ("Amara Okafor", "Charge nurse", icu, "opinion_leader", "amara@example.org",
         ["QI", "PDSA"], 1.5, False),
        ("Ben, Jr.", "", icu, "other", None, [], None, True),
    ]  # fmt: skip


def test_imports_name_people_and_teams_ignoring_case_and_accents(ws):
    """A spreadsheet seldom spells a name exactly as Rapport does. An exact match wins; then
    any case and accents, when only one person (or team) could be meant."""
    zoe = ws.stakeholder(name="Zoë Ångström", email="Zoe.A@Example.org")["id"]
    plain = ws.stakeholder(name="Zoe Angstrom")["id"]  # the same name without accents
    elodie = ws.stakeholder(name="Élodie Müller")["id"]
    icu = ws.team(name="Soins Intensifs Médicaux")["id"]
    text = (
        "stakeholder,occurred_at,tone\r\n"
        f"ELODIE MULLER,{WHEN},1\r\n"  # row 2: one person folds to this
        f"Zoe Angstrom,{WHEN},1\r\n"  # row 3: exactly someone's name
        f"Zoë Ångström,{WHEN},1\r\n"  # row 4: exactly the other's
        f"zoe angstrom,{WHEN},1\r\n"  # row 5: either of them
        f"ZOE.A@EXAMPLE.ORG,{WHEN},1\r\n"  # row 6: an email in any case
    )
    r = post_csv(ws, "conversations", text, dry_run=False, skip_invalid=True)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["errors"] == [
        {"row": 5, "field": "stakeholder", "message": "matches 2 stakeholders; use the id"}
    ]
    logged = [c["stakeholder_id"] for c in items(ws, "/conversations")]
    assert logged == [elodie, plain, zoe, zoe]
    people = "name,team\r\nNew Person,soins intensifs medicaux\r\n"
    r = post_csv(ws, "stakeholders", people, dry_run=False)
    assert r.status_code == 200, r.text
    assert [p["team_id"] for p in items(ws, "/stakeholders") if p["name"] == "New Person"] == [icu]


def test_the_header_must_match(ws):
    r = post_csv(ws, "conversations", "stakeholder,when,Tone,tone\r\nx,y,1,1\r\n")
    assert r.status_code == 422
    assert r.json()["error"]["details"] == [
        {"field": "header.when", "message": "unknown column", "type": "invalid"},
        {"field": "header.tone", "message": "appears twice", "type": "invalid"},
        {"field": "header.occurred_at", "message": "missing required column", "type": "invalid"},
    ]
    r = post_csv(ws, "conversations", "")
    assert r.json()["error"]["details"][0]["message"] == "has no header row"


def test_multipart_upload_and_limits(ws, monkeypatch):
    ws.stakeholder()
    text = f"stakeholder,occurred_at,tone\r\nDr. Amara Okafor,{WHEN},1\r\n"
    r = ws.client.post(
        ws.url("/import/conversations"), files={"file": ("c.csv", text.encode(), "text/csv")}
    )
    assert (r.status_code, r.json()["valid"]) == (200, 1)

    r = ws.client.post(ws.url("/import/conversations"), json={"rows": []})
    assert (r.status_code, r.json()["error"]["code"]) == (415, "unsupported_media_type")
    r = post_csv(ws, "conversations", "stakeholder,occurred_at,tone\r\n\xff")
    assert r.status_code == 200  # the text is UTF-8 (ÿ), just not a valid row
    r = ws.client.post(ws.url("/import/conversations"), content=b"tone\r\n\xff\xfe", headers=CSV)
    assert r.json()["error"]["details"][0] == {
        "field": "body", "message": "is not UTF-8 text (byte 6)", "type": "invalid"
    }  # fmt: skip

    monkeypatch.setattr(csvio, "MAX_CSV_ROWS", 2)
    r = post_csv(ws, "conversations", text + text.split("\r\n", 1)[1] * 2)
    assert r.status_code == 413
    assert r.json()["error"] == {
        "code": "payload_too_large",
        "message": "The file has more than 2 rows; split it",
        "details": {"max_rows": 2},
    }
    # Exactly the limit (read as checked), and more lines than the limit but not more rows
    # (blank lines: read in full first): both let in.
    r = post_csv(ws, "conversations", text + text.split("\r\n", 1)[1])
    assert (r.status_code, r.json()["valid"]) == (200, 2)
    r = post_csv(ws, "conversations", text + "\r\n\r\n" + text.split("\r\n", 1)[1])
    assert (r.status_code, r.json()["valid"]) == (200, 2)
    monkeypatch.setattr(csvio, "MAX_CSV_BYTES", 40)
    r = post_csv(ws, "conversations", text)
    assert (r.status_code, r.json()["error"]["details"]) == (413, {"max_bytes": 40})


# --- CSV export ---------------------------------------------------------------------------


def test_csv_exports_are_exact(ws):
    icu = ws.team(name="ICU", description="Intensive care")
    amara = ws.stakeholder(
        name="Amara", title="=HYPERLINK(1)", team_id=icu["id"], tags=["QI", "nights"],
        influence_manual=1.25,
    )  # fmt: skip
    ben = ws.stakeholder(name="Ben", role_type="opinion_leader")
    mine = ws.conversation(
        amara["id"], summary="Mine, private", private=True, topics=["huddles", "staffing"],
        ratings={"competence": 4}, mode="video", duration_minutes=30,
    )  # fmt: skip
    theirs = ws.conversation(ben["id"], client=ws.member("lead"), summary="Theirs", private=True)
    nominated = ws.create("/signals", {
        "stakeholder_id": amara["id"], "observed_at": WHEN, "kind": "peer_nomination",
        "nominated_by_id": ben["id"], "note": "-- ward round",
    })  # fmt: skip

    def text(path: str, **params) -> str:
        r = ws.client.get(ws.url(f"/export/{path}"), params=params)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "text/csv; charset=utf-8"
        assert r.headers["content-disposition"] == f'attachment; filename="{path}"'
        return r.text

    w = ws.id
    assert text("teams.csv") == (
        "id,workspace_id,name,description,created_at,updated_at\r\n"
        f"{icu['id']},{w},ICU,Intensive care,{icu['created_at']},{icu['updated_at']}\r\n"
    )
    header = (
        "id,workspace_id,name,title,team_id,role_type,discipline,email,tags,influence_manual,"
        "archived,created_at,updated_at\r\n"
    )
    amara_line = (
        f"{amara['id']},{w},Amara,'=HYPERLINK(1),{icu['id']},other,,,QI;nights,1.25,false,"
        f"{amara['created_at']},{amara['updated_at']}\r\n"
    )
    ben_line = (
        f"{ben['id']},{w},Ben,,,opinion_leader,,,,,false,"
        f"{ben['created_at']},{ben['updated_at']}\r\n"
    )
    assert text("stakeholders.csv") == header + amara_line + ben_line
    assert text("stakeholders.csv", team_id=icu["id"], escape_formulas="false") == (
        header + amara_line.replace("'=HYPERLINK", "=HYPERLINK")
    )

    def conversation_line(c: dict, summary: str, topics: str, competence: str) -> str:
        return (
            f"{c['id']},{w},{c['stakeholder_id']},{c['occurred_at']},{c['held_by']},{c['mode']},"
            f"{c['duration_minutes'] or ''},{summary},true,1,,{competence},,{topics},,false,"
            f"{c['created_at']},{c['updated_at']}\r\n"
        )

    assert text("conversations.csv") == (
        "id,workspace_id,stakeholder_id,occurred_at,held_by,mode,duration_minutes,summary,"
        "private,tone,authenticity,competence,empathy,topics,next_contact_on,"
        "next_contact_scheduled,created_at,updated_at\r\n"
        + conversation_line(mine, '"Mine, private"', "huddles;staffing", "4")
        + conversation_line(theirs, "", "", "")  # another user's private summary: redacted
    )
    assert text("signals.csv") == (
        "id,workspace_id,stakeholder_id,observed_at,source,note,kind,facet,intensity,"
        "commitment,efficacy,stage,awareness,desire,knowledge,ability,reinforcement,"
        "nominated_by_id,created_at,updated_at\r\n"
        f"{nominated['id']},{w},{amara['id']},{nominated['observed_at']},observed,"
        f"'-- ward round,peer_nomination,,,,,,,,,,,{ben['id']},{nominated['created_at']},"
        f"{nominated['updated_at']}\r\n"
    )
    assert text("concerns.csv").count("\r\n") == 1  # the header only

    as_of = "2026-06-01T00:00:00Z"
    scores = text("scores.csv", sort="name", as_of=as_of).split("\r\n")
    assert scores[0] == (
        "stakeholder_id,name,team_id,team,role_type,category,champion_score,"
        "champion_interval_low,champion_interval_high,confidence,influence,influence_is_manual,"
        "reluctance_score,trust_level,trust_score,trust_authenticity,trust_competence,"
        "trust_empathy,trust_wobble,needs_one_on_one,reasons,suggestions,"
        "one_on_one_scheduled_on,as_of"
    )
    listed = items(ws, "/scores", sort="name", as_of=as_of)
    a, trust = listed[0], listed[0]["trust"]
    assert (a["team_id"], a["role_type"]) == (icu["id"], "other")
    assert scores[1] == ",".join(str(v) for v in [
        amara["id"], "Amara", icu["id"], "ICU", "other", a["category"], a["champion_score"],
        *a["champion_interval"], a["confidence"], a["influence"], "true", a["reluctance_score"],
        trust["level"], trust["score"], trust["authenticity"], trust["competence"],
        trust["empathy"], ";".join(trust["wobble"]), str(a["needs_one_on_one"]).lower(),
        ";".join(r["code"] for r in a["reasons"]), ";".join(r["code"] for r in a["suggestions"]),
        a["one_on_one_scheduled_on"] or "", as_of,
    ])  # fmt: skip
    cells = scores[2].split(",")
    assert cells[:6] == [ben["id"], "Ben", "", "", "opinion_leader", listed[1]["category"]]
    assert float(cells[6]) == listed[1]["champion_score"]
    assert cells[20] == ";".join(r["code"] for r in listed[1]["reasons"])
    assert scores[3:] == [""]


def test_an_exported_stakeholders_file_imports_as_it_is(ws):
    team = ws.team(name="ICU")["id"]
    ws.stakeholder(name="Amara", title="+44 nights", team_id=team, tags=["QI"], archived=True)
    exported = ws.client.get(ws.url("/export/stakeholders.csv")).text
    assert "'+44 nights" in exported
    r = post_csv(ws, "stakeholders", exported, dry_run=False)
    assert (r.status_code, r.json()["written"]) == (200, 1)
    first, second = items(ws, "/stakeholders")
    same = ("name", "title", "team_id", "role_type", "email", "tags", "influence_manual")
    assert [second[f] for f in (*same, "archived")] == [first[f] for f in (*same, "archived")]
    assert second["title"] == "+44 nights"


def test_viewers_export_only_what_they_may_list(ws):
    team = ws.team(name="Ward 4B")
    s = ws.stakeholder(name="Amara", team_id=team["id"], role_type="implementation_lead")
    for _ in range(2):
        ws.concern(s["id"], severity=3)
    viewer = ws.member("viewer")
    for path in ("conversations", "concerns", "acknowledgements", "signals", "commitments"):
        assert viewer.get(ws.url(f"/export/{path}.csv")).status_code == 403
    assert viewer.get(ws.url("/export")).status_code == 403
    assert viewer.get(ws.url("/export/stakeholders.csv")).status_code == 200
    assert viewer.get(ws.url("/export/teams.csv")).status_code == 200

    full = ws.client.get(ws.url("/export/scores.csv")).text.split("\r\n")
    seen = viewer.get(ws.url("/export/scores.csv")).text.split("\r\n")
    assert seen[0] == (
        "stakeholder_id,name,team_id,team,role_type,category,champion_score,"
        "champion_interval_low,champion_interval_high,confidence,influence,influence_is_manual,"
        "as_of"
    )
    assert full[1].split(",")[5] == "hesitant"
    assert seen[1].split(",")[:6] == [
        s["id"],
        "Amara",
        team["id"],
        "Ward 4B",
        "implementation_lead",
        "other",
    ]
    assert seen[1].split(",")[6:12] == full[1].split(",")[6:12]
    assert len(seen) == 3


# --- the workspace document ---------------------------------------------------------------


def _rich_workspace(ws) -> None:
    icu, ward = ws.team(name="ICU")["id"], ws.team(name="Ward 4B", description="Medical")["id"]
    a = ws.stakeholder(name="Amara", team_id=icu, tags=["QI"], email="a@example.org",
                       influence_manual=1.5, role_type="opinion_leader")["id"]  # fmt: skip
    b = ws.stakeholder(name="Ben", team_id=ward, discipline="nursing")["id"]
    c = ws.stakeholder(name="Cy", archived=True)["id"]
    talk = ws.conversation(a, private=True, summary="Owner's own note", topics=["huddles"],
                           ratings={"authenticity": 4, "empathy": 5})["id"]  # fmt: skip
    ws.conversation(b, tone=-1, next_contact_on="2026-12-01", next_contact_scheduled=True)
    concern = ws.concern(a, conversation_id=talk, severity=3, cfir_domain="inner_setting",
                         cfir_construct="available_resources")["id"]  # fmt: skip
    for change in (
        {"status": "being_addressed", "status_changed_at": "2026-03-05T10:00:00Z"},
        {"status": "resolved", "loop_closed_on": "2026-03-20", "resolution_note": "Float nurse"},
    ):
        assert ws.client.patch(ws.url(f"/concerns/{concern}"), json=change).status_code == 200
    ws.concern(b, raised_at="2026-02-01T08:00:00Z")
    ws.acknowledgement(a, setting="public_credit", note="Grand rounds")
    ws.signal(a)
    for sid, kind, fields in (
        (a, "peer_nomination", {"nominated_by_id": b}),
        (b, "adkar", {"awareness": 4, "ability": 2}),
        (c, "readiness_check", {"commitment": 4.5, "efficacy": 3}),
    ):
        ws.create("/signals", {"stakeholder_id": sid, "observed_at": WHEN, "kind": kind, **fields})
    kept = ws.commitment(a, conversation_id=talk, owner="stakeholder")["id"]
    ws.client.patch(ws.url(f"/commitments/{kept}"), json={"status": "kept"})
    ws.commitment(b, due_on="2026-04-01")
    r = ws.client.put(ws.url("/scoring-settings"), json={"values": {"stage_weight": 0.5}})
    assert r.status_code == 200, r.text
    r = ws.client.put(
        ws.url("/insights/challenges/focus"),
        json={"cfir_domain": "inner_setting", "cfir_construct": "available_resources"},
    )
    assert r.status_code == 200, r.text


def _same_after_mapping(old: dict, new: dict) -> tuple[dict, dict]:
    """Both documents with the new one's ids replaced by the old ones, by position."""
    mapping = {new["workspace"]["id"]: old["workspace"]["id"]}
    for section in ("teams", "stakeholders", "conversations", "concerns", "acknowledgements",
                    "signals", "commitments"):  # fmt: skip
        assert len(old[section]) == len(new[section]), section
        mapping.update((n["id"], o["id"]) for o, n in zip(old[section], new[section], strict=True))

    def swap(value):
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return mapping.get(value, value) if isinstance(value, str) else value

    def strip(doc: dict) -> dict:
        doc = {**doc, "workspace": {**doc["workspace"]}}
        for key in ("exported_at",):
            del doc[key]
        for key in ("id", "created_at", "updated_at"):
            del doc["workspace"][key]
        return doc

    return strip(old), strip(swap(new))


def test_workspace_export_import_round_trips(ws):
    _rich_workspace(ws)
    first = ws.client.get(ws.url("/export"))
    assert first.status_code == 200, first.text
    doc = first.json()
    assert (doc["format"], doc["version"]) == ("rapport.workspace", 1)
    assert [len(doc[s]) for s in ("teams", "stakeholders", "conversations", "concerns",
            "acknowledgements", "signals", "commitments")] == [2, 3, 2, 2, 1, 4, 2]  # fmt: skip
    assert [h["status"] for h in doc["concerns"][0]["status_history"]] == [
        "open", "being_addressed", "resolved"
    ]  # fmt: skip
    assert doc["conversations"][0]["summary"] == "Owner's own note"

    r = ws.client.post("/api/v1/workspaces/import", json=doc)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["workspace"]["role"] == "owner"
    assert made["workspace"]["name"] == "Sepsis bundle rollout"
    assert made["counts"] == {
        "scoring_settings": 1, "focus_challenge": 1, "teams": 2, "stakeholders": 3,
        "conversations": 2, "concerns": 2, "concern_status_changes": 4, "acknowledgements": 1,
        "signals": 4, "commitments": 2,
    }  # fmt: skip
    new_id = made["workspace"]["id"]
    assert new_id != ws.id
    again = ws.client.get(f"/api/v1/workspaces/{new_id}/export").json()
    old, new = _same_after_mapping(doc, again)
    assert new == old

    as_of = {"as_of": "2026-06-01T00:00:00Z", "sort": "name"}
    before = ws.client.get(ws.url("/scores"), params=as_of).json()["items"]
    after = ws.client.get(f"/api/v1/workspaces/{new_id}/scores", params=as_of).json()["items"]
    strip_ids = [{k: v for k, v in s.items() if k not in ("stakeholder_id", "team_id")}
                 for s in before]  # fmt: skip
    assert [{k: v for k, v in s.items() if k not in ("stakeholder_id", "team_id")}
            for s in after] == strip_ids  # fmt: skip


def test_users_who_are_not_the_importer_are_not_carried_over(ws):
    s = ws.stakeholder()["id"]
    lead = ws.member("lead")
    ws.conversation(s, client=lead, private=True, summary="The lead's note")
    doc = ws.client.get(ws.url("/export")).json()
    assert doc["conversations"][0]["summary"] is None  # the owner may not read it
    assert doc["conversations"][0]["held_by"] is not None
    new_id = ws.client.post("/api/v1/workspaces/import", json=doc).json()["workspace"]["id"]
    conversations = ws.client.get(f"/api/v1/workspaces/{new_id}/conversations").json()["items"]
    assert [(c["held_by"], c["summary"], c["private"]) for c in conversations] == [
        (None, None, True)
    ]


def test_workspace_import_is_validated_whole(ws):
    s = ws.stakeholder()["id"]
    ws.conversation(s)
    doc = ws.client.get(ws.url("/export")).json()
    doc["conversations"][0]["tone"] = 5
    doc["conversations"][0]["stakeholder_id"] = str(uuid.uuid4())
    doc["stakeholders"][0]["extra"] = 1
    r = ws.client.post("/api/v1/workspaces/import", json=doc)
    assert r.status_code == 422
    assert r.json()["error"]["details"] == [
        {"field": "body.stakeholders[0].extra", "message": "Extra inputs are not permitted",
         "type": "extra_forbidden"},
        {"field": "body.conversations[0].tone", "message": "Input should be less than or equal "
         "to 2", "type": "less_than_equal"},
    ]  # fmt: skip
    doc["conversations"][0]["tone"] = 1
    del doc["stakeholders"][0]["extra"]
    r = ws.client.post("/api/v1/workspaces/import", json=doc)
    assert r.json()["error"]["details"] == [
        {"field": "body.conversations[0].stakeholder_id",
         "message": "does not name one of the document's stakeholders", "type": "invalid"}
    ]  # fmt: skip
    workspaces = ws.client.get("/api/v1/workspaces").json()
    assert [w["id"] for w in workspaces] == [ws.id]

    r = ws.client.post(
        "/api/v1/workspaces/import", content=b"{", headers={"content-type": "application/json"}
    )
    assert (r.status_code, r.json()["error"]["details"][0]["field"]) == (422, "body")
    token = ws.token_client("write")
    assert token.post("/api/v1/workspaces/import", json=doc).status_code == 403


def test_workspace_import_checks_references_between_records(ws):
    a, b = ws.stakeholder(name="A")["id"], ws.stakeholder(name="B")["id"]
    ws.concern(a, conversation_id=ws.conversation(a)["id"])
    body = {"stakeholder_id": a, "observed_at": WHEN, "kind": "peer_nomination"}
    ws.create("/signals", {**body, "nominated_by_id": b})
    doc = ws.client.get(ws.url("/export")).json()
    doc["concerns"][0]["stakeholder_id"] = b  # its conversation was with A
    doc["concerns"][0]["status_history"][0]["changed_at"] = "2026-01-01T00:00:00Z"
    doc["signals"][0]["nominated_by_id"] = a
    r = ws.client.post("/api/v1/workspaces/import", json=doc)
    assert r.status_code == 422
    assert r.json()["error"]["details"] == [
        {"field": "body.concerns[0].conversation_id",
         "message": "is a conversation with another stakeholder", "type": "invalid"},
        {"field": "body.concerns[0].status_history[0]",
         "message": "must be the status it was raised with (from_status null), dated raised_at",
         "type": "invalid"},
        {"field": "body.signals[0].nominated_by_id",
         "message": "a stakeholder cannot nominate themselves", "type": "invalid"},
    ]  # fmt: skip


# --- bulk writes and the CLI --------------------------------------------------------------


def test_bulk_rows_are_stored_exactly_as_the_orm_stores_them(ws, db):
    team = ws.team()["id"]
    # What COPY's text format must escape, and its NULL marker spelled out in a value.
    odd = "tab\there, new\nline, return\r, back\\slash, \\N"
    sid = ws.stakeholder(name=f"A {odd}", team_id=team, tags=["QI", "a\\b\tc"],
                         influence_manual=1.5, email="a@b.org")["id"]  # fmt: skip
    cid = ws.conversation(sid, private=True, summary=odd, ratings={"competence": 4},
                          topics=["a", "\\N"], next_contact_on="2026-04-01",
                          next_contact_scheduled=True, duration_minutes=20)["id"]  # fmt: skip
    for model, oid in ((Stakeholder, sid), (Conversation, cid)):
        with Session(db) as session:
            values = session.get(model, uuid.UUID(oid)).model_dump()
            insert_rows(session, model, [{**values, "id": uuid.uuid4()}])
            session.commit()
        table = model.__tablename__
        with db.connect() as conn:
            rows = conn.exec_driver_sql(f"SELECT * FROM {table}").mappings().all()  # noqa: S608
        stored = [{k: v for k, v in row.items() if k != "id"} for row in rows]
        assert len(stored) == 2 and stored[0] == stored[1], table
        assert any(odd in str(v) for v in stored[1].values()), table
    with Session(db) as session:
        tones = session.exec(select(Conversation.ratings)).all()
        assert tones == [{"authenticity": None, "competence": 4, "empathy": None}] * 2


def test_cli_export_and_import(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    engine = make_engine(url)
    app = create_app(Settings(environment="test", database_url=url), engine=engine)
    ws = make_workspace(app, engine)
    s = ws.stakeholder()["id"]
    ws.conversation(s, client=ws.member("lead"), private=True, summary="Held by the lead")
    env = {**os.environ, "RAPPORT_DATABASE_URL": url}
    out = tmp_path / "ws.json"

    done = run_rapport("export", "--workspace", ws.id, "--output", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert "  stakeholders: 1  (" in done.stderr
    assert "Exported 'Sepsis bundle rollout': 1 stakeholders, 1 records" in done.stderr
    doc = json.loads(out.read_text())
    assert doc["conversations"][0]["summary"] == "Held by the lead"  # operators get it all

    owner = make_user(engine, email="new-owner@example.org")
    done = run_rapport("import", str(out), "--owner", "New-Owner@example.org", env=env)
    assert done.returncode == 0, done.stderr
    assert "  readings: 1  (" in done.stderr
    first = done.stdout.split()
    new_id = uuid.UUID(first[2])
    assert done.stdout.startswith(f"Imported workspace {new_id} ('Sepsis bundle rollout') for ")
    assert done.stdout.rstrip().endswith(": 1 stakeholders, 1 conversations")
    with engine.connect() as conn:
        roles = conn.execute(
            sa.text("SELECT user_id, role FROM membership WHERE workspace_id = :w"),
            {"w": new_id.hex},
        ).all()
    assert [(uuid.UUID(u), r) for u, r in roles] == [(owner.id, "owner")]

    done = run_rapport("import", str(out), "--owner", "nobody@example.org", env=env)
    assert done.returncode == 2
    assert "No user nobody@example.org" in done.stderr
    engine.dispose()


def test_an_empty_import_is_still_recorded(ws):
    r = post_csv(ws, "conversations", "stakeholder,occurred_at,tone\r\n", dry_run=False)
    assert r.status_code == 200, r.text
    assert (r.json()["rows"], r.json()["written"]) == (0, 0)
    assert len(items(ws, "/events", type="import.completed")) == 1


def test_every_record_list_exports_as_csv_with_the_json_lists_rows(ws):
    """Each list's CSV has the JSON list's fields as columns and its items as rows, in order."""
    import csv
    import io

    team = ws.team()["id"]
    people = [ws.stakeholder(name=f"P{i}", team_id=team)["id"] for i in range(3)]
    for person in people:
        ws.conversation(person)
        ws.concern(person)
        ws.acknowledgement(person)
        ws.signal(person)
        ws.commitment(person)
    lists = ["teams", "stakeholders", "conversations", "concerns", "acknowledgements"]
    for name in [*lists, "signals", "commitments"]:
        listed = items(ws, f"/{name}")
        r = ws.client.get(ws.url(f"/export/{name}.csv"))
        assert r.status_code == 200, (name, r.text)
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert [row["id"] for row in rows] == [item["id"] for item in listed], name
        assert len(rows) == (1 if name == "teams" else 3), name
        # Every field of the JSON item is a column (ratings and a signal's values flattened;
        # a concern's status history, a list of objects, is in the JSON export only).
        flat = set()
        for key, value in listed[0].items():
            if key == "status_history":
                continue
            flat |= set(value) if isinstance(value, dict) else {key}
        assert flat <= set(rows[0]), (name, flat - set(rows[0]))


def test_imports_widen_the_sqlite_page_cache_only_while_they_run(db):
    from api.transfer.bulk import roomy_cache

    with Session(db) as session:
        conn = session.connection()
        if conn.dialect.name != "sqlite":
            with roomy_cache(session):  # nothing to do on PostgreSQL
                pass
            return
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        with roomy_cache(session):
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -128 * 1024
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == before
        try:
            with roomy_cache(session):
                raise ValueError("an import that fails")
        except ValueError:
            pass
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == before


# --- readings after an import: the new conversations' terms added, as a rebuild would give ---


def _history(ws, sid: str, now: datetime, other: str) -> str:
    """Records of every kind for `sid`; returns the time of its latest conversation."""

    def ago(days: float) -> str:
        return iso(now - timedelta(days=days))

    first = ws.conversation(sid, occurred_at=ago(30), tone=-2, ratings={"empathy": 2})["id"]
    latest = ago(5)
    ws.conversation(sid, occurred_at=latest, tone=-1, next_contact_on="2099-01-05",
                    next_contact_scheduled=True, ratings={"competence": 2})  # fmt: skip
    ws.concern(sid, conversation_id=first, severity=3, raised_at=ago(30))
    closed = ws.concern(sid, severity=2, raised_at=ago(50))["id"]
    r = ws.client.patch(ws.url(f"/concerns/{closed}"), json={"status": "resolved"})
    assert r.status_code == 200, r.text
    ws.acknowledgement(sid, acknowledged_at=ago(3))
    ws.signal(sid, kind="resistance_behavior", facet="emotional", intensity=3, observed_at=ago(8))
    ws.signal(sid, observed_at=ago(60))  # champion behaviour
    for kind, values, days in (
        ("adkar", {"awareness": 4, "desire": 2}, 9),
        ("peer_nomination", {"nominated_by_id": other}, 20),
        ("readiness_check", {"commitment": 2.5, "efficacy": 3}, 15),
        ("stage_of_change", {"stage": "contemplation"}, 12),
        ("quick_win", {}, 11),
    ):
        body = {"stakeholder_id": sid, "kind": kind, "observed_at": ago(days), **values}
        ws.create("/signals", body)
    due = (now - timedelta(days=20)).date().isoformat()
    ws.commitment(sid, due_on=due)
    kept = ws.commitment(sid, due_on=due)["id"]
    r = ws.client.patch(ws.url(f"/commitments/{kept}"), json={"status": "kept"})
    assert r.status_code == 200, r.text
    return latest


@pytest.mark.parametrize("read_first", [False, True], ids=["after", "before"])
def test_an_import_adds_to_stored_readings_exactly_as_a_rebuild_would(
    ws, db, monkeypatch, read_first
):
    """`read_first`: the stored readings are read before the rows go in (a large
    file) and the readings computed while they are written."""
    from api.events.models import Event
    from api.insights import bulk_add
    from api.insights.models import StakeholderReading
    from api.insights.readings import compute, current_settings
    from api.transfer import csv_import

    if read_first:
        monkeypatch.setattr(csv_import, "LARGE_ABOVE_LINES", 0)

    now = datetime.now(UTC).replace(microsecond=0)
    names = ["Rich", "Tie", "Stale", "Unstored", "Steady", "Fresh", "Quiet"]
    sid = {n: ws.stakeholder(name=n, role_type="opinion_leader")["id"] for n in names}
    latest = {}
    for n in ("Rich", "Tie", "Stale", "Unstored"):
        latest[n] = _history(ws, sid[n], now, sid["Quiet"])
    for days in (10, 20, 30):
        ws.conversation(sid["Steady"], occurred_at=iso(now - timedelta(days=days)), tone=1)
    ws_id = uuid.UUID(ws.id)
    with Session(db) as s:
        R = StakeholderReading.__table__
        # Stored under older settings, and records with no stored reading: not a base to add to.
        s.execute(sa.update(R).where(R.c.stakeholder_id == uuid.UUID(sid["Stale"]))
                  .values(settings_version=R.c.settings_version - 1))  # fmt: skip
        s.execute(sa.delete(R).where(R.c.stakeholder_id == uuid.UUID(sid["Unstored"])))
        s.commit()
        before = dict(s.execute(sa.select(R.c.stakeholder_id, R.c.category)).all())
        seq = s.execute(sa.select(sa.func.max(Event.seq))).scalar()

    def ago(days: float) -> str:
        return iso(now - timedelta(days=days))

    lines = ["stakeholder,occurred_at,tone,authenticity,competence,empathy,next_contact_on,"
             "next_contact_scheduled"]  # fmt: skip
    lines += [
        f"Rich,{ago(40)},2,5,,,2099-02-01,true",  # older than its latest: facts stay
        f"Rich,{ago(1)},2,,4,,,",  # newer: the latest conversation, no next contact
        f"Rich,{ago(1)},1,4,4,4,2099-03-01,false",  # same time, later id: this one is latest
        f"Rich,{ago(2)},2,,,,,",
        f"Tie,{latest['Tie']},2,5,5,5,,",  # exactly at its stored latest: rebuilt
        f"Stale,{ago(1)},2,,,,,",
        f"Steady,{ago(15)},1,,,,,",  # its category stays
        f"Unstored,{ago(1)},2,,,,,",
        f"Fresh,{ago(3)},2,5,,,2099-04-01,true",
        f"Fresh,{ago(3)},-2,,,,,",
        f"Fresh,{ago(4)},1,,,,,",
    ]
    rebuilt = []
    real_rebuild = bulk_add.rebuild

    def spy(session, workspace_id, ids=None, *args, **kwargs):
        rebuilt.append(sorted(str(i) for i in ids))
        return real_rebuild(session, workspace_id, ids, *args, **kwargs)

    monkeypatch.setattr(bulk_add, "rebuild", spy)
    r = post_csv(ws, "conversations", "\r\n".join(lines) + "\r\n", dry_run=False)
    assert r.status_code == 200, r.text
    assert r.json()["written"] == len(lines) - 1
    assert rebuilt == [sorted([sid["Tie"], sid["Stale"], sid["Unstored"]])]

    with Session(db) as s:
        assert reconcile(s, ws_id) == []
        version, settings = current_settings(s, ws_id)
        expected = compute(s, ws_id, settings).category_of()
        R = StakeholderReading.__table__
        stored = dict(s.execute(sa.select(R.c.stakeholder_id, R.c.category)).all())
        quiet = uuid.UUID(sid["Quiet"])  # untouched, and never had records: nothing stored
        assert stored == {i: category for i, category in expected.items() if i != quiet}
        assert set(s.execute(sa.select(R.c.settings_version)).scalars()) == {version}
        events = s.execute(
            sa.select(Event).where(Event.seq > seq, Event.type == "stakeholder.category_changed")
        ).scalars()
        written = sorted((e.resource_id, e.payload["old"], e.payload["new"]) for e in events)
    touched = {uuid.UUID(sid[n]) for n in names if n != "Quiet"}
    assert written == sorted(
        (i, before.get(i) or "unknown", expected[i])
        for i in touched
        if before.get(i) != expected[i] and (i in before or expected[i] != "unknown")
    )
    assert written  # the file moves some categories


def test_the_quick_path_gives_what_the_model_gives_for_every_row(ws, db):
    """Rows are checked a distinct cell at a time where the field types alone decide; the
    result, and every error, must be what validating each row with the model gives."""
    from api.auth.deps import Access, Principal
    from api.transfer.csv_import import CONVERSATIONS, STAKEHOLDERS, _validated_rows
    from api.workspaces.models import Role

    ws.team(name="ICU")
    amara = ws.stakeholder(email="amara@example.org")["id"]
    ws.stakeholder(name="Twin")
    ws.stakeholder(name="Twin")
    lead_email = make_user(db, email="lead@example.org").email.upper()
    r = ws.client.post(ws.url("/members"), json={"email": "lead@example.org", "role": "lead"})
    assert r.status_code == 201, r.text
    conversations = [
        "stakeholder,occurred_at,held_by,mode,duration_minutes,summary,private,tone,"
        "authenticity,competence,empathy,topics,next_contact_on,next_contact_scheduled",
        f"amara@example.org,{WHEN},,video,30,Fine,yes,1,5,,3,huddles; staffing ,,",
        f"AMARA@example.org,2026-03-02T11:30:00+02:00,{lead_email},,,,,2,,4,,,2026-05-01,true",
        f"{amara},{WHEN},,phone,0,,no,-2,,,,a;;b,2026-05-01,false",  # duration 0
        f"{amara},{WHEN},,,,'=1+1,,0,,,,,,true",  # scheduled without a date: allowed blank
        f"{amara},{WHEN},,,,,,0,,,,,,true",
        f"{amara},2026-03-02T09:30:00,,,,,,0,,,,,,",  # no offset
        f"{amara},1999-12-31T23:59:59Z,,,,,,0,,,,,,",
        f"{amara},{WHEN},,,,,maybe,0,,,,,,",
        f"{amara},{WHEN},,,,,,3,,,,,,",
        f"{amara},{WHEN},,,,,,,,,,,,",  # tone missing
        f"{amara},{WHEN},,,,,,  ,,,,,,",
        f"{amara},{WHEN},,,,,,+1,6,0,1,,,",
        f"Twin,{WHEN},,,,,,0,,,,,,",
        f"{amara},{WHEN},nobody@example.org,,,,,0,,,,,2100-01-01,",
        f"{amara},{WHEN},,,,,,0,,,,{'x' * 61},,",
        f"{amara},{WHEN},,,,,,0,,,,,,",
        f"{amara},{WHEN},,,,,,0,,,,,,",  # a repeat: its cells come from the memo
        f"{amara},{WHEN},,other,1440,,0,0,,,,,,",
        f"{amara},{WHEN},,,1441,,1,0,,,,,,",
        f"{amara},{WHEN}",  # short
    ]
    stakeholders = [
        "name,title,team,role_type,email,tags,influence_manual,archived",
        "Ada,Nurse,ICU,opinion_leader,ada@example.org,QI; ward 4,1.5,false",
        " Bo ,,,,,,,",
        "Cy,,Nowhere,,,,,",
        "Di,,,boss,not-an-email,,3,",
        ",,,,,,,",
        "Ed,,,,,,1e0,yes",
        "'@Fi,,,,,,.5,",
        "   ,,,,,,,",
    ]
    with Session(db) as session:
        access = Access(uuid.UUID(ws.id), Principal(user=ws.owner), Role.owner, True)
        absent = {"held_by": ws.owner.id}
        for spec, lines, fill in (
            (CONVERSATIONS, conversations, absent),
            (STAKEHOLDERS, stakeholders, None),
        ):
            text = "\r\n".join(lines) + "\r\n"
            out = []
            for quick in (True, False):
                got = {"rows": 0, "valid": 0, "invalid": 0, "errors": []}
                got["errors_truncated"] = False
                rows = list(_validated_rows(session, access, spec, text, got, fill, quick))
                out.append((rows, got))
            assert out[0] == out[1], spec.resource
            assert out[0][1]["valid"] >= 3 and out[0][1]["invalid"] >= 4, out[0][1]


def test_bulk_inserts_overlap_with_making_rows_and_stop_at_the_first_error(ws, db):
    """Batches are written by a worker while the next is made; an error on either side is
    raised by `insert_rows`, and the transaction can be rolled back as after any failure."""
    from api.transfer import bulk

    sid = uuid.UUID(ws.stakeholder()["id"])
    with Session(db) as session:
        template = session.get(Stakeholder, sid).model_dump()
    n = bulk.BATCH * 2 + 7

    def rows(fail_at: int | None = None, repeat_at: int | None = None):
        for i in range(n):
            if i == fail_at:
                raise ValueError("a row the source cannot make")
            key = uuid.UUID(int=i + 1) if i != repeat_at else uuid.UUID(int=1)
            yield {**template, "id": key, "name": f"P{i}", "email": None}

    seen: list[int] = []
    with Session(db) as session:
        assert bulk.insert_rows(session, Stakeholder, rows(), seen.append) == n
        assert seen[-1] == n and seen == sorted(set(seen))
        count = sa.select(sa.func.count()).select_from(Stakeholder)
        assert session.execute(count).scalar() == n + 1
        session.rollback()
    with Session(db) as session:
        with pytest.raises(ValueError, match="a row the source cannot make"):
            bulk.insert_rows(session, Stakeholder, rows(fail_at=bulk.BATCH + 3))
        session.rollback()
    with Session(db) as session:
        with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
            bulk.insert_rows(session, Stakeholder, rows(repeat_at=bulk.BATCH + 3))
        session.rollback()
    with Session(db) as session:
        assert session.execute(count).scalar() == 1


def test_a_large_import_leaves_the_sqlite_checkpoint_to_a_background_thread(ws, db, monkeypatch):
    """The commit of a large import does not copy SQLite's log back into the database (a
    tenth of the import's time): a background thread does, once the transaction is over,
    and the connection goes back to the pool checkpointing as before."""
    import api.db
    from api.transfer import csv_import

    monkeypatch.setattr(csv_import, "LARGE_ABOVE_LINES", 0)  # this file is "large"
    started = []
    real = api.db.checkpoint_in_background

    def spy(path):
        started.append(path)
        return real(path)

    monkeypatch.setattr(api.db, "checkpoint_in_background", spy)
    ws.stakeholder(name="Dr. Amara Okafor")
    text = f"stakeholder,occurred_at,tone\r\nDr. Amara Okafor,{WHEN},1\r\n"
    r = post_csv(ws, "conversations", text, dry_run="false")
    assert (r.status_code, r.json()["written"]) == (200, 1)
    if db.dialect.name != "sqlite":
        assert started == []
        return
    assert started == [db.url.database]
    for thread in api.db._checkpoints:
        thread.join(timeout=30)
    raws = [db.raw_connection() for _ in range(db.pool.size())]
    try:
        settings = [raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0] for raw in raws]
    finally:
        for raw in raws:
            raw.close()
    assert settings == [api.db.WAL_AUTOCHECKPOINT] * len(raws)


def test_a_background_checkpoint_copies_the_log_into_the_database(tmp_path):
    import sqlite3

    from api.db import checkpoint_in_background

    path = str(tmp_path / "wal.db")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO t VALUES (?)", [("x" * 100,)] * 5000)
    conn.execute("COMMIT")
    before = (tmp_path / "wal.db").stat().st_size
    checkpoint_in_background(path).join(timeout=30)
    after = (tmp_path / "wal.db").stat().st_size
    conn.close()
    assert before < 100_000 < after


def test_prompt_gil_handoffs_last_as_long_as_the_last_import_using_them():

    from api.transfer.bulk import HANDOFF_SECONDS, prompt_gil_handoffs

    before = sys.getswitchinterval()
    assert before > HANDOFF_SECONDS
    with prompt_gil_handoffs():
        assert sys.getswitchinterval() == HANDOFF_SECONDS
        with prompt_gil_handoffs():  # a second import at the same time
            assert sys.getswitchinterval() == HANDOFF_SECONDS
        assert sys.getswitchinterval() == HANDOFF_SECONDS
    assert sys.getswitchinterval() == before
    with pytest.raises(RuntimeError), prompt_gil_handoffs():
        raise RuntimeError("an import fails")
    assert sys.getswitchinterval() == before


def test_id_sequence_draws_increasing_version_7_ids_in_both_forms():
    from api.transfer.bulk import IdSequence

    draw = IdSequence()
    ids = [draw() if i % 2 else uuid.UUID(draw.stored()) for i in range(1000)]
    assert ids == sorted(set(ids))
    assert {u.version for u in ids} == {7} and {u.variant for u in ids} == {uuid.RFC_4122}
    assert all(len(draw.stored()) == 32 for _ in range(3))
    assert abs((ids[0].int >> 80) - time.time_ns() // 1_000_000) < 60_000  # its millisecond
