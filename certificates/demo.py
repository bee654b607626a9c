"""Demo certificates: the onboarding template, rules for the onboarding programme and each of its
courses, and a few issued (and rendered) certificates for demo staff. Idempotent: templates and
rules are looked up by name/target, certificates by their unique achievement key."""

import datetime as dt
import io
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from certificates.models import AchievementKind, CertificateRule, CertificateTemplate, Orientation, RenderStatus
from certificates.services import certificate_issue, certificate_render
from core.demo_data import demo_entry_check, demo_error, demo_file_load, demo_list_check

DATA_FILE = Path(__file__).resolve().parent / "demo_data" / "certificates.yaml"
TEMPLATE_KEYS = ("name", "orientation", "title", "body", "signatory", "signatory_title", "validity_months")


def certificates_data_load(*, path: Path = DATA_FILE) -> dict:
    """The demo's issuer, seal, templates, rules and issued certificates, checked."""
    required = ("issuer", "seal", "programme", "courses", "safety_courses", "templates", "issued")
    data = demo_entry_check(entry=demo_file_load(path=path), path=path, where="the file", required=required)
    demo_entry_check(entry=data["seal"], path=path, where="seal", required=("title", "caption"))
    templates = demo_entry_check(
        entry=data["templates"], path=path, where="templates", required=("programme", "course", "safety")
    )
    for key, template in templates.items():
        demo_entry_check(entry=template, path=path, where=f"templates {key}", required=TEMPLATE_KEYS)
        if template["orientation"] not in Orientation.values:
            raise demo_error(
                path=path, where=f"templates {key} orientation", problem=f"must be one of {Orientation.values}"
            )
    for i, issued in enumerate(demo_list_check(value=data["issued"], path=path, where="issued")):
        demo_entry_check(entry=issued, path=path, where=f"issued[{i}]", required=("rule", "username", "days_ago"))
    return data


DATA = certificates_data_load()
ONBOARDING_PROGRAMME = DATA["programme"]
ISSUER = DATA["issuer"]


def _seal():
    """The demo company's seal as a Wagtail image (drawn, see certificates.seal)."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from certificates.seal import seal_png

    Image = get_image_model()
    title = DATA["seal"]["title"]
    image = Image.objects.filter(title=title).first()
    if image is None:
        png = seal_png(ISSUER, caption=DATA["seal"]["caption"])
        image = Image(title=title)
        image.file.save("demo-seal.png", ImageFile(io.BytesIO(png), name="demo-seal.png"), save=False)
        image.save()
    return image


def _template(spec: dict) -> CertificateTemplate:
    spec = {**spec, "issuer": ISSUER, "seal_image": _seal()}
    template, created = CertificateTemplate.objects.get_or_create(name=spec["name"], defaults=spec)
    if created:
        template.full_clean()
        template.save_revision()
    return template


def _rules() -> dict[str, CertificateRule]:
    from courses.models import CoursePage, Programme

    templates = {key: _template(spec) for key, spec in DATA["templates"].items()}
    rules: dict[str, CertificateRule] = {}
    programme = Programme.objects.filter(name=ONBOARDING_PROGRAMME).first()
    if programme is not None:
        rules["programme"], _ = CertificateRule.objects.get_or_create(
            kind=AchievementKind.PROGRAMME, programme=programme, defaults={"template": templates["programme"]}
        )
    for slug in DATA["courses"]:
        course = CoursePage.objects.filter(slug=slug).first()
        if course is None:  # built by the content demo; skip what is not there
            continue
        template = templates["safety" if slug in DATA["safety_courses"] else "course"]
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
    for issued in DATA["issued"]:
        if issued["rule"] in rules:
            _issue(rules[issued["rule"]], issued["username"], today - dt.timedelta(days=issued["days_ago"]))
