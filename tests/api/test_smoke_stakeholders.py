def test_create_and_list_stakeholders(ws):
    team = ws.team()
    s = ws.stakeholder(team_id=team["id"], role_type="opinion_leader", tags=["QI"])
    assert s["team_id"] == team["id"]
    r = ws.client.get(ws.url("/stakeholders"))
    assert r.status_code == 200
    assert [x["id"] for x in r.json()["items"]] == [s["id"]]
    assert r.json()["next_cursor"] is None
