"""Versioned scoring settings and the focus challenge."""

import uuid
from collections.abc import Callable

from sqlmodel import Session

from api.auth.deps import Access
from api.db import snapshot_engine
from api.events.service import lock_feed, record_event
from api.insights.loader import RECORD_KINDS
from api.insights.models import FocusChallenge, ScoringSettingsVersion
from api.insights.readings import compute, current_settings, rebuild
from api.insights.scorecache import log_position
from api.insights.scoremap import load_score_map
from api.kit.errors import InvalidInput
from api.kit.time import utcnow
from api.records.cfir import CFIR_CONSTRUCTS
from api.scoring import DEFAULT_SETTINGS, ScoringSettings


def get(session: Session, access: Access) -> dict:
    version, settings = current_settings(session, access.workspace_id)
    return {
        "version": version,
        "values": settings.to_dict(),
        "defaults": DEFAULT_SETTINGS.to_dict(),
    }


def parse(values: dict) -> ScoringSettings:
    try:
        return ScoringSettings.from_dict(values)
    except (ValueError, TypeError) as exc:
        message = str(exc)
        key, _, detail = message.partition(":")
        if not detail or " " in key.strip():
            raise InvalidInput("body.values", message) from exc
        raise InvalidInput(f"body.values.{key.strip()}", detail.strip()) from exc


def _categories_now(session: Session, workspace_id, settings: ScoringSettings) -> dict:
    """Every stakeholder's category now, from the stored readings (kept under `settings`)."""
    m = load_score_map(session, workspace_id, settings, utcnow())
    return {uuid.UUID(i): c for i, c in zip(m.ids, m.readings.category, strict=True)}


# A save's steps, with the share of the whole each takes (measured at a million records:
# reading the records, which also sums them, is nearly all of it).
STEPS = (
    ("Reading the current categories", 0.02),
    ("Reading the records", 0.90),
    ("Computing every reading", 0.03),
    ("Storing the readings", 0.05),
)
Progress = Callable[[str, int, int, float], None]  # step, done, total, fraction of the whole


def _tracker(progress: Progress | None) -> Callable[[int, int, int], None]:
    """`tell(step index, done, total)`, reported as `progress(step, done, total, fraction)`."""
    starts = [sum(share for _, share in STEPS[:i]) for i in range(len(STEPS))]

    def tell(index: int, done: int, total: int) -> None:
        if progress is not None:
            name, share = STEPS[index]
            fraction = starts[index] + share * (done / total if total else 1.0)
            progress(name, done, total, round(min(fraction, 1.0), 4))

    return tell


def put(
    session: Session,
    access: Access,
    values: dict,
    preview: bool,
    progress: Progress | None = None,
) -> dict:
    """Preview or save new settings: every reading is recomputed from the records under them
    (half-lives change the stored sums themselves), once, and the save stores that result.
    `progress`, when given, hears of each step as it goes (see `STEPS`).

    Reading and summing a large workspace's records takes a while (about 15 s at a million),
    so that part runs on a snapshot (`api.db.snapshot_engine`) that holds up no other
    request: the caller's transaction is committed first. A save then takes the write lock
    (and the workspace's feed lock), and stores the result if the event log has not moved
    since the snapshot; if something was written meanwhile, it computes again under the
    lock, so nothing written during the save is lost.
    """
    new = parse(values)
    tell = _tracker(progress)
    workspace_id = access.workspace_id
    session.commit()
    with Session(snapshot_engine(session.get_bind())) as snapshot:
        position = log_position(snapshot, workspace_id)
        version, old = current_settings(snapshot, workspace_id)
        tell(0, 0, 1)
        before = _categories_now(snapshot, workspace_id, old)
        tell(0, 1, 1)
        tell(1, 0, RECORD_KINDS)
        computed = compute(
            snapshot, workspace_id, new, step=lambda done: tell(1, done, RECORD_KINDS)
        )
    if not preview:
        lock_feed(session, workspace_id)
        if log_position(session, workspace_id) != position:
            version, old = current_settings(session, workspace_id)
            before = _categories_now(session, workspace_id, old)
            computed = compute(session, workspace_id, new)
    tell(2, 0, 1)
    after = computed.category_of()
    tell(2, 1, 1)
    changes = [
        {"stakeholder_id": str(sid), "old": before[sid], "new": after[sid]}
        for sid in sorted(before, key=str)
        if sid in after and before[sid] != after[sid]
    ]
    if not preview:
        version += 1
        session.add(
            ScoringSettingsVersion(
                workspace_id=workspace_id,
                version=version,
                values=new.to_dict(),
                created_by=access.actor_user_id,
            )
        )
        session.flush()
        record_event(
            session,
            access,
            "scoring_settings.updated",
            workspace_id,
            {"version": version, "values": new.to_dict()},
        )
        tell(3, 0, len(computed.people))
        rebuild(
            session,
            workspace_id,
            None,
            (access.actor_user_id, None),
            progress=lambda done, total: tell(3, done, total),
            computed=computed,
        )
    return {
        "version": version,
        "values": new.to_dict(),
        "preview": preview,
        "stakeholders": len(before),
        "category_changes": len(changes),
        "changes": changes[:200],
    }


def set_focus(session: Session, access: Access, body) -> FocusChallenge:
    constructs = CFIR_CONSTRUCTS.get(body.cfir_domain)
    if constructs is None:
        raise InvalidInput("body.cfir_domain", f"must be one of {', '.join(CFIR_CONSTRUCTS)}")
    if body.cfir_construct is not None and body.cfir_construct not in constructs:
        raise InvalidInput("body.cfir_construct", f"is not a construct of {body.cfir_domain}")
    focus = session.get(FocusChallenge, access.workspace_id)
    # The same challenge again changes only its note: it was chosen when it was first chosen,
    # and by whom. An unchanged note is no change at all.
    same = focus is not None and (focus.cfir_domain, focus.cfir_construct) == (
        body.cfir_domain,
        body.cfir_construct,
    )
    if same and focus.note == body.note:
        return focus
    if focus is None:
        focus = FocusChallenge(workspace_id=access.workspace_id, cfir_domain=body.cfir_domain)
    if not same:
        focus.cfir_domain = body.cfir_domain
        focus.cfir_construct = body.cfir_construct
        focus.chosen_by = access.actor_user_id
        focus.chosen_at = utcnow()
    focus.note = body.note
    session.add(focus)
    session.flush()
    record_event(
        session,
        access,
        "focus_challenge.updated",
        access.workspace_id,
        {
            "cfir_domain": focus.cfir_domain,
            "cfir_construct": focus.cfir_construct,
            "note": focus.note,
        },
    )
    return focus
