"""What the record tests share: reading the event feed and the parts of an answer they check."""

RECORDS = ("conversation", "concern", "acknowledgement", "signal", "commitment")


def all_events(ws, after: int = 0, **params) -> list[dict]:
    items = []
    while True:
        params.update(after=after, limit=200)
        page = ws.client.get(ws.url("/events"), params=params).json()
        items += page["items"]
        if page["next_cursor"] is None:
            return items
        after = int(page["next_cursor"])


def feed(ws, after: int = 0, **params) -> list[dict]:
    """Record events after `after`; other domains' events (e.g. score changes) left out."""
    return [e for e in all_events(ws, after, **params) if e["resource_type"] in RECORDS]


def last_seq(ws) -> int:
    return all_events(ws)[-1]["seq"]


def user_id(client) -> str:
    return client.get("/api/v1/auth/me").json()["id"]


def fields(response) -> list[str]:
    """The fields a 422 names."""
    return [d["field"] for d in response.json()["error"]["details"]]


def ids(response) -> list[str]:
    return [x["id"] for x in response.json()["items"]]
