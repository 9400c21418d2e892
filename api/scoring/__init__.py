"""Rapport's scoring model (SCORING.md, version 1): pure functions, no I/O.

`evaluate` computes a reading from a stakeholder's record log; `forward` keeps the same sums
incrementally so that readings for many stakeholders never touch the log.
"""

from api.scoring.category import CATEGORIES, categorize
from api.scoring.engine import derive_reading, evaluate, rank_by_lower_bound
from api.scoring.explanation import Contribution, Explanation, TrustInput
from api.scoring.facts import OpenConcern, StakeholderFacts, facts_from_log
from api.scoring.forward import (
    LANDMARK,
    ForwardSums,
    accumulate,
    horizon,
    read,
    read_sums,
    record_terms,
)
from api.scoring.influence import influence
from api.scoring.inputs import (
    AcknowledgementIn,
    CommitmentIn,
    ConcernIn,
    ConversationIn,
    RecordLog,
    SignalIn,
    StakeholderIn,
)
from api.scoring.one_on_one import one_on_one_queue
from api.scoring.reading import Reading, Reason
from api.scoring.settings import DEFAULT_SETTINGS, ScoringSettings
from api.scoring.trust import TRUST_LEVELS, TrustReading, counted_acknowledgements

__all__ = [
    "CATEGORIES",
    "DEFAULT_SETTINGS",
    "LANDMARK",
    "TRUST_LEVELS",
    "AcknowledgementIn",
    "CommitmentIn",
    "ConcernIn",
    "Contribution",
    "ConversationIn",
    "Explanation",
    "ForwardSums",
    "OpenConcern",
    "Reading",
    "Reason",
    "RecordLog",
    "ScoringSettings",
    "SignalIn",
    "StakeholderFacts",
    "StakeholderIn",
    "TrustInput",
    "TrustReading",
    "accumulate",
    "categorize",
    "counted_acknowledgements",
    "derive_reading",
    "evaluate",
    "facts_from_log",
    "horizon",
    "influence",
    "one_on_one_queue",
    "rank_by_lower_bound",
    "read",
    "read_sums",
    "record_terms",
]
