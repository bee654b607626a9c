"""Demo certificates: the onboarding template, rules for the onboarding programme and each of its
courses, and a few issued (and rendered) certificates for demo staff. Idempotent: templates and
rules are looked up by name/target, certificates by their unique achievement key."""

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.utils import timezone

from certificates.models import AchievementKind, CertificateRule, CertificateTemplate, Orientation, RenderStatus
from certificates.services import certificate_issue, certificate_render

ONBOARDING_PROGRAMME = "新员工入职培训"
COURSE_SLUGS = ["culture", "law", "etiquette", "complaints", "emergency", "practice"]
ISSUER = "示例物业服务有限公司"

PROGRAMME_TEMPLATE = {
    "name": "新员工入职培训结业证书",
    "orientation": Orientation.LANDSCAPE,
    "title": "结业证书",
    "body": (
        "<p><strong>{name}</strong> 同志（工号 {employee_number}，{site} · {post}）：</p>"
        "<p>已于 {date} 完成「{achievement}」全部课程与实操考核，成绩合格，准予结业，特发此证。</p>"
    ),
    "signatory": "吴老师",
    "signatory_title": "培训中心负责人",
    "issuer": ISSUER,
    "validity_months": None,
}

COURSE_TEMPLATE = {
    "name": "课程合格证书",
    "orientation": Orientation.LANDSCAPE,
    "title": "培训合格证书",
    "body": (
        "<p><strong>{name}</strong>（工号 {employee_number}）于 {date} 完成课程「{achievement}」的学习与考核，"
        "成绩合格，特发此证。</p>"
    ),
    "signatory": "吴老师",
    "signatory_title": "培训中心负责人",
    "issuer": ISSUER,
    "validity_months": None,
}

# Safety knowledge goes stale: the emergency course's certificate is valid for a year.
SAFETY_TEMPLATE = {
    "name": "安全应急培训合格证（一年有效）",
    "orientation": Orientation.PORTRAIT,
    "title": "安全应急培训合格证",
    "body": (
        "<h2>{achievement}</h2>"
        "<p><strong>{name}</strong>（工号 {employee_number}，{post}）已通过消防、治安与突发事件处置培训考核，"
        "具备上岗所需的应急处置知识。</p><p>有效期至 {expiry}，到期前请参加复训。</p>"
    ),
    "signatory": "吴老师",
    "signatory_title": "安全主管",
    "issuer": ISSUER,
    "validity_months": 12,
}


def _seal():
    """The demo company's seal as a Wagtail image (drawn, see certificates.seal)."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from certificates.seal import seal_png

    Image = get_image_model()
    title = "示例公章（演示）"
    image = Image.objects.filter(title=title).first()
    if image is None:
        png = seal_png(ISSUER, caption="培训专用章")
        image = Image(title=title)
        image.file.save("demo-seal.png", ImageFile(io.BytesIO(png), name="demo-seal.png"), save=False)
        image.save()
    return image


def _template(spec: dict) -> CertificateTemplate:
    spec = {**spec, "seal_image": _seal()}
    template, created = CertificateTemplate.objects.get_or_create(name=spec["name"], defaults=spec)
    if created:
        template.full_clean()
        template.save_revision()
    return template


def _rules() -> dict[str, CertificateRule]:
    from courses.models import CoursePage, Programme

    programme_template = _template(PROGRAMME_TEMPLATE)
    course_template = _template(COURSE_TEMPLATE)
    safety_template = _template(SAFETY_TEMPLATE)
    rules: dict[str, CertificateRule] = {}
    programme = Programme.objects.filter(name=ONBOARDING_PROGRAMME).first()
    if programme is not None:
        rules["programme"], _ = CertificateRule.objects.get_or_create(
            kind=AchievementKind.PROGRAMME, programme=programme, defaults={"template": programme_template}
        )
    for slug in COURSE_SLUGS:
        course = CoursePage.objects.filter(slug=slug).first()
        if course is None:  # built by the content demo; skip what is not there
            continue
        template = safety_template if slug == "emergency" else course_template
        rules[slug], _ = CertificateRule.objects.get_or_create(
            kind=AchievementKind.COURSE, course=course, defaults={"template": template}
        )
    return rules


def _issue(rule: CertificateRule, username: str, issued_on: dt.date) -> None:
    user = get_user_model().objects.filter(username=username).select_related("staff_profile").first()
    if user is None:
        return
    if rule.kind == AchievementKind.PROGRAMME:
        key, achievement = f"programme:{rule.programme_id}", rule.programme.name
    else:
        key, achievement = f"course:{rule.course_id}", rule.course.title
    certificate, _created = certificate_issue(
        user=user, template=rule.template, rule=rule, achievement_key=key, achievement=achievement, issued_on=issued_on
    )
    if certificate.status != RenderStatus.READY:
        certificate_render(certificate_id=certificate.pk)


def build() -> None:
    rules = _rules()
    today = timezone.localdate()
    if "culture" in rules:
        _issue(rules["culture"], "trainee", today)
        _issue(rules["culture"], "trainee2", today)
    if "emergency" in rules:
        # Issued eleven months ago: shows as "expiring" and gets the 30-day reminder.
        _issue(rules["emergency"], "YG302", today - dt.timedelta(days=335))
    if "programme" in rules:
        _issue(rules["programme"], "YG201", today - dt.timedelta(days=190))
