"""The champion map's fast path gives exactly what the scalar path gives, and creating a
conversation updates the stored reading in O(1) without a rebuild from the log."""

import orjson
import pytest
from sqlmodel import Session

from api.insights import readings, scoremap, service
from api.kit.time import utcnow


@pytest.fixture
def demo(db):
    from api.demo.story import create_demo

    with Session(db, expire_on_commit=False) as s:
        ws, _ = create_demo(s, "demo@example.org", "demo-password")
        s.commit()
    return ws


@pytest.mark.parametrize("viewer", [False, True])
@pytest.mark.parametrize(
    "sort", ["-champion_lower_bound", "name", "-needs_one_on_one", "trust", "-influence"]
)
def test_the_map_matches_the_scalar_path(db, demo, viewer, sort):
    if viewer and sort.lstrip("-") not in service.VIEWER_SORTS:
        pytest.skip("not a viewer sort")
    with Session(db) as s:
        now = utcnow()
        _, settings = readings.current_settings(s, demo.id)
        for archived in (False, True):
            score_map = scoremap.load_score_map(
                s, demo.id, settings, now, include_archived=archived
            )
            order = scoremap.select_and_sort(
                score_map, viewer=viewer, category=None, needs_one_on_one=None, sort=sort
            )
            fast = orjson.loads(scoremap.encode(scoremap.score_items(score_map, order, viewer)))
            pairs = service.filter_and_sort(
                readings.stored_readings(s, demo.id, now),
                viewer=viewer,
                team=None,
                category=None,
                needs_one_on_one=None,
                include_archived=archived,
                sort=sort,
            )
            slow = [service.score_dict(p, r, viewer) for p, r in pairs]
            assert fast == orjson.loads(orjson.dumps(slow))
            assert len(fast) >= 50
            # Every field is compared, role types included (and the demo has several).
            assert [list(x) for x in fast] == [list(x) for x in slow]
            assert len({x["role_type"] for x in fast}) >= 3


def test_round4_rounds_like_python():
    import numpy as np

    rng = np.random.default_rng(3)
    values = np.concatenate(
        [rng.uniform(-100, 100, 20000), np.array([5e-05, 0.12345, 99.99995, 2.675, -0.00005])]
    )
    assert scoremap.round4(values) == [round(float(v), 4) for v in values]


def test_a_new_conversation_updates_the_reading_without_a_rebuild(ws, db, monkeypatch):
    sid = ws.stakeholder(name="Quick")["id"]
    body = {"stakeholder_id": sid, "occurred_at": "2026-01-05T10:00:00Z", "tone": 2}
    assert ws.client.post(ws.url("/conversations"), json=body).status_code == 201

    def no_rebuild(*args, **kwargs):
        raise AssertionError("a created conversation must not rebuild from the log")

    monkeypatch.setattr(readings, "rebuild", no_rebuild)
    for day in range(6, 12):
        body = {**body, "occurred_at": f"2026-01-{day:02d}T10:00:00Z", "tone": 1}
        assert ws.client.post(ws.url("/conversations"), json=body).status_code == 201
    monkeypatch.undo()
    with Session(db) as s:
        import uuid

        assert readings.reconcile(s, uuid.UUID(ws.id)) == []
    scores = ws.client.get(ws.url("/scores")).json()["items"]
    assert [x["stakeholder_id"] for x in scores] == [sid]


@pytest.mark.parametrize("viewer", [False, True])
def test_score_items_of_some_rows_are_those_rows_of_all(db, demo, viewer):
    with Session(db) as s:
        _, settings = readings.current_settings(s, demo.id)
        score_map = scoremap.load_score_map(s, demo.id, settings, utcnow())
    every = scoremap.score_items(score_map, list(range(len(score_map))), viewer)
    for rows in ([7], [3, 0], [len(score_map) - 1, 5, 2]):
        assert scoremap.score_items(score_map, rows, viewer) == [every[i] for i in rows]
    assert scoremap.score_items(score_map, [], viewer) == []
    assert len({item.category for item in every}) == (3 if viewer else 7)
