"""The level engine: for each person, their current level in their post, which criteria of the next
level are met and which are missing, and whether they are ready for promotion.

It reads in bulk – one query for level history, one for active evidence, and the ladders'
criteria from the shared cache (skills.framework_cache) – so evaluating fifty people costs the
same number of queries as evaluating one."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from org.models import StaffProfile
from skills.framework_cache import criteria_by_post_level
from skills.models import CriterionKind, Evidence, EvidenceKind, LevelCriterion, LevelRecord, SkillLevel


@dataclass
class CriterionResult:
    criterion_id: int
    kind: str
    description: str
    met: bool
    awaiting_sign_off: bool = False
    detail: str = ""


@dataclass
class PersonLevel:
    user_id: int
    post_id: int | None
    current_level: int
    next_level: int | None
    criteria: list[CriterionResult] = field(default_factory=list)

    @property
    def current_label(self) -> str:
        return SkillLevel(self.current_level).label if self.current_level else _("Not yet levelled")

    @property
    def next_label(self) -> str:
        return SkillLevel(self.next_level).label if self.next_level else ""

    @property
    def met(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.met]

    @property
    def missing(self) -> list[CriterionResult]:
        return [c for c in self.criteria if not c.met]

    @property
    def ready(self) -> bool:
        """Every criterion of the next level holds; the manager's sign-off is the decision itself."""
        return bool(self.next_level and self.criteria and all(c.met or c.awaiting_sign_off for c in self.criteria))


@dataclass
class _Facts:
    """One person's active evidence, reduced to what the criteria ask."""

    courses: set[int] = field(default_factory=set)
    quiz_best: dict[int, Decimal] = field(default_factory=dict)  # page id → best percent
    scenario_best: dict[tuple[int, int | None], Decimal] = field(default_factory=dict)  # (competency, page)
    practical_passed: set[int | None] = field(default_factory=set)  # competency ids (None = any)
    follow_up_latest: dict[int | None, tuple[dt.datetime, Decimal]] = field(default_factory=dict)  # course → rating


def _keep_max(store: dict, key, value) -> None:
    if value is not None and (key not in store or value > store[key]):
        store[key] = value


EVIDENCE_FACT_FIELDS = (
    "user_id",
    "kind",
    "course_id",
    "page_id",
    "competency_id",
    "score",
    "percent",
    "passed",
    "rating",
    "occurred_at",
)


def _facts_reduce(rows) -> dict[int, _Facts]:
    """Reduce evidence rows (EVIDENCE_FACT_FIELDS, in order) to what the criteria ask."""
    facts: dict[int, _Facts] = defaultdict(_Facts)
    for user_id, kind, course_id, page_id, competency_id, score, percent, passed, rating, occurred_at in rows:
        f = facts[user_id]
        if kind == EvidenceKind.COURSE and course_id:
            f.courses.add(course_id)
        elif kind == EvidenceKind.QUIZ and page_id:
            _keep_max(f.quiz_best, page_id, percent)
        elif kind == EvidenceKind.SCENARIO and competency_id:
            _keep_max(f.scenario_best, (competency_id, page_id), score)
            _keep_max(f.scenario_best, (competency_id, None), score)
        elif kind == EvidenceKind.PRACTICAL and passed:
            f.practical_passed.update({competency_id, None})
        elif kind == EvidenceKind.FOLLOW_UP and rating is not None:
            for key in {course_id, None}:
                if key not in f.follow_up_latest or occurred_at > f.follow_up_latest[key][0]:
                    f.follow_up_latest[key] = (occurred_at, rating)
    return facts


def _facts_for(user_ids: list[int]) -> dict[int, _Facts]:
    return _facts_reduce(Evidence.objects.active().filter(user_id__in=user_ids).values_list(*EVIDENCE_FACT_FIELDS))


def months_in_post(profile: StaffProfile, today: dt.date) -> int:
    start = profile.post_since or profile.hire_date
    if start is None or start > today:
        return 0
    delta = relativedelta(today, start)
    return delta.years * 12 + delta.months


def _evaluate(criterion: LevelCriterion, facts: _Facts, profile: StaffProfile, today: dt.date) -> CriterionResult:
    kind = criterion.kind
    met, detail, awaiting = False, "", False
    if kind == CriterionKind.COURSE_COMPLETED:
        met = criterion.course_id in facts.courses
    elif kind == CriterionKind.QUIZ_SCORE:
        best = facts.quiz_best.get(criterion.page_id)
        met = best is not None and best >= criterion.threshold
        detail = _("best %(v)s%%") % {"v": f"{best:.0f}"} if best is not None else ""
    elif kind == CriterionKind.SCENARIO_SCORE:
        best = facts.scenario_best.get((criterion.competency_id, criterion.page_id))
        met = best is not None and best >= criterion.threshold
        detail = _("best %(v)s") % {"v": f"{best:.1f}".rstrip("0").rstrip(".")} if best is not None else ""
    elif kind == CriterionKind.PRACTICAL_PASSED:
        met = criterion.competency_id in facts.practical_passed
    elif kind == CriterionKind.FOLLOW_UP_RATING:
        latest = facts.follow_up_latest.get(criterion.course_id)
        met = latest is not None and latest[1] >= criterion.threshold
        detail = _("latest %(v)s") % {"v": latest[1]} if latest else ""
    elif kind == CriterionKind.MONTHS_IN_POST:
        months = months_in_post(profile, today)
        met = months >= (criterion.months or 0)
        detail = ngettext("%(m)s month", "%(m)s months", months) % {"m": months}
    elif kind == CriterionKind.MANAGER_SIGN_OFF:
        awaiting = True
    return CriterionResult(
        criterion_id=criterion.pk,
        kind=kind,
        description=criterion.describe(),
        met=met,
        awaiting_sign_off=awaiting,
        detail=detail,
    )


def current_levels(*, user_ids: list[int], post_by_user: dict[int, int | None]) -> dict[int, int]:
    """Latest level each person holds in their current post (0 = not yet levelled). One query."""
    levels: dict[int, int] = {}
    rows = (
        LevelRecord.objects.filter(user_id__in=user_ids)
        .order_by("awarded_at", "id")
        .values_list("user_id", "post_id", "level")
    )
    for user_id, post_id, level in rows:
        if post_by_user.get(user_id) == post_id:
            levels[user_id] = level
    return levels


def _criteria_by(post_ids: set[int]) -> dict[tuple[int, int], list[LevelCriterion]]:
    """The ladders' criteria of these posts by (post, level), in order (from the shared cache,
    skills.framework_cache)."""
    return {key: criteria for key, criteria in criteria_by_post_level().items() if key[0] in post_ids}


def levels_evaluate(*, profiles: list[StaffProfile], today: dt.date | None = None) -> dict[int, PersonLevel]:
    """Evaluate many people at once (keyed by user id). Two queries however many people."""
    today = today or timezone.localdate()
    user_ids = [p.user_id for p in profiles]
    post_ids = {p.post_id for p in profiles if p.post_id}
    criteria_by = _criteria_by(post_ids)
    levels = current_levels(user_ids=user_ids, post_by_user={p.user_id: p.post_id for p in profiles})
    facts = _facts_for(user_ids) if user_ids else {}
    results: dict[int, PersonLevel] = {}
    for profile in profiles:
        current = levels.get(profile.user_id, 0)
        next_level = current + 1 if current < SkillLevel.EXPERT else None
        person = PersonLevel(
            user_id=profile.user_id, post_id=profile.post_id, current_level=current, next_level=next_level
        )
        if next_level and profile.post_id:
            person.criteria = [
                _evaluate(c, facts.get(profile.user_id) or _Facts(), profile, today)
                for c in criteria_by.get((profile.post_id, next_level), [])
            ]
        results[profile.user_id] = person
    return results


def level_evaluate(*, profile: StaffProfile, today: dt.date | None = None) -> PersonLevel:
    return levels_evaluate(profiles=[profile], today=today)[profile.user_id]


def level_gates_at_grant(*, records: list[LevelRecord]) -> dict[int, list[CriterionResult]]:
    """For each level record (keyed by its id), the criteria of its level on its post's ladder as
    they stood when it was granted: on the evidence recorded by then and not yet corrected or
    withdrawn by then, and the months in post on that day. The manager's sign-off is met by the
    record's named approver. Months in post count from the person's post_since when that post is
    still theirs, else from their hire date; an erased person's dates are gone, so their months
    can no longer be checked and are taken as met. The ladder is today's (ladders keep no history).
    Three queries however many records."""
    user_ids = sorted({r.user_id for r in records})
    profiles = {p.user_id: p for p in StaffProfile.objects.filter(user_id__in=user_ids)}
    criteria_by = _criteria_by({r.post_id for r in records})
    entries: dict[int, list[tuple]] = defaultdict(list)
    superseded_at: dict[int, dt.datetime] = {}
    for pk, created_at, supersedes_id, withdrawn, *fact in (
        Evidence.objects.filter(user_id__in=user_ids)
        .order_by("created_at", "pk")
        .values_list("pk", "created_at", "supersedes_id", "withdrawn", *EVIDENCE_FACT_FIELDS)
    ):
        entries[fact[0]].append((pk, created_at, withdrawn, tuple(fact)))
        if supersedes_id is not None:
            superseded_at[supersedes_id] = created_at
    results: dict[int, list[CriterionResult]] = {}
    for record in records:
        as_of = record.awarded_at
        known = [
            fact
            for pk, created_at, withdrawn, fact in entries.get(record.user_id, ())
            if created_at <= as_of and not withdrawn and not (pk in superseded_at and superseded_at[pk] <= as_of)
        ]
        facts = _facts_reduce(known).get(record.user_id) or _Facts()
        profile = profiles.get(record.user_id)
        day = timezone.localdate(as_of)
        checked = []
        for criterion in criteria_by.get((record.post_id, record.level), []):
            if criterion.kind == CriterionKind.MANAGER_SIGN_OFF:
                checked.append(
                    CriterionResult(
                        criterion.pk, criterion.kind, criterion.describe(), record.approved_by_id is not None
                    )
                )
            elif criterion.kind == CriterionKind.MONTHS_IN_POST:
                checked.append(_months_at_grant(criterion, profile, record.post_id, day))
            elif profile is not None:
                checked.append(_evaluate(criterion, facts, profile, day))
            else:
                checked.append(CriterionResult(criterion.pk, criterion.kind, criterion.describe(), False))
        results[record.pk] = checked
    return results


def _months_at_grant(
    criterion: LevelCriterion, profile: StaffProfile | None, post_id: int, day: dt.date
) -> CriterionResult:
    needed = criterion.months or 0
    if profile is not None and profile.erased_at is not None:
        return CriterionResult(
            criterion.pk, criterion.kind, criterion.describe(), True, detail=_("cannot be checked after erasure")
        )
    start = None
    if profile is not None:
        start = (profile.post_since if profile.post_id == post_id else None) or profile.hire_date
    months = 0
    if start is not None and start <= day:
        delta = relativedelta(day, start)
        months = delta.years * 12 + delta.months
    return CriterionResult(
        criterion.pk,
        criterion.kind,
        criterion.describe(),
        months >= needed,
        detail=ngettext("%(m)s month", "%(m)s months", months) % {"m": months},
    )
