from api.kit.etag import etag_for


def test_get_and_patch_return_the_etag_and_if_match_guards_writes(ws):
    team = ws.team()
    got = ws.client.get(ws.url(f"/teams/{team['id']}"))
    tag = got.headers["etag"]
    assert tag == etag_for(team["id"], got.json()["updated_at"])
    ok = ws.client.patch(
        ws.url(f"/teams/{team['id']}"), json={"name": "ICU"}, headers={"If-Match": tag}
    )
    assert ok.status_code == 200
    new_tag = ok.headers["etag"]
    assert new_tag != tag
    stale = ws.client.patch(
        ws.url(f"/teams/{team['id']}"), json={"name": "Lost"}, headers={"If-Match": tag}
    )
    assert stale.status_code == 412
    assert stale.json()["error"] == {
        "code": "precondition_failed",
        "message": "The resource changed since you read it; GET it again and reapply your change",
        "details": {"etag": new_tag},
    }
    assert ws.client.get(ws.url(f"/teams/{team['id']}")).json()["name"] == "ICU"
    gone = ws.client.delete(ws.url(f"/teams/{team['id']}"), headers={"If-Match": tag})
    assert gone.status_code == 412
    assert (
        ws.client.delete(ws.url(f"/teams/{team['id']}"), headers={"If-Match": new_tag}).status_code
        == 204
    )


def test_lists_carry_no_etag(ws):
    ws.team()
    assert "etag" not in ws.client.get(ws.url("/teams")).headers
