def test_create_and_list_stakeholders(ws):
    team = ws.team()
    s = ws.stakeholder(team_id=team["id"], role_type="opinion_leader", tags=["QI"])
    assert s["team_id"] == team["id"]
    r = ws.client.get(ws.url("/stakeholders"))
    assert r.status_code == 200
    assert [x["id"] for x in r.json()["items"]] == [s["id"]]
    assert r.json()["next_cursor"] is None


def test_list_and_export_the_stakeholders_in_no_team(ws):
    team = ws.team()["id"]
    ws.stakeholder(name="In a team", team_id=team)
    b = ws.stakeholder(name="B")
    c = ws.stakeholder(name="C", role_type="opinion_leader")
    listed = ws.client.get(ws.url("/stakeholders"), params={"no_team": "true"})
    assert listed.status_code == 200, listed.text
    assert [x["id"] for x in listed.json()["items"]] == [b["id"], c["id"]]
    narrowed = ws.client.get(
        ws.url("/stakeholders"), params={"no_team": "true", "role_type": "opinion_leader"}
    )
    assert [x["id"] for x in narrowed.json()["items"]] == [c["id"]]
    csv = ws.client.get(ws.url("/export/stakeholders.csv"), params={"no_team": "true"})
    assert csv.status_code == 200, csv.text
    assert [line.split(",")[2] for line in csv.text.splitlines()[1:]] == ["B", "C"]
    for path in ("/stakeholders", "/export/stakeholders.csv"):
        both = ws.client.get(ws.url(path), params={"no_team": "true", "team_id": team})
        assert both.status_code == 422, both.text
        assert both.json()["error"]["details"][0]["field"] == "query.no_team"


def test_a_nul_in_a_search_is_a_422_not_a_database_error(ws):
    # PostgreSQL cannot compare text holding a NUL; every text filter refuses it up front.
    ws.stakeholder(name="Ada")
    for path, param in (
        ("/stakeholders", "q"),
        ("/scores", "q"),
        ("/export/stakeholders.csv", "q"),
        ("/export/scores.csv", "q"),
        ("/events", "type"),
    ):
        r = ws.client.get(ws.url(path), params={param: "Ad\x00a"})
        assert r.status_code == 422, (path, r.status_code, r.text)
        assert r.json()["error"]["details"][0]["field"] == f"query.{param}", path
    assert (
        ws.client.get(ws.url("/stakeholders"), params={"q": "Ad"}).json()["items"][0]["name"]
        == "Ada"
    )
