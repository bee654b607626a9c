"""Writes for certificates: issue (exactly once per holder and achievement), render the PDF,
revoke, renew, and the expiry reminders.

Exactly-once issue rests on the database, not on the caller: the unique constraint
(user, achievement_key, cycle) turns a second insert – from a racing trigger or a task run twice –
into an IntegrityError, which is answered by returning the row that won."""

import calendar
import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Avg, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certificates.models import (
    AchievementKind,
    Certificate,
    CertificateReminder,
    CertificateRule,
    CertificateTemplate,
    RenderStatus,
)
from core.models import AuditEvent
from core.services import audit_record

logger = logging.getLogger(__name__)

REMINDER_DAYS = (60, 30, 7)
RENDER_ERROR_MAX = 2000


class CertificateNotRevocable(Exception):
    pass


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


def certificate_render_enqueue(*, certificate_id: int) -> None:
    from certificates.tasks import certificate_render_task

    transaction.on_commit(lambda: certificate_render_task.enqueue(certificate_id=certificate_id))


def _course_score(*, user_id: int, course_id: int) -> Decimal | None:
    """A course's score is the mean of its scored steps (quizzes, scenarios, practicals)."""
    from courses.models import StepCompletion

    value = StepCompletion.objects.filter(user_id=user_id, course_id=course_id, score__isnull=False).aggregate(
        avg=Avg("score")
    )["avg"]
    return Decimal(value).quantize(Decimal("0.1")) if value is not None else None


def certificates_issue_for_course(*, enrolment) -> list[Certificate]:
    """On course completion: issue the course's certificate (if a rule says so) and renew every
    certificate for which this course is the refresher."""
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
            score=_course_score(user_id=enrolment.user_id, course_id=enrolment.course_id),
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
        issued.append(certificate_renew(certificate=old))
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


def _level_number(level) -> int | None:
    """The skills app is built separately; accept a number, or an object with number/level/order."""
    if isinstance(level, int):
        return level
    for attribute in ("number", "level", "order", "value"):
        value = getattr(level, attribute, None)
        if isinstance(value, int):
            return value
    try:
        return int(level)
    except (TypeError, ValueError):
        return None


def certificates_issue_for_skill_level(*, level_record) -> list[Certificate]:
    """On approval of a skill level: the rule for that level and the holder's post wins over the
    rule for that level on any post. Reads the level record defensively (user or staff profile,
    level as a number or an object, post on the record or the profile)."""
    user = getattr(level_record, "user", None)
    profile = getattr(level_record, "staff_profile", None) or getattr(level_record, "staff", None)
    if user is None and profile is not None:
        user = profile.user
    if user is None:
        logger.warning("skill_level_approved without a user on %r", type(level_record).__name__)
        return []
    profile = profile or getattr(user, "staff_profile", None)
    level = _level_number(getattr(level_record, "level", None))
    if level is None:
        return []
    post = getattr(level_record, "post", None) or (profile.post if profile is not None else None)
    post_id = getattr(post, "pk", None)
    rules = CertificateRule.objects.filter(
        kind=AchievementKind.SKILL_LEVEL, skill_level=level, is_active=True
    ).select_related("template", "post")
    rule = next((r for r in rules if r.post_id == post_id and post_id), None) or next(
        (r for r in rules if r.post_id is None), None
    )
    if rule is None:
        return []
    level_name = getattr(getattr(level_record, "level", None), "name", None)
    # The title is printed on the certificate: in the site's language, not the approver's.
    with translation.override(settings.LANGUAGE_CODE):
        achievement = str(rule.achievement_title)
        if post is not None and rule.post_id is None:
            achievement = f"{post.name} · {level_name or rule.get_skill_level_display()}"
    certificate, _created = certificate_issue(
        user=user,
        template=rule.template,
        rule=rule,
        achievement_key=f"skill_level:{level}:post:{post_id or 0}",
        achievement=achievement,
    )
    return [certificate]


def certificate_render(*, certificate_id: int) -> Certificate:
    """Render the PDF and mark the certificate ready, or failed with the error for trainers.

    Safe to run twice, also at the same time: the PDF is rendered without holding a lock, then the
    row is locked and only a run that still finds it not ready writes the file and flips the
    status, in one transaction – a certificate is never ready without its file (also a check
    constraint), and a second run neither renders again nor overwrites."""
    from certificates.rendering import certificate_pdf

    certificate = Certificate.objects.select_related(
        "template__background", "template__signature_image", "template__seal_image"
    ).get(pk=certificate_id)
    if (certificate.status == RenderStatus.READY and certificate.file) or certificate.status == RenderStatus.ERASED:
        return certificate
    pdf, error_text = None, ""
    try:
        pdf = certificate_pdf(certificate)
    except Exception as error:  # noqa: BLE001 - any failure is recorded and shown to trainers
        logger.exception("certificate %s failed to render", certificate.pk)
        error_text = f"{type(error).__name__}: {error}"[:RENDER_ERROR_MAX]
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        if (locked.status == RenderStatus.READY and locked.file) or locked.status == RenderStatus.ERASED:
            return locked  # a concurrent run finished first, or the holder was erased meanwhile
        locked.render_attempts += 1
        if pdf is None:
            locked.status = RenderStatus.FAILED
            locked.render_error = error_text
            locked.save(update_fields=["status", "render_error", "render_attempts"])
            return locked
        locked.file.save(f"{locked.code}.pdf", ContentFile(pdf), save=False)
        locked.status = RenderStatus.READY
        locked.render_error = ""
        locked.rendered_at = timezone.now()
        locked.save(update_fields=["file", "status", "render_error", "render_attempts", "rendered_at"])
    return locked


@transaction.atomic
def certificate_render_retry(*, certificate: Certificate) -> Certificate:
    """Queue a failed (or stuck pending) certificate for rendering again."""
    updated = Certificate.objects.filter(pk=certificate.pk).exclude(
        status__in=[RenderStatus.READY, RenderStatus.ERASED]
    )
    updated.update(status=RenderStatus.PENDING, render_queued_at=timezone.now())
    certificate.refresh_from_db()
    certificate_render_enqueue(certificate_id=certificate.pk)
    return certificate


def certificates_render_stuck_requeue(
    *, now: dt.datetime | None = None, stuck_after: dt.timedelta | None = None
) -> int:
    """Queue again every certificate still pending long after its render was queued.

    A render task lost with its worker (killed, out of memory, host gone) stays claimed for ever
    in the database queue, and its certificate would stay "being prepared" with nobody to finish
    it. Run periodically; safe to run twice and at the same time: rendering is idempotent (a
    second run finds the certificate ready and does nothing), the rows are claimed with
    SKIP LOCKED and stamped, so one sweep queues each certificate once per `stuck_after`. The
    threshold (settings.CERTIFICATE_RENDER_STUCK_SECONDS) must be longer than a render takes
    when the queue is at its busiest, or a queued certificate is queued twice (harmless, wasted)."""
    now = now or timezone.now()
    if stuck_after is None:
        stuck_after = dt.timedelta(seconds=settings.CERTIFICATE_RENDER_STUCK_SECONDS)
    cutoff = now - stuck_after
    with transaction.atomic():
        stuck = list(
            Certificate.objects.select_for_update(skip_locked=True)
            .filter(status=RenderStatus.PENDING)
            .filter(Q(render_queued_at__lt=cutoff) | Q(render_queued_at__isnull=True, created_at__lt=cutoff))
            .values_list("pk", flat=True)
        )
        Certificate.objects.filter(pk__in=stuck).update(render_queued_at=now)
        for certificate_id in stuck:
            certificate_render_enqueue(certificate_id=certificate_id)
    if stuck:
        logger.warning("queued %s certificates stuck pending again: %s", len(stuck), stuck)
    return len(stuck)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor: AbstractBaseUser, reason: str) -> Certificate:
    """Revoke with a reason; the verify page shows it at once (status is computed live)."""
    reason = reason.strip()
    if not reason:
        raise CertificateNotRevocable(_("Give a reason for revoking the certificate."))
    claimed = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor, revoke_reason=reason[:500]
    )
    if not claimed:
        raise CertificateNotRevocable(_("This certificate is already revoked."))
    certificate.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CERTIFICATE_REVOKE,
        obj=certificate,
        subject_user=certificate.user,
        detail={"reason": certificate.revoke_reason, "achievement": certificate.achievement},
    )
    return certificate


@transaction.atomic
def certificate_renew(*, certificate: Certificate) -> Certificate:
    """Issue the next certificate for the same achievement, linked to the one it renews. Renewing
    twice returns the same renewal (it is the next cycle of the same unique key)."""
    if certificate.revoked_at:
        raise CertificateNotRenewable(_("A revoked certificate cannot be renewed."))
    template = certificate.rule.template if certificate.rule_id else certificate.template
    renewal, _created = certificate_issue(
        user=certificate.user,
        template=template,
        rule=certificate.rule,
        achievement_key=certificate.achievement_key,
        achievement=certificate.achievement,
        score=certificate.score,
        renewed_from=certificate,
    )
    return renewal


def _reminder_recipients(certificate: Certificate) -> list[str]:
    from org.models import StaffProfile

    emails = [certificate.user.email]
    profile = getattr(certificate.user, "staff_profile", None)
    if profile is not None:
        if profile.manager_id:
            emails.append(profile.manager.user.email)
        elif profile.site_id:
            emails.extend(
                StaffProfile.objects.filter(managed_sites=profile.site_id, user__is_active=True).values_list(
                    "user__email", flat=True
                )
            )
    return sorted({email for email in emails if email})


def certificate_expiry_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind holder and manager 60, 30 and 7 days before a certificate expires, each once.

    A certificate gets the reminder for the nearest threshold it has reached (one found 20 days
    before expiry gets the 30-day one, not also the 60-day one). The first reminder also assigns
    the refresher course, due on the expiry date. The reminder row is claimed before the mail is
    sent (after commit), so a second run of the task sends nothing."""
    from courses.models.records import AssignmentSource
    from courses.services import course_enrol

    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=max(REMINDER_DAYS))
    candidates = (
        Certificate.objects.filter(
            expires_on__gte=today,
            expires_on__lte=horizon,
            revoked_at__isnull=True,
            renewed_by__isnull=True,
            user__staff_profile__erased_at__isnull=True,
        )
        .select_related("user__staff_profile__manager__user", "rule__refresher_course")
        .prefetch_related("reminders")
    )
    sent = 0
    for certificate in candidates:
        days_left = (certificate.expires_on - today).days
        threshold = min(days for days in REMINDER_DAYS if days_left <= days)
        if any(reminder.days_before <= threshold for reminder in certificate.reminders.all()):
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    reminder = CertificateReminder.objects.create(certificate=certificate, days_before=threshold)
            except IntegrityError:  # another run claimed it
                continue
            first = not certificate.reminders.all()
            if first and certificate.rule_id and certificate.rule.refresher_course_id:
                course_enrol(
                    user=certificate.user,
                    course=certificate.rule.refresher_course,
                    due_date=certificate.expires_on,
                    source=AssignmentSource.REFRESHER,
                )
            recipients = _reminder_recipients(certificate)
            reminder.recipients = len(recipients)
            reminder.save(update_fields=["recipients"])
            if recipients:
                subject, message = _reminder_text(certificate, days_left)
                transaction.on_commit(lambda s=subject, m=message, r=recipients: _mail_send(s, m, r))
            sent += 1
    return sent


def _mail_send(subject: str, message: str, recipients: list[str]) -> None:
    """A mail server hiccup must not fail the periodic task: the reminder is marked sent either way
    and the failure is logged for operators."""
    try:
        send_mail(subject, message, None, recipients)
    except Exception:  # noqa: BLE001
        logger.exception("certificate reminder mail failed")


def _reminder_text(certificate: Certificate, days_left: int) -> tuple[str, str]:
    subject = _("Certificate expiring in %(days)s days: %(achievement)s") % {
        "days": days_left,
        "achievement": certificate.achievement,
    }
    message = _(
        "The certificate “%(achievement)s” of %(name)s expires on %(date)s. "
        "Please complete the refresher training before then so that it can be renewed."
    ) % {"achievement": certificate.achievement, "name": certificate.holder_name, "date": certificate.expires_on}
    return subject, message


def certificates_personal_data(*, user: AbstractBaseUser) -> list[dict]:
    """A holder's certificates for their personal data export (privacy.services)."""
    today = timezone.localdate()
    return [
        {
            "code": certificate.code,
            "achievement": certificate.achievement,
            "holder_name": certificate.holder_name,
            "employee_number": certificate.employee_number,
            "site": certificate.site_name,
            "post": certificate.post_name,
            "score": str(certificate.score) if certificate.score is not None else None,
            "issued_on": certificate.issued_on.isoformat(),
            "expires_on": certificate.expires_on.isoformat() if certificate.expires_on else None,
            "status": certificate.live_status(today=today),
            "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
            "revoke_reason": certificate.revoke_reason,
            "renews": certificate.renewed_from.code if certificate.renewed_from_id else None,
        }
        for certificate in Certificate.objects.filter(user=user).select_related("renewed_from").order_by("id")
    ]


def certificates_personal_data_erase(*, user: AbstractBaseUser) -> int:
    """On erasure of a leaver: blank the name, number, site and post copied onto their
    certificates and delete the PDFs (they print the name). The rows stay, so the verify page
    answers "withdrawn" for a code an employer still holds. The files go after commit: if the
    erasure rolls back, nothing is lost."""
    certificates = list(Certificate.objects.select_for_update().filter(user=user))
    names = [certificate.file.name for certificate in certificates if certificate.file]
    Certificate.objects.filter(pk__in=[certificate.pk for certificate in certificates]).update(
        holder_name="",
        employee_number="",
        site_name="",
        post_name="",
        file="",
        status=RenderStatus.ERASED,
        render_error="",
    )
    if names:
        storage = Certificate._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return len(certificates)
