"""The demo workspace: a sepsis care bundle rolling out across six hospital teams.

About 60 people with nine months of history, written so that every category, a trust wobble,
a champion gap and each of the rules R1-R5 show up on the map. Records are written through
the same CRUD steps as the API, so the event log and the stored readings are real.
"""

import random
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from api.auth.deps import Access, Principal
from api.auth.models import User
from api.demo.feed import retell
from api.insights.models import FocusChallenge
from api.insights.schemas import FocusIn
from api.insights.settings_service import set_focus
from api.kit import crud
from api.kit.ids import uuid7
from api.kit.time import utcnow
from api.records.models import (
    Acknowledgement,
    Commitment,
    Concern,
    ConcernStatusChange,
    Conversation,
    Signal,
)
from api.stakeholders.models import Stakeholder, Team
from api.workspaces.models import Role, Workspace
from api.workspaces.schemas import WorkspaceCreate
from api.workspaces.service import add_member, create_workspace

TEAMS = [
    ("Emergency Department", "Front door: screening and the first hour"),
    ("Medical ICU", "Critical care and escalation"),
    ("Ward 4B (Acute Medicine)", "Inpatients who deteriorate"),
    ("Pharmacy", "Antibiotic timing and stewardship"),
    ("Laboratory", "Lactate and cultures turnaround"),
    ("Quality Improvement", "PDSA cycles, run charts, measurement"),
]
FIRST = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jon",
    "Kemi",
    "Liam",
    "Maya",
    "Nico",
    "Olu",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tara",
    "Uma",
    "Victor",
    "Wen",
    "Xavi",
    "Yara",
    "Zane",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Martin",
    "Patel",
    "Rossi",
    "Haddad",
    "Nguyen",
    "Tanaka",
    "Silva",
    "Murphy",
    "Adeyemi",
    "Walsh",
    "Cohen",
    "Moreau",
    "Ibrahim",
    "Kaur",
    "Berg",
    "Duarte",
    "Kowalski",
    "Reyes",
]
TITLES = {
    "medicine": ["Consultant physician", "Registrar", "Emergency physician", "Intensivist"],
    "nursing": ["Charge nurse", "Staff nurse", "Nurse educator", "Nurse manager"],
    "pharmacy": ["Clinical pharmacist", "Pharmacy lead"],
    "laboratory": ["Biomedical scientist", "Lab manager"],
    "QI": ["QI advisor", "Improvement coach", "Data analyst"],
    "administration": ["Operations manager", "Divisional director"],
}
TEAM_DISCIPLINES = ["medicine", "medicine", "nursing", "pharmacy", "laboratory", "QI"]
AREAS = [
    "QI: run charts",
    "QI: PDSA cycles",
    "QI: 5 Whys",
    "QI: fishbone diagrams",
    "Clinical: sepsis recognition",
    "Teaching junior staff",
    "Data: lactate audit",
    "Patient flow",
    "Antibiotic stewardship",
]
CONCERNS = [
    (
        "The screening tool fires too often; alarm fatigue on nights.",
        "innovation",
        "innovation_design",
    ),
    (
        "No time to do the bundle within the first hour with current staffing.",
        "inner_setting",
        "available_resources",
    ),
    ("Lactate results take too long from the lab.", "inner_setting", "work_infrastructure"),
    (
        "Not convinced the evidence applies to our older patients.",
        "innovation",
        "innovation_evidence_base",
    ),
    (
        "Night staff were never trained on the new pathway.",
        "inner_setting",
        "access_to_knowledge_and_information",
    ),
    ("Another initiative competing for the same attention.", "inner_setting", "relative_priority"),
    ("Leadership hasn't said this matters.", "individuals", "high_level_leaders"),
    ("The order set is clumsy in the EHR.", "innovation", "innovation_complexity"),
]
# What was done about each kind of concern, for those resolved.
RESOLUTIONS = {
    "innovation_design": "Alert threshold raised for nights after a two-week review.",
    "available_resources": "A float nurse covers the first hour on busy shifts.",
    "work_infrastructure": "Point-of-care lactate on the ward: results in minutes.",
    "innovation_evidence_base": "Shared the over-75s subgroup data at grand rounds.",
    "access_to_knowledge_and_information": "Night teaching sessions run; pocket cards on wards.",
    "relative_priority": "The falls project waits until the bundle is bedded in.",
    "high_level_leaders": "The chief nurse opened the launch huddle.",
    "innovation_complexity": "Fixed in the order set; shared at huddle.",
}
DISMISSED = "Out of scope for this rollout; explained why at the team meeting."
# What a lead jots down after a one-on-one, by how it went (tone below zero, zero, above).
SUMMARIES = {
    "cool": [
        "Frustrated with the extra charting; says the screening tool fires on every post-op.",
        "Doubts the bundle fits their patients; wants our own data before changing anything.",
        "Short on time after a heavy night; agreed to pick it up again next week.",
        "Worried the lactate step holds up antibiotics when the lab is slow.",
        "Feels the rollout was decided without the ward. Listened; no asks today.",
    ],
    "even": [
        "Talked through where the bundle stands on their unit.",
        "Walked through the screening flowchart; unsure who starts the one-hour clock.",
        "Went over last month's audit together; no strong view either way yet.",
        "Asked what gets in the way on nights: staffing and the order set, mostly.",
        "Wants to hear how the pilot ward got on before committing.",
    ],
    "warm": [
        "Already prompting juniors to take cultures before the first antibiotic dose.",
        "Offered a ten-minute teaching slot at the morning huddle.",
        "Told of a case where early fluids turned things round; will share it with the team.",
        "Suggested keeping the lactate kit on the resus trolley; will try it this week.",
        "Asked for their team's audit figures to track how they are doing.",
    ],
}
TOPICS = [
    "screening",
    "first-hour bundle",
    "antibiotic timing",
    "lactate",
    "staffing",
    "training",
    "EHR order set",
    "audit feedback",
]


@dataclass
class Persona:
    archetype: str
    role_type: str = "innovation_deliverer"


def _plan() -> list[list[Persona]]:
    """Per team, the people and what their story is. Team 2 (Ward 4B) has no champion."""
    P = Persona
    return [
        [
            P("champion", "opinion_leader"),
            P("champion"),
            P("supporter"),
            P("supporter"),
            P("hesitant_stale"),
            P("neutral"),
            P("reluctant"),
            P("unknown"),
            P("ambivalent"),
            P("supporter"),
        ],
        [
            P("champion", "mid_level_leader"),
            P("supporter"),
            P("hesitant_fresh_concern"),
            P("wobble"),
            P("neutral"),
            P("supporter"),
            P("adkar_desire"),
            P("unknown_old"),
            P("champion"),
            P("neutral"),
        ],
        [
            P("hesitant_stale", "mid_level_leader"),
            P("reluctant"),
            P("neutral"),
            P("supporter"),
            P("r2_open_severe"),
            P("neutral"),
            P("ambivalent"),
            P("unknown"),
            P("hesitant_stale"),
            P("adkar_knowledge"),
        ],
        [
            P("champion", "implementation_team_member"),
            P("supporter"),
            P("neutral"),
            P("reluctant"),
            P("supporter"),
            P("wobble"),
            P("neutral"),
            P("hesitant_scheduled"),
            P("unknown"),
            P("supporter"),
        ],
        [
            P("supporter"),
            P("neutral"),
            P("reluctant", "mid_level_leader"),
            P("hesitant_stale"),
            P("unknown"),
            P("supporter"),
            P("champion"),
            P("neutral"),
            P("supporter"),
            P("neutral"),
        ],
        [
            P("champion", "implementation_facilitator"),
            P("champion", "implementation_lead"),
            P("supporter", "implementation_team_member"),
            P("leader_silent", "high_level_leader"),
            P("supporter"),
            P("neutral"),
            P("ambivalent"),
            P("supporter"),
            P("unknown"),
            P("champion"),
        ],
    ]


class Writer:
    def __init__(self, session: Session, access: Access, rng: random.Random, now: datetime):
        self.session, self.access, self.rng, self.now = session, access, rng, now
        self.words = random.Random("conversation summaries")

    def summary(self, tone: int) -> str:
        # From a generator of its own, so the wording leaves the rest of the story as it was.
        mood = "cool" if tone < 0 else "warm" if tone > 0 else "even"
        return self.words.choice(SUMMARIES[mood])

    def ago(self, days: float) -> datetime:
        """A moment of the working day (08:00-17:00 UTC) `days` ago, never after now.

        Leads meet people on shift, not at three in the morning."""
        day = (self.now - timedelta(days=days)).replace(hour=8, minute=0, second=0, microsecond=0)
        at = day + timedelta(minutes=self.rng.randint(0, 540))
        return at if at <= self.now else at - timedelta(days=1)

    def _add(self, model, values: dict):
        # The event written here is a placeholder: `retell` writes the feed afresh at the end.
        return crud.create(self.session, self.access, model, values, lambda o: {"id": str(o.id)})

    def conversation(self, s: Stakeholder, days: float, tone: int, **kw) -> Conversation:
        ratings = kw.pop("ratings", None)
        if ratings is None:
            base = 4 if tone > 0 else 3
            ratings = {
                k: min(5, max(1, base + self.rng.choice([-1, 0, 0, 1])))
                for k in ("authenticity", "competence", "empathy")
            }
        return self._add(
            Conversation,
            {
                "stakeholder_id": s.id,
                "occurred_at": self.ago(days),
                "tone": tone,
                "held_by": self.access.actor_user_id,
                "mode": self.rng.choice(["in_person", "in_person", "video", "phone"]),
                "duration_minutes": self.rng.choice([15, 20, 30, 45]),
                "summary": kw.pop("summary", self.summary(tone)),
                "ratings": ratings,
                "topics": self.rng.sample(TOPICS, 2),
                **kw,
            },
        )

    def concern(
        self,
        s: Stakeholder,
        days: float,
        severity: int,
        status: str = "open",
        changed_days: float | None = None,
        conversation: Conversation | None = None,
        loop_closed: bool = False,
    ) -> Concern:
        text, domain, construct = self.rng.choice(CONCERNS)
        raised = conversation.occurred_at if conversation else self.ago(days)
        cid = uuid7()
        changed = raised if status == "open" or changed_days is None else self.ago(changed_days)
        concern = self._add(
            Concern,
            {
                "id": cid,
                "stakeholder_id": s.id,
                "conversation_id": conversation.id if conversation else None,
                "raised_at": raised,
                "text": text,
                "severity": severity,
                "cfir_domain": domain,
                "cfir_construct": construct,
                "status": status,
                "status_changed_at": changed,
                "resolution_note": RESOLUTIONS[construct]
                if status == "resolved"
                else DISMISSED
                if status == "dismissed"
                else "",
                "loop_closed_on": changed.date()
                if loop_closed and status in ("resolved", "dismissed")
                else None,
            },
        )
        self.session.add(
            ConcernStatusChange(
                workspace_id=self.access.workspace_id,
                concern_id=cid,
                from_status=None,
                to_status="open",
                changed_at=raised,
                changed_by=self.access.actor_user_id,
            )
        )
        if status != "open":
            self.session.add(
                ConcernStatusChange(
                    workspace_id=self.access.workspace_id,
                    concern_id=cid,
                    from_status="open",
                    to_status=status,
                    changed_at=changed,
                    changed_by=self.access.actor_user_id,
                )
            )
        return concern

    def signal(self, s: Stakeholder, days: float, kind: str, **values) -> Signal:
        return self._add(
            Signal,
            {
                "stakeholder_id": s.id,
                "observed_at": self.ago(days),
                "kind": kind,
                "source": "survey" if kind in ("readiness_check", "adkar") else "observed",
                "values": {
                    k: (str(v) if isinstance(v, uuid.UUID) else v) for k, v in values.items()
                },
                "nominated_by_id": values.get("nominated_by_id"),
            },
        )

    def ack(self, s: Stakeholder, days: float) -> None:
        self._add(
            Acknowledgement,
            {
                "stakeholder_id": s.id,
                "acknowledged_at": self.ago(days),
                "area": self.rng.choice(AREAS),
                "setting": self.rng.choice(
                    ["one_on_one", "team_meeting", "asked_for_advice", "public_credit"]
                ),
                "acknowledged_by": self.access.actor_user_id,
                "note": "",
            },
        )

    def commitment(
        self, s: Stakeholder, days_ago: float, due_in: int, status: str, owner: str = "team"
    ) -> None:
        created = self.ago(days_ago)
        self._add(
            Commitment,
            {
                "stakeholder_id": s.id,
                "description": self.rng.choice(
                    [
                        "Send the updated screening flowchart",
                        "Bring lactate turnaround data to huddle",
                        "Arrange night-shift teaching",
                        "Fix the order set default",
                    ]
                ),
                "owner": owner,
                "due_on": (created + timedelta(days=due_in)).date(),
                "status": status,
                "status_changed_at": None
                if status == "open"
                else created + timedelta(days=max(1, due_in - 1)),
                "created_at": created,
                "updated_at": created,
            },
        )


def _tell(w: Writer, s: Stakeholder, archetype: str) -> None:
    r = w.rng
    if archetype in ("unknown",):
        return
    if archetype == "unknown_old":
        w.conversation(s, 230, 0)
        w.signal(s, 220, "stage_of_change", stage="contemplation")
        return
    if archetype == "champion":
        w.conversation(s, 150, 1)
        w.conversation(s, 70, 2)
        c = w.conversation(s, 12, 2, next_contact_on=(w.now + timedelta(days=21)).date())
        facets = r.sample(
            [
                "enthusiasm",
                "persistence",
                "involving_others",
                "ownership",
                "presence",
                "persuasiveness",
            ],
            5,
        )
        for days, facet in zip([55, 38, 24, 9, 2], facets, strict=True):
            w.signal(s, days, "champion_behavior", facet=facet, intensity=3)
        w.signal(s, 16, "readiness_check", commitment=5, efficacy=round(r.uniform(4.2, 5.0), 1))
        w.signal(s, 30, "stage_of_change", stage="maintenance")
        w.signal(s, 18, "quick_win")
        w.commitment(s, 40, 10, "kept")
        w.commitment(s, 12, 14, "open", owner="stakeholder")
        del c
    elif archetype == "supporter":
        w.conversation(s, 90, 1)
        w.conversation(s, 35, 1)
        w.conversation(s, 8, 2)
        w.signal(
            s, 20, "champion_behavior", facet=r.choice(["enthusiasm", "presence"]), intensity=3
        )
        w.signal(s, 14, "readiness_check", commitment=5, efficacy=round(r.uniform(4.4, 5.0), 1))
        w.signal(s, 28, "stage_of_change", stage="action")
        w.commitment(s, 25, 7, "kept")
    elif archetype == "neutral":
        w.conversation(s, r.randint(40, 55), 0)
        w.conversation(s, r.randint(8, 20), 0)
        w.signal(s, 25, "stage_of_change", stage="preparation")
    elif archetype in ("hesitant_stale", "hesitant_fresh_concern", "hesitant_scheduled"):
        if archetype == "hesitant_stale":
            conv = w.conversation(s, r.randint(40, 60), -1)
            w.concern(s, 0, 2, conversation=conv)
            w.concern(s, 35, 2)
        else:
            scheduled = archetype == "hesitant_scheduled"
            conv = w.conversation(
                s,
                6,
                -1,
                next_contact_on=(w.now + timedelta(days=3)).date() if scheduled else None,
                next_contact_scheduled=scheduled,
            )
            w.concern(s, 0, 2, conversation=conv)
            w.concern(s, 2, 2)  # raised after the last one-on-one
        w.signal(s, 45, "resistance_behavior", facet="emotional", intensity=2)
        w.signal(s, 30, "stage_of_change", stage="contemplation")
    elif archetype == "reluctant":
        w.concern(s, 60, 3)
        w.conversation(s, 16, -2)
        for days in (62, 33, 9):
            w.signal(
                s,
                days,
                "resistance_behavior",
                facet=r.choice(["cognitive", "emotional", "behavioral"]),
                intensity=3,
            )
        w.signal(s, 20, "stage_of_change", stage="precontemplation")
        w.signal(s, 19, "readiness_check", commitment=1, efficacy=2)
    elif archetype == "ambivalent":
        # Support and resistance at once (Piderit): visibly keen, and visibly worried.
        conv = w.conversation(s, 10, 1)
        for days in (40, 26, 14, 5, 2, 1):
            w.signal(
                s,
                days,
                "champion_behavior",
                facet=r.choice(["enthusiasm", "persistence", "ownership"]),
                intensity=3,
            )
        for days in (30, 18, 7, 3):
            w.signal(
                s,
                days,
                "resistance_behavior",
                facet=r.choice(["cognitive", "emotional"]),
                intensity=3,
            )
        w.concern(s, 0, 3, conversation=conv)
        w.concern(s, 3, 3)
    elif archetype == "wobble":
        low = {"authenticity": 4, "competence": 1, "empathy": 4}
        w.conversation(s, 40, 1, ratings=low)
        w.conversation(s, 12, 0, ratings=low)
        w.commitment(s, 50, 10, "broken")
        w.commitment(s, 30, 5, "open")  # now long overdue
        w.signal(s, 20, "stage_of_change", stage="preparation")
    elif archetype == "adkar_desire":
        # A follow-up booked for two weeks on, which has passed with nothing logged.
        w.conversation(
            s,
            18,
            0,
            next_contact_on=(w.now - timedelta(days=4)).date(),
            next_contact_scheduled=True,
        )
        w.signal(
            s, 10, "adkar", awareness=4, desire=2, knowledge=2, ability=None, reinforcement=None
        )
    elif archetype == "adkar_knowledge":
        w.conversation(s, 15, 1)
        w.signal(s, 9, "adkar", awareness=5, desire=4, knowledge=2, ability=3, reinforcement=None)
        w.signal(s, 20, "stage_of_change", stage="preparation")
    elif archetype == "r2_open_severe":
        # "Let's talk again in a fortnight", never booked, and the fortnight has passed.
        conv = w.conversation(s, 21, 0, next_contact_on=(w.now - timedelta(days=7)).date())
        w.concern(s, 0, 3, conversation=conv)
        old = w.conversation(s, 120, 1)
        w.concern(s, 0, 1, status="resolved", changed_days=60, conversation=old)
    elif archetype == "leader_silent":
        w.conversation(s, 100, 0)
    # Everyone who has been met has had their expertise acknowledged at least once.
    for _ in range(r.randint(1, 3)):
        w.ack(s, r.randint(5, 250))


def _settled_concerns(w: Writer, told: list[tuple[Stakeholder, str]]) -> None:
    """Concerns the rollout has already dealt with, or is dealing with: most champions and
    supporters were won over by having an early worry heard and fixed, and told so."""
    r = w.rng
    dismissed = False
    for s, archetype in told:
        if archetype == "champion":
            w.concern(s, r.randint(150, 220), 2, "resolved", r.randint(100, 140), loop_closed=True)
        elif archetype == "supporter" and not dismissed:
            dismissed = True
            w.concern(s, r.randint(90, 120), 1, "dismissed", r.randint(60, 80), loop_closed=True)
        elif archetype == "supporter" and r.random() < 0.5:
            w.concern(
                s,
                r.randint(60, 120),
                r.randint(1, 2),
                "resolved",
                r.randint(30, 50),
                loop_closed=True,
            )
        elif archetype in ("supporter", "neutral") and r.random() < 0.5:
            w.concern(s, r.randint(20, 40), 1, "being_addressed", r.randint(8, 15))


def create_demo(
    session: Session, email: str, password: str, seed: int = 7
) -> tuple[Workspace, User]:
    """Create the demo workspace, its owner (a lead signing in as `email`) and a viewer."""
    from api.auth.service import create_user

    rng = random.Random(seed)
    user = create_user(session, email, password, "Alex Morgan (implementation lead)")
    viewer_email = email.replace("@", "+viewer@", 1)
    viewer = create_user(session, viewer_email, password, "Jordan Lee (team member)")
    ws = create_workspace(
        session,
        user,
        WorkspaceCreate(
            name="Sepsis bundle rollout (demo)",
            description="Demo data: a hospital rolling out the sepsis six bundle across six teams.",
        ),
    )
    access = Access(ws.id, Principal(user=user), Role.owner, True)
    add_member(session, access, viewer.email, Role.viewer)
    now = utcnow()
    w = Writer(session, access, rng, now)
    people: list[Stakeholder] = []
    told: list[tuple[Stakeholder, str]] = []
    champions: list[Stakeholder] = []
    used: set[str] = set()
    for (team_name, team_desc), personas, discipline in zip(
        TEAMS, _plan(), TEAM_DISCIPLINES, strict=True
    ):
        team = w._add(Team, {"name": team_name, "description": team_desc})
        for persona in personas:
            name = rng.choice(FIRST) + " " + rng.choice(LAST)
            while name in used:
                name = rng.choice(FIRST) + " " + rng.choice(LAST)
            used.add(name)
            disc = "administration" if persona.role_type == "high_level_leader" else discipline
            s = w._add(
                Stakeholder,
                {
                    "name": name,
                    "title": rng.choice(TITLES[disc]),
                    "team_id": team.id,
                    "role_type": persona.role_type,
                    "discipline": disc,
                    "email": name.lower().replace(" ", ".") + "@hospital.example",
                    "tags": [persona.archetype.split("_")[0]] if rng.random() < 0.3 else [],
                },
            )
            people.append(s)
            told.append((s, persona.archetype))
            _tell(w, s, persona.archetype)
            if persona.archetype == "champion":
                champions.append(s)
    # Peers name the people they go to for advice about the bundle.
    for champ in champions:
        for peer in rng.sample([p for p in people if p.id != champ.id], 2):
            w.signal(champ, rng.randint(10, 200), "peer_nomination", nominated_by_id=peer.id)
    _settled_concerns(w, told)
    session.flush()
    _pick_focus(session, access, now)
    # Written in one go, the feed would say all this happened just now.
    retell(session, access, now)
    return ws, user


FOCUS_NOTE = (
    "Chosen at the November huddle: it came up in more one-on-ones than anything else. "
    "Plan: one small test of change per ward, run by its champion, and a review together "
    "in two weeks."
)


def _pick_focus(session: Session, access: Access, now: datetime) -> None:
    """The team has picked one challenge: the construct most open concerns name."""
    named = Counter(
        (c.cfir_domain, c.cfir_construct)
        for c in session.exec(
            select(Concern).where(
                Concern.workspace_id == access.workspace_id,
                Concern.status == "open",
                Concern.cfir_construct.is_not(None),
            )
        )
    )
    if not named:
        return
    (domain, construct), _ = min(named.items(), key=lambda kv: (-kv[1], kv[0]))
    set_focus(
        session,
        access,
        FocusIn(cfir_domain=domain, cfir_construct=construct, note=FOCUS_NOTE),
    )
    focus = session.get(FocusChallenge, access.workspace_id)
    focus.chosen_at = now - timedelta(days=12)
    session.add(focus)
    session.flush()
