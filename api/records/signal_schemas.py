"""Signals: one flat JSON resource whose fields depend on `kind`.

Each kind is its own model, joined in a union discriminated by `kind`, so the OpenAPI
documents every kind's fields. Validation errors name the flat field (`body.intensity`), not
the union branch (`body.champion_behavior.intensity`): the client sent a flat object.
"""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    ValidationError,
    WrapValidator,
    model_validator,
)

from api.kit.pagination import Page
from api.kit.types import LongText, StrictFloat, StrictInt
from api.records.types import RecordTime


class SignalKind(StrEnum):
    champion_behavior = "champion_behavior"
    resistance_behavior = "resistance_behavior"
    readiness_check = "readiness_check"
    stage_of_change = "stage_of_change"
    adkar = "adkar"
    peer_nomination = "peer_nomination"
    quick_win = "quick_win"


class SignalSource(StrEnum):
    observed = "observed"
    self_reported = "self_reported"
    survey = "survey"


class ChampionFacet(StrEnum):
    enthusiasm = "enthusiasm"
    persistence = "persistence"
    involving_others = "involving_others"
    ownership = "ownership"
    presence = "presence"
    persuasiveness = "persuasiveness"


class ResistanceFacet(StrEnum):
    cognitive = "cognitive"
    emotional = "emotional"
    behavioral = "behavioral"


class Stage(StrEnum):
    precontemplation = "precontemplation"
    contemplation = "contemplation"
    preparation = "preparation"
    action = "action"
    maintenance = "maintenance"


Intensity = Annotated[StrictInt, Field(ge=1, le=3, description="1 (slight) to 3 (strong)")]
ReadinessScore = Annotated[
    StrictFloat, Field(ge=1, le=5, allow_inf_nan=False, description="1 to 5; decimals allowed")
]
AdkarScore = Annotated[StrictInt, Field(ge=1, le=5)]

# The fields each kind adds to the common ones; the service stores them in `Signal.values`.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "champion_behavior": ("facet", "intensity"),
    "resistance_behavior": ("facet", "intensity"),
    "readiness_check": ("commitment", "efficacy"),
    "stage_of_change": ("stage",),
    "adkar": ("awareness", "desire", "knowledge", "ability", "reinforcement"),
    "peer_nomination": ("nominated_by_id",),
    "quick_win": (),
}
COMMON_FIELDS = ("stakeholder_id", "observed_at", "source", "note")


# Kind mixins: the same field rules for input and output.


class _ChampionBehavior(BaseModel):
    kind: Literal["champion_behavior"]
    facet: ChampionFacet
    intensity: Intensity


class _ResistanceBehavior(BaseModel):
    kind: Literal["resistance_behavior"]
    facet: ResistanceFacet
    intensity: Intensity


class _ReadinessCheck(BaseModel):
    """ORIC-style organisational readiness: change commitment and change efficacy."""

    kind: Literal["readiness_check"]
    commitment: ReadinessScore
    efficacy: ReadinessScore


class _StageOfChange(BaseModel):
    kind: Literal["stage_of_change"]
    stage: Stage


class _Adkar(BaseModel):
    """An ADKAR check; at least one of the five scores must be given."""

    kind: Literal["adkar"]
    awareness: AdkarScore | None = None
    desire: AdkarScore | None = None
    knowledge: AdkarScore | None = None
    ability: AdkarScore | None = None
    reinforcement: AdkarScore | None = None

    @model_validator(mode="after")
    def _at_least_one(self):
        if all(getattr(self, f) is None for f in KIND_FIELDS["adkar"]):
            raise ValueError(
                "an ADKAR check needs at least one of " + ", ".join(KIND_FIELDS["adkar"])
            )
        return self


class _PeerNomination(BaseModel):
    kind: Literal["peer_nomination"]
    nominated_by_id: uuid.UUID = Field(
        description="The stakeholder (in this workspace, not this one) who nominated them"
    )


class _QuickWin(BaseModel):
    """The stakeholder shared a quick win; no fields of its own."""

    kind: Literal["quick_win"]


# --- input -----------------------------------------------------------------------------------


class _SignalInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stakeholder_id: uuid.UUID
    observed_at: RecordTime = Field(description="When it was observed; not in the future")
    source: SignalSource = SignalSource.observed
    note: LongText = ""


class ChampionBehaviorCreate(_ChampionBehavior, _SignalInput):
    pass


class ResistanceBehaviorCreate(_ResistanceBehavior, _SignalInput):
    pass


class ReadinessCheckCreate(_ReadinessCheck, _SignalInput):
    pass


class StageOfChangeCreate(_StageOfChange, _SignalInput):
    pass


class AdkarCreate(_Adkar, _SignalInput):
    pass


class PeerNominationCreate(_PeerNomination, _SignalInput):
    pass


class QuickWinCreate(_QuickWin, _SignalInput):
    pass


CREATE_MODELS: dict[str, type[_SignalInput]] = {
    "champion_behavior": ChampionBehaviorCreate,
    "resistance_behavior": ResistanceBehaviorCreate,
    "readiness_check": ReadinessCheckCreate,
    "stage_of_change": StageOfChangeCreate,
    "adkar": AdkarCreate,
    "peer_nomination": PeerNominationCreate,
    "quick_win": QuickWinCreate,
}


def _flat_errors(value: Any, handler):
    """Drop the union branch from error locations; put a bad or missing tag on `kind`."""
    try:
        return handler(value)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
                loc = ("kind",)
            elif loc and loc[0] in KIND_FIELDS:
                loc = loc[1:]
            detail = {"type": err["type"], "loc": loc, "input": err["input"]}
            if "ctx" in err:
                detail["ctx"] = err["ctx"]
            errors.append(detail)
        try:
            flat = ValidationError.from_exception_data(exc.title, errors)
        except (KeyError, TypeError, ValueError):
            raise exc from None
        raise flat from None


SignalCreate = Annotated[
    ChampionBehaviorCreate
    | ResistanceBehaviorCreate
    | ReadinessCheckCreate
    | StageOfChangeCreate
    | AdkarCreate
    | PeerNominationCreate
    | QuickWinCreate,
    Discriminator("kind"),
    WrapValidator(_flat_errors),
]


class SignalUpdate(BaseModel):
    """Every field optional; only the fields sent change. Send only the fields of the signal's
    own kind; `kind` itself cannot change (delete the signal and create a new one)."""

    model_config = ConfigDict(extra="forbid")
    kind: SignalKind = None
    stakeholder_id: uuid.UUID = None
    observed_at: RecordTime = None
    source: SignalSource = None
    note: LongText = None
    facet: ChampionFacet | ResistanceFacet = None
    intensity: Intensity = None
    commitment: ReadinessScore = None
    efficacy: ReadinessScore = None
    stage: Stage = None
    awareness: AdkarScore | None = None
    desire: AdkarScore | None = None
    knowledge: AdkarScore | None = None
    ability: AdkarScore | None = None
    reinforcement: AdkarScore | None = None
    nominated_by_id: uuid.UUID = None


# --- output ----------------------------------------------------------------------------------


class _SignalOutput(BaseModel):
    id: uuid.UUID
    workspace_id: uuid.UUID
    stakeholder_id: uuid.UUID
    observed_at: datetime
    source: SignalSource
    note: str
    created_at: datetime
    updated_at: datetime


class ChampionBehaviorSignal(_ChampionBehavior, _SignalOutput):
    pass


class ResistanceBehaviorSignal(_ResistanceBehavior, _SignalOutput):
    pass


class ReadinessCheckSignal(_ReadinessCheck, _SignalOutput):
    pass


class StageOfChangeSignal(_StageOfChange, _SignalOutput):
    pass


class AdkarSignal(_Adkar, _SignalOutput):
    pass


class PeerNominationSignal(_PeerNomination, _SignalOutput):
    pass


class QuickWinSignal(_QuickWin, _SignalOutput):
    pass


SignalPublic = Annotated[
    ChampionBehaviorSignal
    | ResistanceBehaviorSignal
    | ReadinessCheckSignal
    | StageOfChangeSignal
    | AdkarSignal
    | PeerNominationSignal
    | QuickWinSignal,
    Discriminator("kind"),
]

PUBLIC_MODELS: dict[str, type[_SignalOutput]] = {
    "champion_behavior": ChampionBehaviorSignal,
    "resistance_behavior": ResistanceBehaviorSignal,
    "readiness_check": ReadinessCheckSignal,
    "stage_of_change": StageOfChangeSignal,
    "adkar": AdkarSignal,
    "peer_nomination": PeerNominationSignal,
    "quick_win": QuickWinSignal,
}


class SignalPage(Page[SignalPublic]):
    """A page of signals, each flat with its kind's fields."""
