"""Strategy hints for the commonest CFIR 2.0 constructs, after the CFIR-ERIC matching.

Waltz et al. 2019 (Implementation Science 14:42) asked implementation experts which ERIC
strategies (Powell et al. 2015) best address each CFIR barrier. These are starting points for a
conversation, never prescriptions; the API and the UI label them as hints.
"""

HINTS: dict[str, list[str]] = {
    "innovation_evidence_base": [
        "Conduct educational meetings",
        "Capture and share local knowledge",
        "Identify and prepare champions",
    ],
    "innovation_relative_advantage": [
        "Identify and prepare champions",
        "Capture and share local knowledge",
        "Conduct local consensus discussions",
    ],
    "innovation_adaptability": ["Promote adaptability", "Conduct cyclical small tests of change"],
    "innovation_complexity": [
        "Develop educational materials",
        "Conduct cyclical small tests of change",
        "Provide ongoing consultation",
    ],
    "innovation_design": ["Promote adaptability", "Conduct local consensus discussions"],
    "innovation_cost": ["Access new funding", "Use other payment schemes"],
    "local_attitudes": ["Involve patients and consumers", "Conduct local consensus discussions"],
    "partnerships_and_connections": ["Build a coalition", "Promote network weaving"],
    "structural_characteristics": [
        "Change physical structure and equipment",
        "Revise professional roles",
    ],
    "work_infrastructure": ["Revise professional roles", "Create new clinical teams"],
    "relational_connections": ["Promote network weaving", "Build a coalition"],
    "communications": ["Organize clinician implementation team meetings", "Remind clinicians"],
    "culture": ["Identify and prepare champions", "Conduct local consensus discussions"],
    "tension_for_change": ["Conduct local needs assessment", "Audit and provide feedback"],
    "compatibility": ["Conduct local consensus discussions", "Promote adaptability"],
    "relative_priority": ["Inform local opinion leaders", "Obtain formal commitments"],
    "incentive_systems": ["Alter incentive/allowance structures", "Provide recognition"],
    "mission_alignment": ["Involve executive boards", "Inform local opinion leaders"],
    "available_resources": ["Access new funding", "Fund and contract for the clinical innovation"],
    "access_to_knowledge_and_information": [
        "Conduct educational meetings",
        "Provide ongoing consultation",
        "Develop educational materials",
    ],
    "high_level_leaders": ["Involve executive boards", "Obtain formal commitments"],
    "mid_level_leaders": ["Inform local opinion leaders", "Identify and prepare champions"],
    "opinion_leaders": ["Inform local opinion leaders", "Identify and prepare champions"],
    "implementation_facilitators": ["Facilitation", "Provide ongoing consultation"],
    "innovation_deliverers": [
        "Conduct educational outreach visits",
        "Provide clinical supervision",
    ],
    "innovation_recipients": [
        "Involve patients and consumers",
        "Prepare patients to be active participants",
    ],
    "teaming": ["Organize clinician implementation team meetings", "Create new clinical teams"],
    "assessing_needs": ["Conduct local needs assessment", "Assess for readiness"],
    "planning": ["Develop a formal implementation blueprint", "Stage implementation scale-up"],
    "tailoring_strategies": ["Tailor strategies", "Conduct cyclical small tests of change"],
    "engaging": ["Identify and prepare champions", "Inform local opinion leaders"],
    "doing": ["Conduct cyclical small tests of change", "Audit and provide feedback"],
    "reflecting_and_evaluating": [
        "Audit and provide feedback",
        "Purposely reexamine the implementation",
    ],
}

DOMAIN_HINTS: dict[str, list[str]] = {
    "innovation": ["Promote adaptability", "Conduct cyclical small tests of change"],
    "outer_setting": ["Build a coalition", "Involve patients and consumers"],
    "inner_setting": ["Identify and prepare champions", "Conduct local consensus discussions"],
    "individuals": ["Conduct educational meetings", "Identify and prepare champions"],
    "implementation_process": ["Audit and provide feedback", "Tailor strategies"],
}


def hints_for(domain: str | None, construct: str | None) -> list[str]:
    if construct and construct in HINTS:
        return HINTS[construct]
    return DOMAIN_HINTS.get(domain or "", [])
