"""Issuing certificates: exactly once per holder and achievement, on course completion (with the
renewals a refresher course earns), on programme completion and on skill-level approval, and by
hand as a renewal.

Exactly-once issue rests on the database, not on the caller: the unique constraint
(user, achievement_key, cycle) turns a second insert – from a racing trigger or a task run twice –
into an IntegrityError, which is answered by returning the row that won."""

import calendar
import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Avg
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certificates.models import AchievementKind, Certificate, CertificateRule, CertificateTemplate
from certificates.services.rendering import certificate_render_enqueue
from org.models import Post

logger = logging.getLogger(__name__)


class CertificateNotRenewable(Exception):
    pass


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _holder_snapshot(user: AbstractBaseUser) -> dict[str, str]:
    profile = getattr(user, "staff_profile", None)
    if profile is None:
        return {"holder_name": user.get_full_name() or user.get_username()}
    return {
        "holder_name": profile.name,
        "employee_number": profile.employee_number,
        "site_name": profile.site.name if profile.site_id else "",
        "post_name": profile.post.name if profile.post_id else "",
    }


@transaction.atomic
def certificate_issue(
    *,
    user: AbstractBaseUser,
    template: CertificateTemplate,
    achievement_key: str,
    achievement: str,
    rule: CertificateRule | None = None,
    score: Decimal | None = None,
    renewed_from: Certificate | None = None,
    issued_on: dt.date | None = None,
) -> tuple[Certificate, bool]:
    """Issue the certificate for an achievement, or return the one already issued.

    Returns (certificate, created). Only the call that created it queues the PDF rendering, after
    commit, so a rolled-back completion never leaves a rendered certificate behind."""
    cycle = renewed_from.cycle + 1 if renewed_from else 1
    issued_on = issued_on or timezone.localdate()
    expires_on = add_months(issued_on, template.validity_months) if template.validity_months else None
    defaults = {
        "render_queued_at": timezone.now(),
        "template": template,
        "rule": rule,
        "achievement": achievement,
        "score": score,
        "issued_on": issued_on,
        "expires_on": expires_on,
        "renewed_from": renewed_from,
        **_holder_snapshot(user),
    }
    try:
        with transaction.atomic():
            certificate, created = Certificate.objects.get_or_create(
                user=user, achievement_key=achievement_key, cycle=cycle, defaults=defaults
            )
    except IntegrityError:  # a concurrent trigger issued it first; theirs stands
        certificate, created = Certificate.objects.get(user=user, achievement_key=achievement_key, cycle=cycle), False
    if created:
        certificate_render_enqueue(certificate_id=certificate.pk)
    return certificate, created


def _course_score(*, user_id: int, course_id: int, cycle: int = 1) -> Decimal | None:
    """A course's score is the mean of its quiz grades (percent) in the cycle of the enrolment that
    completed it. A scenario's points have no fixed scale, so averaging them in would print a
    number that is no percentage (a certificate's score is 0 to 100)."""
    from courses.models import StepCompletion
    from courses.models.records import StepSource

    value = StepCompletion.objects.filter(
        user_id=user_id, course_id=course_id, cycle=cycle, source=StepSource.QUIZ, score__isnull=False
    ).aggregate(avg=Avg("score"))["avg"]
    return Decimal(value).quantize(Decimal("0.1")) if value is not None else None


def certificates_issue_for_course(*, enrolment) -> list[Certificate]:
    """On course completion: issue the course's certificate (if a rule says so) and renew every
    certificate for which this course is the refresher. When the refresher is the certified course
    itself, only a certificate earned on an earlier cycle is renewed, never the one this cycle
    just earned."""
    issued = []
    rule = (
        CertificateRule.objects.filter(kind=AchievementKind.COURSE, course_id=enrolment.course_id, is_active=True)
        .select_related("template", "course")
        .first()
    )
    if rule is not None:
        certificate, _created = certificate_issue(
            user=enrolment.user,
            template=rule.template,
            rule=rule,
            achievement_key=f"course:{enrolment.course_id}",
            achievement=rule.course.title,
            score=_course_score(user_id=enrolment.user_id, course_id=enrolment.course_id, cycle=enrolment.cycle),
        )
        issued.append(certificate)
    renewable = Certificate.objects.filter(
        user_id=enrolment.user_id,
        rule__refresher_course_id=enrolment.course_id,
        revoked_at__isnull=True,
        renewed_by__isnull=True,
        expires_on__isnull=False,
    ).select_related("template", "rule")
    for old in renewable:
        same_course = old.rule.course_id == enrolment.course_id
        if same_course and old.created_at >= enrolment.assigned_at:
            continue  # earned by this very cycle of its own refresher: nothing to renew yet
        # A refresher that is the certified course itself (a yearly safety course) earns the
        # renewal its new score; another refresher course leaves the certified score as it was.
        score = (
            _course_score(user_id=enrolment.user_id, course_id=enrolment.course_id, cycle=enrolment.cycle)
            if same_course
            else old.score
        )
        issued.append(certificate_renew(certificate=old, score=score))
    return issued


def certificates_issue_for_programme(*, assignment) -> list[Certificate]:
    rule = (
        CertificateRule.objects.filter(
            kind=AchievementKind.PROGRAMME, programme_id=assignment.programme_id, is_active=True
        )
        .select_related("template", "programme")
        .first()
    )
    if rule is None:
        return []
    certificate, _created = certificate_issue(
        user=assignment.user,
        template=rule.template,
        rule=rule,
        achievement_key=f"programme:{assignment.programme_id}",
        achievement=rule.programme.name,
    )
    return [certificate]


def certificates_issue_for_skill_level(
    *, user_id: int, post_id: int, level: int, awarded_at: dt.datetime
) -> list[Certificate]:
    """On approval of a skill level (skills.events.SkillLevelApproved): the rule for that level
    and the holder's post wins over the rule for that level on any post. A rule for any post
    names the post on the certificate (客服 · 中级)."""
    rules = CertificateRule.objects.filter(
        kind=AchievementKind.SKILL_LEVEL, skill_level=level, is_active=True
    ).select_related("template", "post")
    rule = next((r for r in rules if r.post_id == post_id), None) or next((r for r in rules if r.post_id is None), None)
    if rule is None:
        return []
    user = get_user_model().objects.get(pk=user_id)
    # The title is printed on the certificate: in the site's language, not the approver's.
    with translation.override(settings.LANGUAGE_CODE):
        achievement = str(rule.achievement_title)
        if rule.post_id is None:
            post = Post.objects.get(pk=post_id)
            achievement = f"{post.name} · {rule.get_skill_level_display()}"
    certificate, _created = certificate_issue(
        user=user,
        template=rule.template,
        rule=rule,
        achievement_key=f"skill_level:{level}:post:{post_id}",
        achievement=achievement,
    )
    return [certificate]


@transaction.atomic
def certificate_renew(*, certificate: Certificate, score: Decimal | None = None) -> Certificate:
    """Issue the next certificate for the same achievement, linked to the one it renews, with the
    score given (without one, the renewed certificate's). Renewing twice returns the same renewal
    (it is the next cycle of the same unique key)."""
    if certificate.revoked_at:
        raise CertificateNotRenewable(_("A revoked certificate cannot be renewed."))
    template = certificate.rule.template if certificate.rule_id else certificate.template
    renewal, _created = certificate_issue(
        user=certificate.user,
        template=template,
        rule=certificate.rule,
        achievement_key=certificate.achievement_key,
        achievement=certificate.achievement,
        score=certificate.score if score is None else score,
        renewed_from=certificate,
    )
    return renewal
