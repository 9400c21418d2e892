"""The stakeholder timeline: every record type, newest first, stable keyset paging."""

from api.kit.pagination import encode_cursor
from tests.api.records import fields


def entries(response) -> list[tuple[str, str]]:
    return [(i["type"], i["record"]["id"]) for i in response.json()["items"]]


def test_timeline_lists_every_record_newest_first_by_its_own_date(ws, other_ws):
    s = ws.stakeholder()
    other = ws.stakeholder(name="Sam Rivera")
    talk = ws.conversation(
        s["id"], occurred_at="2026-01-10T09:00:00Z", summary="Hidden", private=True
    )
    concern = ws.concern(s["id"], conversation_id=talk["id"])  # raised_at = the talk's time
    ack = ws.acknowledgement(s["id"], acknowledged_at="2026-02-01T09:00:00Z")
    signal = ws.signal(s["id"], observed_at="2026-03-01T09:00:00Z")
    commitment = ws.commitment(s["id"])  # dated by created_at: now
    ws.conversation(other["id"], occurred_at="2026-02-15T09:00:00Z")

    r = ws.client.get(ws.url(f"/stakeholders/{s['id']}/timeline"))
    assert r.status_code == 200
    body = r.json()
    # Same `at` (talk and concern): ordered by id, newest id first.
    assert entries(r) == [
        ("commitment", commitment["id"]),
        ("signal", signal["id"]),
        ("acknowledgement", ack["id"]),
        ("concern", concern["id"]),
        ("conversation", talk["id"]),
    ]
    assert [i["at"] for i in body["items"]] == [
        commitment["created_at"],
        "2026-03-01T09:00:00Z",
        "2026-02-01T09:00:00Z",
        "2026-01-10T09:00:00Z",
        "2026-01-10T09:00:00Z",
    ]
    assert body["next_cursor"] is None
    records = [i["record"] for i in body["items"]]
    assert records[:4] == [commitment, signal, ack, concern]
    assert records[4] == talk  # the owner held it, so the owner sees the summary

    lead_view = ws.member("lead").get(ws.url(f"/stakeholders/{s['id']}/timeline")).json()
    assert lead_view["items"][4]["record"]["summary"] is None
    token_view = ws.token_client("read").get(ws.url(f"/stakeholders/{s['id']}/timeline"))
    assert token_view.json()["items"][4]["record"]["summary"] is None

    # Who may read it, and bad paging input.
    url = ws.url(f"/stakeholders/{s['id']}/timeline")
    assert ws.member("viewer").get(url).status_code == 403
    assert ws.token_client("read").get(url).status_code == 200
    theirs = other_ws.stakeholder()
    assert ws.client.get(ws.url(f"/stakeholders/{theirs['id']}/timeline")).status_code == 404
    assert other_ws.client.get(url).status_code == 404
    for params, field in [
        ({"cursor": "garbage"}, "query.cursor"),
        ({"cursor": encode_cursor({"at": 1})}, "query.cursor"),
        (
            {"cursor": encode_cursor({"at": "0001-01-01T00:00:00+00:01", "id": s["id"]})},
            "query.cursor",
        ),
        ({"limit": 0}, "query.limit"),
        ({"limit": 201}, "query.limit"),
    ]:
        r = ws.client.get(url, params=params)
        assert r.status_code == 422, params
        assert fields(r) == [field]
    empty = ws.client.get(ws.url(f"/stakeholders/{ws.stakeholder()['id']}/timeline"))
    assert empty.json() == {"items": [], "next_cursor": None}


def test_timeline_pages_without_skipping_or_repeating(ws):
    s = ws.stakeholder()
    made = []
    for day in range(1, 6):
        made.append(
            (
                "conversation",
                ws.conversation(s["id"], occurred_at=f"2026-01-0{day}T09:00:00Z")["id"],
            )
        )
        made.append(("signal", ws.signal(s["id"], observed_at=f"2026-01-0{day}T09:00:00Z")["id"]))
    # Newest first; on each day the signal was created after the conversation, so its id is higher.
    expected = []
    for day in reversed(range(5)):
        expected += [made[2 * day + 1], made[2 * day]]

    url = ws.url(f"/stakeholders/{s['id']}/timeline")
    seen, cursor, pages = [], None, 0
    while True:
        r = ws.client.get(url, params={"limit": 3, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200
        seen += entries(r)
        pages += 1
        if pages == 1:
            # Written while paging: an older one shows up in place, a newer one is above the
            # pages already read and does not.
            older = ws.acknowledgement(s["id"], acknowledged_at="2025-12-31T09:00:00Z")
            ws.acknowledgement(s["id"], acknowledged_at="2026-02-01T09:00:00Z")
            expected.append(("acknowledgement", older["id"]))
        cursor = r.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == expected
    assert pages == 4
