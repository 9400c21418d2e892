import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.kit.types import bounded_text
from api.stakeholders.schemas import RoleType

Category = Literal[
    "unknown", "ambivalent", "champion", "reluctant", "supporter", "hesitant", "neutral"
]
ViewerCategory = Literal["champion", "supporter", "other"]

DISCLAIMER = (
    "Scores follow Rapport's scoring model v1 (design defaults drawn from the implementation "
    "science literature); they are not a validated instrument."
)


class Trust(BaseModel):
    level: Literal["unknown", "low", "developing", "established", "high"]
    score: float
    authenticity: float
    competence: float
    empathy: float
    wobble: list[str] = Field(description="Dimensions with evidence that stand below 40")


class Reason(BaseModel):
    code: str = Field(description="R1 to R5, as in the scoring model")
    message: str


class Score(BaseModel):
    """A stakeholder's current reading. For viewers, reluctance, trust and reasons are null and
    the category collapses to champion, supporter or other."""

    stakeholder_id: uuid.UUID
    name: str
    team_id: uuid.UUID | None
    role_type: RoleType
    champion_score: float
    reluctance_score: float | None
    confidence: float
    champion_interval: tuple[float, float] = Field(description="80% credible interval")
    category: Category | ViewerCategory
    influence: float
    influence_is_manual: bool
    trust: Trust | None
    needs_one_on_one: bool | None
    reasons: list[Reason] | None
    suggestions: list[Reason] | None = Field(
        description="Advice that is not a call for a conversation (an ADKAR knowledge or "
        "ability gap: share a resource)"
    )
    one_on_one_scheduled_on: date | None
    as_of: datetime


class ScorePage(BaseModel):
    items: list[Score]
    next_cursor: str | None
    disclaimer: str = DISCLAIMER


class ContributionOut(BaseModel):
    record_type: str
    record_id: uuid.UUID
    kind: str | None
    at: datetime
    decay: float
    weight: float = Field(description="w x decay: how much evidence the record still carries")
    champion_points: float
    reluctance_points: float


class TrustInputOut(BaseModel):
    record_type: str
    record_id: uuid.UUID
    at: datetime
    dimension: str
    value: float
    weight: float


class ExplanationOut(BaseModel):
    prior_champion_points: float
    prior_reluctance_points: float
    evidence: float
    contributions: list[ContributionOut]
    trust_inputs: list[TrustInputOut]


class ScoreExplained(Score):
    explanation: ExplanationOut
    disclaimer: str = DISCLAIMER


class HistoryPoint(BaseModel):
    as_of: datetime
    champion_score: float
    reluctance_score: float
    confidence: float
    category: Category
    trust_score: float
    trust_level: str


class ScoreHistory(BaseModel):
    stakeholder_id: uuid.UUID
    step: Literal["day", "week"]
    points: list[HistoryPoint]


class SettingsOut(BaseModel):
    version: int = Field(description="0 while the workspace uses the defaults")
    values: dict[str, Any]
    defaults: dict[str, Any]


class SettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    values: dict[str, Any] = Field(
        description="Any subset of the settings; missing keys take the defaults"
    )


class SettingsSaved(BaseModel):
    version: int
    values: dict[str, Any]
    preview: bool
    stakeholders: int = Field(
        description="Stakeholders whose readings were (or would be) recomputed"
    )
    category_changes: int = Field(description="How many change (or would change) category")
    changes: list[dict[str, Any]] = Field(
        description="Up to 200 of the category changes: stakeholder_id, old, new"
    )


class NextAction(BaseModel):
    type: Literal["one_on_one", "overdue_commitment", "close_the_loop", "share_resource"]
    stakeholder_id: uuid.UUID
    name: str
    priority: float | None = None
    reasons: list[Reason] = []
    record_id: uuid.UUID | None = None
    due_on: date | None = None
    description: str | None = None


class LapsedOneOnOne(BaseModel):
    type: Literal["lapsed_one_on_one"]
    stakeholder_id: uuid.UUID
    name: str
    planned_on: date = Field(description="The day the latest one-on-one planned the next one for")
    booked: bool = Field(description="Whether that one-on-one was booked, or only intended")


class NextActions(BaseModel):
    one_on_ones: list[NextAction]
    lapsed_one_on_ones: list[LapsedOneOnOne] = Field(
        description="People whose next one-on-one was planned for a day in the last four "
        "weeks that has passed, with nothing logged since (missed, or held and not logged); "
        "oldest plan first"
    )
    overdue_commitments: list[NextAction]
    loops_to_close: list[NextAction]
    resources_to_share: list[NextAction]


class TeamInsight(BaseModel):
    team_id: uuid.UUID | None
    name: str
    stakeholders: int
    counts: dict[str, int]
    champions: list[uuid.UUID]
    needing_one_on_one: int | None
    mean_trust: float | None
    champion_gap: bool


class ChallengeGroup(BaseModel):
    cfir_domain: str | None
    cfir_construct: str | None
    open_concerns: int
    stakeholders: int
    stakeholder_ids: list[uuid.UUID] | None = Field(
        description="The people with open concerns here, heaviest first (the severity x "
        "influence of their concerns here, then by id). Hidden from viewers"
    )
    weight: float = Field(description="Sum of severity x influence over the open concerns")
    strategy_hints: list[str]


CfirDomain = Literal[
    "innovation", "outer_setting", "inner_setting", "individuals", "implementation_process"
]


class FocusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cfir_domain: CfirDomain
    cfir_construct: (
        Annotated[str, Field(max_length=80, description="A construct of that domain")] | None
    ) = None
    note: bounded_text(2000) = ""


class Focus(BaseModel):
    cfir_domain: str
    cfir_construct: str | None
    note: str
    chosen_by: uuid.UUID | None
    chosen_at: datetime


class Challenges(BaseModel):
    focus: Focus | None
    groups: list[ChallengeGroup]
    hints_disclaimer: str = (
        "Strategy hints follow the CFIR-ERIC matching (Waltz et al. 2019): hints, not "
        "prescriptions."
    )


class TrendWeek(BaseModel):
    week_start: date
    counts: dict[str, int]
    mean_trust: float | None


class Trends(BaseModel):
    weeks: list[TrendWeek]
