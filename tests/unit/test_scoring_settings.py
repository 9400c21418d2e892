import json

import pytest

from api.scoring import DEFAULT_SETTINGS, ScoringSettings

SPEC_DEFAULTS = {
    "champion_behavior_weight": 1.5,
    "resistance_behavior_weight": 1.5,
    "readiness_weight": 2.0,
    "readiness_multiplier": 0.8,
    "stage_weight": 1.0,
    "stage_multiplier": 0.6,
    "adkar_weight": 1.0,
    "adkar_multiplier": 0.6,
    "conversation_weight": 1.0,
    "conversation_champion_multiplier": 0.25,
    "conversation_reluctance_multiplier": 0.5,
    "concern_weight": 0.75,
    "concern_multiplier": 0.67,
    "concern_factor_open": 1.0,
    "concern_factor_being_addressed": 0.5,
    "concern_factor_resolved": 0.0,
    "concern_factor_dismissed": 0.0,
    "stance_half_life_days": 90.0,
    "prior_mass": 2.0,
    "prior_mean": 0.16,
    "credible_interval": 0.8,
    "trust_half_life_days": 180.0,
    "trust_prior_mass": 2.0,
    "trust_prior_mean": 0.5,
    "trust_rating_weight": 1.0,
    "trust_concern_weight": 0.5,
    "trust_acknowledgement_weight": 0.5,
    "trust_commitment_weight": 1.0,
    "trust_quick_win_weight": 0.5,
    "acknowledgement_monthly_cap": 2,
    "commitment_overdue_grace_days": 7,
    "trust_unknown_evidence_below": 1.0,
    "trust_developing_from": 40.0,
    "trust_established_from": 60.0,
    "trust_high_from": 80.0,
    "trust_wobble_below": 40.0,
    "trust_wobble_min_evidence": 1.0,
    "unknown_evidence_below": 1.0,
    "unknown_window_days": 180,
    "ambivalent_champion_min": 45.0,
    "ambivalent_reluctance_min": 35.0,
    "champion_min": 65.0,
    "champion_reluctance_below": 30.0,
    "champion_confidence_min": 0.6,
    "champion_behavior_window_days": 90,
    "reluctant_min": 55.0,
    "reluctant_confidence_min": 0.5,
    "supporter_min": 45.0,
    "hesitant_min": 35.0,
    "influence_high_level_leader": 1.5,
    "influence_opinion_leader": 1.5,
    "influence_mid_level_leader": 1.2,
    "influence_default": 1.0,
    "nomination_bonus": 0.1,
    "nomination_cap": 5,
    "nomination_window_days": 365,
    "r1_window_days": 30,
    "r2_min_age_days": 14,
    "r2_severity": 3,
    "r4_gap_at_most": 3.0,
    "r5_min_influence": 1.5,
    "r5_window_days": 60,
    "scheduled_window_days": 7,
}


def test_defaults_are_the_documented_ones():
    assert DEFAULT_SETTINGS.to_dict() == SPEC_DEFAULTS


def test_json_round_trip_gives_equal_settings():
    custom = ScoringSettings(stance_half_life_days=60, acknowledgement_monthly_cap=3)
    stored = json.dumps(custom.to_dict())

    assert ScoringSettings.from_dict(json.loads(stored)) == custom


def test_missing_keys_take_their_default_and_ints_become_floats():
    settings = ScoringSettings.from_dict({"prior_mass": 3})

    assert settings.prior_mass == 3.0
    assert isinstance(settings.prior_mass, float)
    assert settings.to_dict() == {**SPEC_DEFAULTS, "prior_mass": 3.0}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stance_halflife": 90}, "stance_halflife: unknown scoring setting"),
        ({"conversation_weight": -0.1}, "conversation_weight: must be 0 or more"),
        ({"stance_half_life_days": 0}, "stance_half_life_days: must be more than 0 days"),
        ({"trust_half_life_days": -5}, "trust_half_life_days: must be more than 0 days"),
        ({"prior_mass": 0}, "prior_mass: must be more than 0"),
        ({"prior_mean": 1.0}, "prior_mean: must be strictly between 0 and 1"),
        ({"concern_multiplier": 1.2}, "concern_multiplier: must be between 0 and 1"),
        ({"champion_min": 101}, "champion_min: must be between 0 and 100"),
        ({"r1_window_days": 30.5}, "r1_window_days: must be a whole number of days, 0 or more"),
        ({"nomination_cap": -1}, "nomination_cap: must be a whole number, 0 or more"),
        ({"credible_interval": 1}, "credible_interval: must be strictly between 0 and 1"),
        ({"r2_severity": 4}, "r2_severity: must be a whole number from 1 to 3"),
        ({"r4_gap_at_most": 0}, "r4_gap_at_most: must be between 1 and 5"),
        ({"influence_default": 0}, "influence_default: must be more than 0"),
        ({"readiness_weight": True}, "readiness_weight: must be a number"),
        ({"readiness_weight": "2"}, "readiness_weight: must be a number"),
        ({"readiness_weight": float("nan")}, "readiness_weight: must be finite"),
        ({"trust_high_from": 50}, "trust_developing_from: trust cut-offs must rise"),
    ],
)
def test_invalid_settings_are_refused_naming_the_key(data, message):
    with pytest.raises(ValueError, match=f"^{message}"):
        ScoringSettings.from_dict(data)


def test_settings_must_be_an_object():
    with pytest.raises(ValueError, match="must be a JSON object"):
        ScoringSettings.from_dict([("prior_mass", 2)])


def test_whole_floats_are_accepted_for_day_windows():
    assert ScoringSettings.from_dict({"r1_window_days": 45.0}).r1_window_days == 45
