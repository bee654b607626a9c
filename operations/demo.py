"""Demo retraining from operations: the categories the property-management system reports under,
rules sending upheld complaints to the complaints course and safety incidents to the emergency
course, and two outcomes reported about 李娜 (YG102) and 刘勇 (YG301) through the same service
the API calls, so the manager of 阳光花园 sees why each refresher was assigned.

Idempotent: categories and rules are looked up by their keys, outcomes by their external ids.
Courses are found by slug and skipped when absent (the course content is built in parallel)."""

import datetime as dt

from django.utils import timezone

from courses.models import CoursePage
from operations.models import OutcomeCategory, OutcomeKind, RetrainingRule
from operations.services import operations_outcome_record
from org.models import StaffProfile

CATEGORIES = [("attitude", "服务态度"), ("repair-quality", "维修质量"), ("fire-safety", "消防安全")]
RULES = [
    (OutcomeKind.COMPLAINT_UPHELD, "attitude", "complaints"),
    (OutcomeKind.SAFETY_INCIDENT, None, "emergency"),
]
OUTCOMES = [
    (
        "PMS-C-20261118-0042",
        OutcomeKind.COMPLAINT_UPHELD,
        "YG102",
        "attitude",
        18,
        "业主反映前台接待时语气生硬，回访核实后投诉成立。",
    ),
    (
        "PMS-S-20261125-0007",
        OutcomeKind.SAFETY_INCIDENT,
        "YG301",
        "fire-safety",
        11,
        "夜班巡查时消防通道堆放杂物未及时清理。",
    ),
]


def build() -> None:
    categories = {}
    for code, name in CATEGORIES:
        categories[code], _ = OutcomeCategory.objects.get_or_create(code=code, defaults={"name": name})
    for kind, category_code, slug in RULES:
        course = CoursePage.objects.filter(slug=slug).first()
        if course is None:
            continue
        RetrainingRule.objects.get_or_create(
            kind=kind, category=categories.get(category_code), defaults={"course": course, "due_days": 14}
        )
    for external_id, kind, number, category_code, days_ago, summary in OUTCOMES:
        if not StaffProfile.objects.filter(employee_number=number).exists():
            continue
        operations_outcome_record(
            external_id=external_id,
            kind=kind,
            employee_number=number,
            category_code=category_code,
            occurred_at=timezone.now() - dt.timedelta(days=days_ago),
            summary=summary,
        )
