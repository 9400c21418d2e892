"""The CFIR 2.0 vocabulary a concern can be filed under: five domains and their constructs.

From Damschroder et al., "The updated Consolidated Framework for Implementation Research based
on user feedback", Implementation Science 17, 75 (2022). Sub-constructs are listed after their
construct (e.g. `external_pressure`, then `societal_pressure`); either may be used. Keys are
stable API values; labels are for people.
"""

from enum import StrEnum

CFIR_CONSTRUCTS: dict[str, dict[str, str]] = {
    "innovation": {
        "innovation_source": "Innovation Source",
        "innovation_evidence_base": "Innovation Evidence-Base",
        "innovation_relative_advantage": "Innovation Relative Advantage",
        "innovation_adaptability": "Innovation Adaptability",
        "innovation_trialability": "Innovation Trialability",
        "innovation_complexity": "Innovation Complexity",
        "innovation_design": "Innovation Design",
        "innovation_cost": "Innovation Cost",
    },
    "outer_setting": {
        "critical_incidents": "Critical Incidents",
        "local_attitudes": "Local Attitudes",
        "local_conditions": "Local Conditions",
        "partnerships_and_connections": "Partnerships & Connections",
        "policies_and_laws": "Policies & Laws",
        "financing": "Financing",
        "external_pressure": "External Pressure",
        "societal_pressure": "External Pressure: Societal Pressure",
        "market_pressure": "External Pressure: Market Pressure",
        "performance_measurement_pressure": "External Pressure: Performance-Measurement Pressure",
    },
    "inner_setting": {
        "structural_characteristics": "Structural Characteristics",
        "physical_infrastructure": "Structural Characteristics: Physical Infrastructure",
        "information_technology_infrastructure": (
            "Structural Characteristics: Information Technology Infrastructure"
        ),
        "work_infrastructure": "Structural Characteristics: Work Infrastructure",
        "relational_connections": "Relational Connections",
        "communications": "Communications",
        "culture": "Culture",
        "human_equality_centeredness": "Culture: Human Equality-Centeredness",
        "recipient_centeredness": "Culture: Recipient-Centeredness",
        "deliverer_centeredness": "Culture: Deliverer-Centeredness",
        "learning_centeredness": "Culture: Learning-Centeredness",
        "tension_for_change": "Tension for Change",
        "compatibility": "Compatibility",
        "relative_priority": "Relative Priority",
        "incentive_systems": "Incentive Systems",
        "mission_alignment": "Mission Alignment",
        "available_resources": "Available Resources",
        "funding": "Available Resources: Funding",
        "space": "Available Resources: Space",
        "materials_and_equipment": "Available Resources: Materials & Equipment",
        "access_to_knowledge_and_information": "Access to Knowledge & Information",
    },
    "individuals": {
        # Roles subdomain: the concern is about people in this role.
        "high_level_leaders": "High-Level Leaders",
        "mid_level_leaders": "Mid-Level Leaders",
        "opinion_leaders": "Opinion Leaders",
        "implementation_facilitators": "Implementation Facilitators",
        "implementation_leads": "Implementation Leads",
        "implementation_team_members": "Implementation Team Members",
        "other_implementation_support": "Other Implementation Support",
        "innovation_deliverers": "Innovation Deliverers",
        "innovation_recipients": "Innovation Recipients",
        # Characteristics subdomain.
        "need": "Need",
        "capability": "Capability",
        "opportunity": "Opportunity",
        "motivation": "Motivation",
    },
    "implementation_process": {
        "teaming": "Teaming",
        "assessing_needs": "Assessing Needs",
        "assessing_needs_innovation_deliverers": "Assessing Needs: Innovation Deliverers",
        "assessing_needs_innovation_recipients": "Assessing Needs: Innovation Recipients",
        "assessing_context": "Assessing Context",
        "planning": "Planning",
        "tailoring_strategies": "Tailoring Strategies",
        "engaging": "Engaging",
        "engaging_innovation_deliverers": "Engaging: Innovation Deliverers",
        "engaging_innovation_recipients": "Engaging: Innovation Recipients",
        "doing": "Doing",
        "reflecting_and_evaluating": "Reflecting & Evaluating",
        "reflecting_and_evaluating_implementation": "Reflecting & Evaluating: Implementation",
        "reflecting_and_evaluating_innovation": "Reflecting & Evaluating: Innovation",
        "adapting": "Adapting",
    },
}

CfirDomain = StrEnum("CfirDomain", {d: d for d in CFIR_CONSTRUCTS})
CfirDomain.__doc__ = "The five CFIR 2.0 domains."

CfirConstruct = StrEnum(
    "CfirConstruct", {c: c for constructs in CFIR_CONSTRUCTS.values() for c in constructs}
)
CfirConstruct.__doc__ = "A CFIR 2.0 construct or sub-construct; it must belong to `cfir_domain`."


def construct_in_domain(domain: str, construct: str) -> bool:
    return construct in CFIR_CONSTRUCTS.get(domain, {})


NOT_GIVEN = "none"
"""As a list or export filter: concerns that name no CFIR domain, or no construct."""

# The filters' vocabularies: one enum each (the value or `none`), so a wrong value is one
# clear error naming the parameter.
CfirDomainOrNone = StrEnum("CfirDomainOrNone", {NOT_GIVEN: NOT_GIVEN, **{d: d for d in CfirDomain}})
CfirConstructOrNone = StrEnum(
    "CfirConstructOrNone", {NOT_GIVEN: NOT_GIVEN, **{c: c for c in CfirConstruct}}
)
