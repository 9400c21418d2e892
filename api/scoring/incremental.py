"""O(1) update of a stakeholder's stored state when a record is created (SCORING.md section 9).

`add_record` gives the forward-decay sums and facts after inserting one new record, from the
stored ones alone: sums + `record_terms(record)`, and the few facts the record can move. It
answers None where the stored facts cannot tell the result (an ADKAR check or a conversation
dated exactly at the latest one: which is latest depends on ids the facts do not keep), and
for kinds whose effect is not local (concerns link to conversations, acknowledgements are
capped per month); the caller then recomputes from the log.
"""

from __future__ import annotations

from dataclasses import replace

from api.scoring.facts import StakeholderFacts
from api.scoring.forward import ForwardSums, record_terms
from api.scoring.inputs import CommitmentIn, ConversationIn, SignalIn
from api.scoring.settings import DEFAULT_SETTINGS, ScoringSettings
from api.scoring.stance import has_stance


def _later(a, b):
    return b if a is None or b > a else a


def add_record(
    sums: ForwardSums,
    facts: StakeholderFacts,
    record: ConversationIn | SignalIn | CommitmentIn,
    settings: ScoringSettings = DEFAULT_SETTINGS,
) -> tuple[ForwardSums, StakeholderFacts] | None:
    """The stored state after creating `record` (with its current status), or None."""
    if isinstance(record, ConversationIn):
        at = record.occurred_at
        last = facts.last_conversation_at
        if last is not None and at == last:
            return None
        changes = {"last_stance_record_at": _later(facts.last_stance_record_at, at)}
        if last is None or at > last:
            changes.update(
                last_conversation_at=at,
                next_contact_on=record.next_contact_on,
                next_contact_scheduled=record.next_contact_scheduled,
            )
    elif isinstance(record, SignalIn):
        at = record.observed_at
        if record.kind == "adkar":
            return None
        changes = {}
        if has_stance(record):
            changes["last_stance_record_at"] = _later(facts.last_stance_record_at, at)
        if record.kind == "champion_behavior":
            changes["last_champion_behavior_at"] = _later(facts.last_champion_behavior_at, at)
        elif record.kind == "resistance_behavior":
            changes["last_concern_or_resistance_at"] = _later(
                facts.last_concern_or_resistance_at, at
            )
        elif record.kind == "peer_nomination":
            nomination = (at, record.values["nominated_by_id"])
            changes["peer_nominations"] = tuple(sorted((*facts.peer_nominations, nomination)))
    elif isinstance(record, CommitmentIn):
        changes = {}
        if record.owner == "team" and record.due_on is not None and record.status == "open":
            due = tuple(sorted((*facts.open_team_commitment_due_dates, record.due_on)))
            changes["open_team_commitment_due_dates"] = due
    else:
        return None
    return sums + record_terms(record, settings), replace(facts, **changes)
