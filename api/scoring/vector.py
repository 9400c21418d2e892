"""Readings for many stakeholders at once: the numbers of `forward.read`, computed on arrays.

`read_many` takes the stored forward-decay sums of N stakeholders as an (N, 11) array, their
facts as `FactColumns`, and gives back `ReadingColumns`. Every float is computed with the same
operations in the same order as the scalar path, so it matches `read` to the last bit except
for the credible interval, whose inverse incomplete beta is solved here by a vectorised
Halley/Householder iteration (about 1e-13 relative to scipy's `betaincinv`, four times faster
for a whole map) and the decay of overdue commitments. `tests/unit/test_scoring_vector.py`
proves the two paths agree to 1e-9.

Times are int64 microseconds since the Unix epoch (UTC), with `NAT` for "never", so window
rules compare exact integers just as the scalar path compares datetimes.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from itertools import chain, compress, repeat
from operator import add, attrgetter, is_not
from typing import NamedTuple, TypeVar

import numpy as np
from scipy.special import betainc, betaincinv, betaln

from api.scoring.category import CATEGORIES
from api.scoring.facts import StakeholderFacts
from api.scoring.forward import SUM_FIELDS, ForwardSums, _read_factor
from api.scoring.influence import influence, role_influence
from api.scoring.inputs import StakeholderIn, aware_utc
from api.scoring.one_on_one import (
    WATCHFUL_CATEGORIES,
    r1_text,
    r2_text,
    r3_text,
    r4_advice,
    r5_text,
)
from api.scoring.reading import Reading, Reason
from api.scoring.settings import DEFAULT_SETTINGS, ScoringSettings
from api.scoring.trust import DIMENSIONS, TRUST_LEVELS, TrustReading

NAT = np.iinfo(np.int64).min
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US_PER_DAY = 86_400_000_000
_US = timedelta(microseconds=1)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def to_us(at: datetime | None) -> int:
    """An aware datetime as int microseconds since the epoch; None as `NAT`."""
    return NAT if at is None else (at - EPOCH) // _US


def day_number(d: date) -> int:
    """A date as days since 1970-01-01."""
    return d.toordinal() - _EPOCH_ORDINAL


# --- the inverse of the regularised incomplete beta function ----------------------------------


def _initial_guess(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    # Numerical Recipes' starting point (Abramowitz & Stegun 26.5.22 for a, b >= 1).
    with np.errstate(all="ignore"):
        pp = np.where(p < 0.5, p, 1.0 - p)
        t = np.sqrt(-2.0 * np.log(pp))
        g = (2.30753 + t * 0.27061) / (1.0 + t * (0.99229 + t * 0.04481)) - t
        g = np.where(p < 0.5, -g, g)
        al = (g * g - 3.0) / 6.0
        h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0))
        w = g * np.sqrt(al + h) / h - (1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) * (
            al + 5.0 / 6.0 - 2.0 / (3.0 * h)
        )
        large = a / (a + b * np.exp(2.0 * w))
        lna = np.log(a / (a + b))
        lnb = np.log(b / (a + b))
        ta = np.exp(a * lna) / a
        tb = np.exp(b * lnb) / b
        tw = ta + tb
        small = np.where(
            p < ta / tw, (a * tw * p) ** (1.0 / a), 1.0 - (b * tw * (1.0 - p)) ** (1.0 / b)
        )
    return np.where((a >= 1.0) & (b >= 1.0), large, small)


def beta_quantile(
    p: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    tol: float = 1e-5,
    start: np.ndarray | None = None,
) -> np.ndarray:
    """x with I_x(a, b) = p, elementwise: scipy's `betaincinv`, about four times faster.

    Each round evaluates `betainc` once per unsolved element and takes a fourth-order step
    (the root of the cubic Taylor model of I_x, from the beta density and its two
    derivatives); far from the root it takes a damped Halley step instead. An element is
    done when its step falls below `tol` relative, which leaves an error of order tol^4.
    Anything that fails to settle falls back to `betaincinv`.

    `start` (optional, same length) is where to begin instead of the textbook guess, where it
    lies strictly between 0 and 1: last time's answers for nearly the same shapes (the same
    stakeholders a few seconds of decay later) settle in one round instead of three. It
    changes how many rounds an element takes, not where it ends.
    """
    return _solve(_begin(p, a, b, start), tol)


class _Begun(NamedTuple):
    """The first round of `beta_quantile` evaluated: its inputs as flat arrays, where each
    element starts, log B(a, b), and I_x(a, b) at the start."""

    p: np.ndarray
    a: np.ndarray
    b: np.ndarray
    x: np.ndarray
    lbeta: np.ndarray
    cdf: np.ndarray


def _begin(p, a, b, start: np.ndarray | None, lbeta: np.ndarray | None = None) -> _Begun:
    """The costly part of `beta_quantile`'s first round: `betaln` (unless given) and `betainc`
    over every element, both of which run without the GIL."""
    p, a, b = np.broadcast_arrays(
        np.asarray(p, dtype=float), np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    )
    p, a, b = p.ravel(), a.ravel(), b.ravel()
    if start is None:
        x = _initial_guess(p, a, b)
    else:
        x = np.array(start, dtype=float).ravel()
        with np.errstate(invalid="ignore"):
            guess = np.flatnonzero(~(np.isfinite(x) & (x > 0.0) & (x < 1.0)))
        if guess.size:
            x[guess] = _initial_guess(p[guess], a[guess], b[guess])
    if lbeta is None:
        lbeta = betaln(a, b)
    with np.errstate(all="ignore"):
        cdf = betainc(a, b, x)
    return _Begun(p, a, b, x, lbeta, cdf)


def _solve(begun: _Begun, tol: float) -> np.ndarray:
    p, a, b, x, lbeta, cdf = begun
    x = x.copy()
    a1, b1 = a - 1.0, b - 1.0
    active = np.flatnonzero(np.isfinite(x) & (x > 0.0) & (x < 1.0))
    bad = np.ones(x.shape, dtype=bool)
    bad[active] = False
    with np.errstate(all="ignore"):
        for round_ in range(40):
            if active.size == 0:
                break
            xa, am, bm = x[active], a1[active], b1[active]
            at = cdf[active] if round_ == 0 else betainc(a[active], b[active], xa)
            err = at - p[active]
            density = np.exp(am * np.log(xa) + bm * np.log1p(-xa) - lbeta[active])
            u = err / density
            ix, iy = 1.0 / xa, 1.0 / (1.0 - xa)
            c2 = am * ix - bm * iy
            c3 = c2 * c2 - am * ix * ix - bm * iy * iy
            d = -u
            for _ in range(3):
                d = -u / (1.0 + d * (0.5 * c2 + d * c3 / 6.0))
            near = np.abs(u) < 0.05 * np.minimum(xa, 1.0 - xa)
            step = np.where(near, -d, u / (1.0 - 0.5 * np.minimum(1.0, u * c2)))
            xn = xa - step
            xn = np.where(xn <= 0.0, 0.5 * xa, xn)
            xn = np.where(xn >= 1.0, 0.5 * (xa + 1.0), xn)
            x[active] = xn
            broken = ~np.isfinite(xn)
            bad[active[broken]] = True
            done = broken | (near & (np.abs(step) <= tol * xn))
            active = active[~done]
    bad[active] = True
    if bad.any():
        x[bad] = betaincinv(a[bad], b[bad], p[bad])
    return x


# --- a second thread for work that releases the GIL ---------------------------------------------

# A map's credible intervals start with `betaln` and `betainc` over 20,000 elements, which
# scipy computes without holding the GIL: on the helper thread they run on another core while
# the caller works out everything else of the readings. One helper per process, used only when
# free (under concurrent requests the caller computes them itself, as it would without it).
_T = TypeVar("_T")
_HELPER: list[ThreadPoolExecutor] = []
_HELPER_FREE = threading.Lock()
HELPER_MIN_ROWS = 1000


def beside(fn: Callable[[], _T]) -> Callable[[], _T]:
    """`fn` started on the helper thread if that is free; returns what gives its result
    (waiting for it), or `fn` itself for the caller to run when it needs the result."""
    if not _HELPER_FREE.acquire(blocking=False):
        return fn

    def run() -> _T:
        try:
            return fn()
        finally:
            _HELPER_FREE.release()  # before the result is handed over

    try:
        if not _HELPER:
            _HELPER.append(ThreadPoolExecutor(1, thread_name_prefix="rapport-numeric"))
        future = _HELPER[0].submit(run)
    except BaseException:
        _HELPER_FREE.release()
        raise
    return future.result


# --- facts and readings as columns ---------------------------------------------------------------


def _flatten(per_row: Sequence[Sequence]) -> tuple[np.ndarray, list]:
    """(the row of each item, every item) of a column holding a sequence per row."""
    counts = np.fromiter(map(len, per_row), dtype=np.int64, count=len(per_row))
    return np.repeat(np.arange(len(per_row)), counts), list(chain.from_iterable(per_row))


def _unpack(per_row: Sequence[bytes], width: int) -> tuple[np.ndarray, np.ndarray]:
    """(the row of each item, the items as rows of `width` int64) of packed per-row bytes."""
    counts = np.fromiter(map(len, per_row), dtype=np.int64, count=len(per_row)) // (8 * width)
    values = np.frombuffer(b"".join(per_row), dtype=np.int64).reshape(-1, width)
    return np.repeat(np.arange(len(per_row)), counts), values


@dataclass(frozen=True)
class FactColumns:
    """`StakeholderFacts` of N stakeholders, column by column.

    `open_concerns` holds, per stakeholder, (raised_at, severity, answered_after) in
    microseconds for the open concerns; only those with a severity of at least the
    settings' `r2_severity` matter, so a loader may leave the others out. `due_days` holds
    the due dates of open team commitments as days since the epoch.
    """

    last_stance_record_at: np.ndarray
    last_champion_behavior_at: np.ndarray
    last_conversation_at: np.ndarray
    last_concern_or_resistance_at: np.ndarray
    next_contact_on: Sequence[date | None]
    next_contact_scheduled: Sequence[bool]
    open_concerns: Sequence[Sequence[tuple[int, int, int]]]
    latest_adkar: Sequence[tuple[float | None, ...] | None]
    peer_nominations: Sequence[Sequence[tuple[datetime, str]]]
    due_days: Sequence[Sequence[int]]
    # Optional: `open_concerns` and `due_days` again, each row's packed as int64 bytes (a
    # map's rows keep them so), which flatten far faster than tuples.
    packed_concerns: Sequence[bytes] | None = None
    packed_due_days: Sequence[bytes] | None = None

    def __len__(self) -> int:
        return len(self.last_stance_record_at)

    @cached_property
    def concern_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """`open_concerns` flattened: (row, raised_at, severity, answered_after), one element
        per open concern. Worked out once per `FactColumns` (a map keeps its columns)."""
        if self.packed_concerns is not None:
            rows, values = _unpack(self.packed_concerns, 3)
        else:
            rows, flat = _flatten(self.open_concerns)
            values = np.array(flat, dtype=np.int64).reshape(len(flat), 3)
        return rows, values[:, 0], values[:, 1], values[:, 2]

    @cached_property
    def due_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """`due_days` flattened: (row, day), one element per open team commitment."""
        if self.packed_due_days is not None:
            rows, values = _unpack(self.packed_due_days, 1)
            return rows, values[:, 0]
        rows, flat = _flatten(self.due_days)
        return rows, np.array(flat, dtype=np.int64)

    def replaced(self, rows: Sequence[int], new: FactColumns) -> FactColumns:
        """These columns with the given rows replaced by the rows of `new`, in order."""
        values = {}
        for f in fields(self):
            old, given = getattr(self, f.name), getattr(new, f.name)
            if old is None or given is None:
                values[f.name] = None  # an optional column that either lacks is left out
                continue
            if isinstance(old, np.ndarray):
                column = old.copy()
                column[list(rows)] = given
            else:
                column = list(old)
                for at, value in zip(rows, given, strict=True):
                    column[at] = value
            values[f.name] = column
        return FactColumns(**values)

    @classmethod
    def from_facts(cls, facts: Sequence[StakeholderFacts]) -> FactColumns:
        def times(name: str) -> np.ndarray:
            return np.array([to_us(getattr(f, name)) for f in facts], dtype=np.int64)

        return cls(
            last_stance_record_at=times("last_stance_record_at"),
            last_champion_behavior_at=times("last_champion_behavior_at"),
            last_conversation_at=times("last_conversation_at"),
            last_concern_or_resistance_at=times("last_concern_or_resistance_at"),
            next_contact_on=[f.next_contact_on for f in facts],
            next_contact_scheduled=[f.next_contact_scheduled for f in facts],
            open_concerns=[
                [(to_us(c.raised_at), c.severity, to_us(c.answered_after)) for c in f.open_concerns]
                for f in facts
            ],
            latest_adkar=[f.latest_adkar for f in facts],
            peer_nominations=[f.peer_nominations for f in facts],
            due_days=[[day_number(d) for d in f.open_team_commitment_due_dates] for f in facts],
        )


@dataclass(frozen=True)
class ReadingColumns:
    """N readings, column by column; `reading(i)` gives the i-th as a `Reading`."""

    stakeholder_ids: Sequence[str]
    champion_score: np.ndarray
    reluctance_score: np.ndarray
    confidence: np.ndarray
    interval_low: np.ndarray
    interval_high: np.ndarray
    category: list[str]
    influence: list[float]
    influence_is_manual: list[bool]
    trust_level: list[str]
    trust_score: np.ndarray
    trust_authenticity: np.ndarray
    trust_competence: np.ndarray
    trust_empathy: np.ndarray
    trust_evidence: np.ndarray
    wobble: list[tuple[str, ...]]
    needs_one_on_one: list[bool]
    reasons: list[tuple[Reason, ...]]
    suggestions: list[tuple[Reason, ...]]
    one_on_one_scheduled_on: list[date | None]
    as_of: datetime

    def __len__(self) -> int:
        return len(self.category)

    def reading(self, i: int) -> Reading:
        return Reading(
            stakeholder_id=self.stakeholder_ids[i],
            champion_score=float(self.champion_score[i]),
            reluctance_score=float(self.reluctance_score[i]),
            confidence=float(self.confidence[i]),
            champion_interval=(float(self.interval_low[i]), float(self.interval_high[i])),
            category=self.category[i],
            influence=self.influence[i],
            influence_is_manual=self.influence_is_manual[i],
            trust=TrustReading(
                level=self.trust_level[i],
                score=float(self.trust_score[i]),
                authenticity=float(self.trust_authenticity[i]),
                competence=float(self.trust_competence[i]),
                empathy=float(self.trust_empathy[i]),
                wobble=self.wobble[i],
                evidence=float(self.trust_evidence[i]),
            ),
            needs_one_on_one=self.needs_one_on_one[i],
            reasons=self.reasons[i],
            suggestions=self.suggestions[i],
            one_on_one_scheduled_on=self.one_on_one_scheduled_on[i],
            as_of=self.as_of,
        )


def sums_array(sums: Sequence[ForwardSums]) -> np.ndarray:
    return np.array([[getattr(a, f) for f in SUM_FIELDS] for a in sums], dtype=float).reshape(
        len(sums), len(SUM_FIELDS)
    )


def _within(at: np.ndarray, now_us: int, days: int) -> np.ndarray:
    """`decay.within_days` on microsecond columns: at <= now and now - at <= days."""
    known = at != NAT
    return known & (at <= now_us) & (now_us - np.where(known, at, now_us) <= days * US_PER_DAY)


def _overdue(facts: FactColumns, now_us: int, s: ScoringSettings) -> np.ndarray:
    """The competence weight of overdue open team commitments, as `forward.read_sums` adds it."""
    n = len(facts)
    out = np.zeros(n)
    rows, days = facts.due_arrays
    if not days.size:
        return out
    late = (days + s.commitment_overdue_grace_days) * US_PER_DAY
    hit = now_us > late
    if not hit.any():
        return out
    # age_days, as timedelta.total_seconds() / 86400 computes it, then math.exp2 as the
    # scalar path does (numpy's exp2 may differ in the last bit): once per distinct due day,
    # as many commitments share one.
    distinct, where = np.unique(late[hit], return_inverse=True)
    ages = (now_us - distinct).astype(float) / 1e6 / 86_400.0
    h = s.trust_half_life_days
    terms = [s.trust_commitment_weight * math.exp2(-age / h) for age in ages.tolist()]
    np.add.at(out, rows[hit], np.array(terms)[where])
    return out


def read_many(
    sums: np.ndarray,
    facts: FactColumns,
    stakeholders: Sequence[StakeholderIn],
    now: datetime,
    settings: ScoringSettings = DEFAULT_SETTINGS,
    interval_start: tuple[np.ndarray, np.ndarray] | None = None,
) -> ReadingColumns:
    """`forward.read` for every row: sums is (N, 11) in `ForwardSums` field order.

    `interval_start`, the (low, high) champion intervals of an earlier read of the same rows
    (points out of 100), only speeds up finding the intervals (`beta_quantile`'s `start`)."""
    s = settings
    now = aware_utc(now, "now")
    now_us = to_us(now)
    n = len(stakeholders)
    sums = np.asarray(sums, dtype=float).reshape(n, len(SUM_FIELDS))
    col = dict(zip(SUM_FIELDS, sums.T, strict=True))

    # Stance (forward.read_sums, stance.stance_scores).
    k = _read_factor(now, s.stance_half_life_days)
    evidence = col["evidence"] * k + col["open_evidence"]
    champion = col["champion"] * k
    reluctance = col["reluctance"] * k + col["open_reluctance"]
    prior = s.prior_mass * s.prior_mean
    denominator = s.prior_mass + evidence
    alpha = prior + champion
    beta = s.prior_mass * (1 - s.prior_mean) + evidence - champion
    tail = (1 - s.credible_interval) / 2
    start = None
    if interval_start is not None and all(len(x) == n for x in interval_start):
        start = np.concatenate(interval_start) / 100

    def begin() -> _Begun:
        lbeta = betaln(alpha, beta)  # the same shapes for both ends
        return _begin(
            np.concatenate([np.full(n, tail), np.full(n, 1 - tail)]),
            np.concatenate([alpha, alpha]),
            np.concatenate([beta, beta]),
            start,
            lbeta=np.concatenate([lbeta, lbeta]),
        )

    # Begun beside the rest (which does not need it) on a map of many rows.
    begun = beside(begin) if n >= HELPER_MIN_ROWS else begin
    champion_score = 100 * alpha / denominator
    reluctance_score = 100 * (prior + reluctance) / denominator
    confidence = evidence / denominator

    # Trust (forward.read_sums, trust.trust_reading).
    kt = _read_factor(now, s.trust_half_life_days)
    overdue = _overdue(facts, now_us, s)
    weights = [
        col["authenticity_weight"] * kt,
        col["competence_weight"] * kt + overdue,
        col["empathy_weight"] * kt,
    ]
    tprior = s.trust_prior_mass * s.trust_prior_mean
    values = [
        100 * (tprior + col[f"{dim}_value"] * kt) / (s.trust_prior_mass + w)
        for dim, w in zip(DIMENSIONS, weights, strict=True)
    ]
    trust_score = (values[0] + values[1] + values[2]) / 3
    trust_evidence = weights[0] + weights[1] + weights[2]
    level_code = np.select(
        [
            trust_evidence < s.trust_unknown_evidence_below,
            trust_score < s.trust_developing_from,
            trust_score < s.trust_established_from,
            trust_score < s.trust_high_from,
        ],
        [0, 1, 2, 3],
        4,
    )
    trust_level = np.array(TRUST_LEVELS, dtype=object)[level_code].tolist()
    wobbly = [
        (w >= s.trust_wobble_min_evidence) & (v < s.trust_wobble_below)
        for v, w in zip(values, weights, strict=True)
    ]
    wobble_bits = wobbly[0] * 1 + wobbly[1] * 2 + wobbly[2] * 4
    wobble_names = [
        tuple(d for bit, d in zip((1, 2, 4), DIMENSIONS, strict=True) if c & bit) for c in range(8)
    ]
    wobble = [wobble_names[c] for c in wobble_bits.tolist()]

    # Categories (category.categorize), first rule that holds.
    conditions = [
        (evidence < s.unknown_evidence_below)
        | ~_within(facts.last_stance_record_at, now_us, s.unknown_window_days),
        (champion_score >= s.ambivalent_champion_min)
        & (reluctance_score >= s.ambivalent_reluctance_min),
        (champion_score >= s.champion_min)
        & (reluctance_score < s.champion_reluctance_below)
        & (confidence >= s.champion_confidence_min)
        & _within(facts.last_champion_behavior_at, now_us, s.champion_behavior_window_days),
        (reluctance_score >= s.reluctant_min) & (confidence >= s.reluctant_confidence_min),
        champion_score >= s.supporter_min,
        reluctance_score >= s.hesitant_min,
    ]
    category_code = np.select(conditions, list(range(6)), 6)
    category = np.array(CATEGORIES, dtype=object)[category_code].tolist()

    # Influence (influence.influence): the role's value, or the scalar rule where nominations
    # or a manual value make it personal.
    noms_col = facts.peer_nominations
    role_types = [st.role_type for st in stakeholders]
    roles = {role: role_influence(role, s) + 0.0 for role in set(role_types)}
    influence_values = list(map(roles.__getitem__, role_types))
    manual = [False] * n
    set_by_hand = map(is_not, map(attrgetter("influence_manual"), stakeholders), repeat(None))
    for i in sorted({*compress(range(n), noms_col), *compress(range(n), set_by_hand)}):
        influence_values[i], manual[i] = influence(stakeholders[i], noms_col[i], now, s)

    # Needs a one-on-one (one_on_one.one_on_one_reasons): each rule's reasons for the rows it
    # holds for, in rule order. Tuples are joined with `add`, which gives back the other
    # operand when one is empty, so most rows make no new tuple.
    found: list[tuple[Reason, ...]] = [()] * n
    last_conv = facts.last_conversation_at
    watchful = np.isin(category_code, [CATEGORIES.index(c) for c in WATCHFUL_CATEGORIES])
    never = last_conv == NAT
    stale = ~never & ~_within(last_conv, now_us, s.r1_window_days)
    newer = (
        ~never
        & ~stale
        & (facts.last_concern_or_resistance_at != NAT)
        & (facts.last_concern_or_resistance_at > last_conv)
    )
    r1_case = np.where(watchful & never, 1, np.where(watchful & stale, 2, 0))
    r1_case = np.where(watchful & newer, 3, r1_case)
    r1_cases = (None, "never", "stale", "newer")
    r1_memo: dict[tuple[str, int], tuple[Reason]] = {}
    hit = np.flatnonzero(r1_case)
    for i, case in zip(hit.tolist(), r1_case[hit].tolist(), strict=True):
        key = (category[i], case)
        reason = r1_memo.get(key)
        if reason is None:
            reason = r1_memo[key] = (Reason("R1", r1_text(category[i], r1_cases[case], s)),)
        found[i] = reason

    # R2: open concerns of at least the severity, older than the minimum age, with no
    # conversation since they were answered.
    rows, raised, severity, answered = facts.concern_arrays
    if raised.size:
        last = last_conv[rows]
        waiting = (
            (severity >= s.r2_severity)
            & (now_us - raised >= s.r2_min_age_days * US_PER_DAY)
            & ((last == NAT) | (last <= answered))
        )
        rows, raised = rows[waiting], raised[waiting]
        count = np.bincount(rows, minlength=n)
        earliest = np.full(n, np.iinfo(np.int64).max)
        np.minimum.at(earliest, rows, raised)
        hit = np.flatnonzero(count)
        ages = ((now_us - earliest[hit]) / 1_000_000 / 86_400.0).tolist()
        for i, waited, age in zip(hit.tolist(), count[hit].tolist(), ages, strict=True):
            found[i] += (Reason("R2", r2_text(waited, int(age), s)),)

    # R3: low or developing trust, or a wobble.
    for i in np.flatnonzero((level_code == 1) | (wobble_bits > 0)).tolist():
        text = r3_text(trust_level[i], float(trust_score[i]), wobble[i])
        if text is not None:
            found[i] += (Reason("R3", text),)

    # R4: the latest ADKAR reading, with its suggestion (worked out once per distinct reading).
    adkars = facts.latest_adkar
    r4_of, tip_of = {}, {}
    for adkar in set(adkars):
        r4, tip = r4_advice(adkar, s)
        r4_of[adkar] = (Reason("R4", r4),) if r4 else ()
        tip_of[adkar] = (Reason("R4", tip),) if tip else ()
    found = list(map(add, found, map(r4_of.__getitem__, adkars)))
    suggestions = list(map(tip_of.__getitem__, adkars))

    # R5: influential, with no stance known or neutral, and no recent one-on-one.
    r5 = np.isin(
        category_code, [CATEGORIES.index("unknown"), CATEGORIES.index("neutral")]
    ) & ~_within(last_conv, now_us, s.r5_window_days)
    for i in np.flatnonzero(r5).tolist():
        if influence_values[i] >= s.r5_min_influence:
            found[i] += (Reason("R5", r5_text(category[i], influence_values[i], s)),)

    # A one-on-one booked within the window suppresses the flag (not the reasons).
    scheduled: list[date | None] = [None] * n
    today = now.date()
    window_end = today + timedelta(days=s.scheduled_window_days)
    next_on = facts.next_contact_on
    for i in compress(range(n), facts.next_contact_scheduled):
        day = next_on[i]
        if day is not None and today <= day <= window_end:
            scheduled[i] = day
    needs = [bool(reasons) and on is None for reasons, on in zip(found, scheduled, strict=True)]

    q = _solve(begun(), 1e-5)
    return ReadingColumns(
        stakeholder_ids=[st.id for st in stakeholders],
        champion_score=champion_score,
        reluctance_score=reluctance_score,
        confidence=confidence,
        interval_low=100 * q[:n],
        interval_high=100 * q[n:],
        category=category,
        influence=influence_values,
        influence_is_manual=manual,
        trust_level=trust_level,
        trust_score=trust_score,
        trust_authenticity=values[0],
        trust_competence=values[1],
        trust_empathy=values[2],
        trust_evidence=trust_evidence,
        wobble=wobble,
        needs_one_on_one=needs,
        reasons=found,
        suggestions=suggestions,
        one_on_one_scheduled_on=scheduled,
        as_of=now,
    )
