"""The change feed read newest first (`order=desc`, paged with `before`), as the activity page
reads it, beside the oldest-first reading integrations tail (`after`)."""


def _types(page) -> list[str]:
    return [e["type"] for e in page["items"]]


def _seqs(page) -> list[int]:
    return [e["seq"] for e in page["items"]]


def test_newest_first_pages_back_through_the_same_events(ws, other_ws):
    for name in ("Ada", "Ben", "Cy", "Di", "Ed"):
        ws.stakeholder(name=name)
    other_ws.stakeholder(name="Elsewhere")
    oldest_first = ws.client.get(ws.url("/events"), params={"limit": 200}).json()
    everything = _seqs(oldest_first)
    assert everything == sorted(everything)

    seen: list[int] = []
    params: dict = {"order": "desc", "limit": 2}
    while True:
        r = ws.client.get(ws.url("/events"), params=params)
        assert r.status_code == 200, r.text
        page = r.json()
        assert len(page["items"]) <= 2
        seen += _seqs(page)
        if page["next_cursor"] is None:
            break
        assert page["next_cursor"] == str(page["items"][-1]["seq"])
        params = {"order": "desc", "limit": 2, "before": page["next_cursor"]}
    # Every event of this workspace, none of the other's, newest first, each once.
    assert seen == everything[::-1]

    newest = ws.client.get(ws.url("/events"), params={"order": "desc", "limit": 1}).json()
    assert newest["items"][0]["payload"]["name"] == "Ed"
    only = ws.client.get(
        ws.url("/events"), params={"order": "desc", "type": "stakeholder.created"}
    ).json()
    assert [e["payload"]["name"] for e in only["items"]] == ["Ed", "Di", "Cy", "Ben", "Ada"]


def test_after_and_before_bound_the_feed_in_either_order(ws):
    for name in ("Ada", "Ben", "Cy", "Di"):
        ws.stakeholder(name=name)
    seqs = _seqs(ws.client.get(ws.url("/events"), params={"limit": 200}).json())
    low, high = seqs[1], seqs[-1]
    between = [s for s in seqs if low < s < high]
    assert between  # the bounds are exclusive, and something lies between them
    for order, expected in (("asc", between), ("desc", between[::-1])):
        page = ws.client.get(
            ws.url("/events"), params={"order": order, "after": low, "before": high}
        ).json()
        assert _seqs(page) == expected, order
    for bad in ({"order": "sideways"}, {"order": "desc", "before": 0}, {"after": -1}):
        r = ws.client.get(ws.url("/events"), params=bad)
        assert r.status_code == 422, (bad, r.text)


def test_a_resource_s_events_by_pattern(ws):
    sid = ws.stakeholder(name="Ada")["id"]
    concern = ws.concern(sid)
    r = ws.client.patch(ws.url(f"/concerns/{concern['id']}"), json={"status": "being_addressed"})
    assert r.status_code == 200, r.text
    ws.commitment(sid)
    types = _types(ws.client.get(ws.url("/events"), params={"type": "concern.*"}).json())
    assert types == ["concern.created", "concern.updated"]
    newest = ws.client.get(ws.url("/events"), params={"type": "concern.*", "order": "desc"})
    assert _types(newest.json()) == ["concern.updated", "concern.created"]
    # `_` and `%` are characters here, not wildcards.
    for pattern in ("c_ncern.*", "%.*", "concern%"):
        page = ws.client.get(ws.url("/events"), params={"type": pattern}).json()
        assert page["items"] == [], pattern


def test_viewers_do_not_read_the_feed(ws):
    viewer = ws.member("viewer")
    r = viewer.get(ws.url("/events"), params={"order": "desc"})
    assert r.status_code == 403, r.text
