import json
import logging


def test_healthz_and_readyz(anon):
    assert anon.get("/healthz").json() == {"status": "ok"}
    r = anon.get("/readyz")
    assert r.status_code == 200
    assert r.json() == {"status": "ready", "checks": {"database": "ok", "migrations": "ok"}}


def _teams_get_count(anon) -> float:
    for line in anon.get("/metrics").text.splitlines():
        if line.startswith(
            'rapport_http_requests_total{method="GET",'
            'route="/api/v1/workspaces/{workspace_id}/teams",status="200"}'
        ):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_by_route(anon, ws):
    # The registry is process-wide, so compare before and after.
    before = _teams_get_count(anon)
    ws.client.get(ws.url("/teams"))
    ws.client.get(ws.url("/teams"))
    assert _teams_get_count(anon) == before + 2


def test_request_id_is_echoed_or_made(anon):
    r = anon.get("/healthz", headers={"X-Request-Id": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    r = anon.get("/healthz", headers={"X-Request-Id": "bad id with spaces"})
    assert (
        len(r.headers["x-request-id"]) == 32 and r.headers["x-request-id"] != "bad id with spaces"
    )


def test_security_headers_on_every_response(anon, ws):
    for r in (anon.get("/healthz"), anon.get(ws.url("/teams")), ws.client.get(ws.url("/nope"))):
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert "default-src 'self'" in r.headers["content-security-policy"]


def test_access_log_is_json_without_query_strings(anon, caplog):
    from api.ops.middleware import JsonFormatter

    with caplog.at_level(logging.INFO, logger="rapport.access"):
        logging.getLogger("rapport.access").propagate = True
        try:
            anon.get("/healthz?secret=should-not-appear", headers={"X-Request-Id": "log-test-1"})
        finally:
            logging.getLogger("rapport.access").propagate = False
    record = next(
        r for r in caplog.records if getattr(r, "fields", {}).get("request_id") == "log-test-1"
    )
    line = json.loads(JsonFormatter().format(record))
    assert (line["method"], line["path"], line["status"], line["route"]) == (
        "GET",
        "/healthz",
        200,
        "/healthz",
    )
    assert "should-not-appear" not in json.dumps(line)


def test_rate_limit_per_token_with_headers(ws, monkeypatch):
    from api.settings import get_settings

    client = ws.token_client("read")
    monkeypatch.setattr(get_settings(), "rate_limit_per_minute", 3)
    seen = [client.get(ws.url("/teams")) for _ in range(4)]
    assert [r.status_code for r in seen] == [200, 200, 200, 429]
    assert [r.headers["ratelimit-remaining"] for r in seen] == ["2", "1", "0", "0"]
    assert seen[0].headers["ratelimit-limit"] == "3"
    assert 1 <= int(seen[3].headers["retry-after"]) <= 60
    assert seen[3].json()["error"]["code"] == "rate_limited"
    # Another caller has its own budget.
    assert ws.client.get(ws.url("/teams")).status_code == 200
