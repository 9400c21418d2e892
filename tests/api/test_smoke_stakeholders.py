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
