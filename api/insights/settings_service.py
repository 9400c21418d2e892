"""Versioned scoring settings and the focus challenge."""

import uuid

from sqlmodel import Session

from api.auth.deps import Access
from api.events.service import record_event
from api.insights.models import FocusChallenge, ScoringSettingsVersion
from api.insights.readings import compute, current_settings, rebuild
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


def _parse(values: dict) -> ScoringSettings:
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


def put(
    session: Session,
    access: Access,
    values: dict,
    preview: bool,
) -> dict:
    """Preview or save new settings: every reading is recomputed from the records under them
    (half-lives change the stored sums themselves), once, and the save stores that result."""
    new = _parse(values)
    version, old = current_settings(session, access.workspace_id)
    before = _categories_now(session, access.workspace_id, old)
    computed = compute(session, access.workspace_id, new)
    after = computed.category_of()
    changes = [
        {"stakeholder_id": str(sid), "old": before[sid], "new": after[sid]}
        for sid in sorted(before, key=str)
        if sid in after and before[sid] != after[sid]
    ]
    if not preview:
        version += 1
        session.add(
            ScoringSettingsVersion(
                workspace_id=access.workspace_id,
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
            access.workspace_id,
            {"version": version, "values": new.to_dict()},
        )
        rebuild(session, access.workspace_id, None, (access.actor_user_id, None), computed=computed)
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
    focus = session.get(FocusChallenge, access.workspace_id) or FocusChallenge(
        workspace_id=access.workspace_id, cfir_domain=body.cfir_domain
    )
    focus.cfir_domain = body.cfir_domain
    focus.cfir_construct = body.cfir_construct
    focus.note = body.note
    focus.chosen_by = access.actor_user_id
    focus.chosen_at = utcnow()
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
