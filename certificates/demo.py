"""Demo certificates: the templates and the rules for the onboarding programme and each course. The
demo staff's certificates are issued by these rules when their history (lms.demo_history) completes
a course or the programme — only where earned, dated when earned. Idempotent: templates and rules
are looked up by name/target."""

import io
from pathlib import Path

from certificates.models import AchievementKind, CertificateRule, CertificateTemplate, Orientation
from core.demo_data import demo_entry_check, demo_error, demo_file_load

DATA_FILE = Path(__file__).resolve().parent / "demo_data" / "certificates.yaml"
TEMPLATE_KEYS = ("name", "orientation", "title", "body", "signatory", "signatory_title", "validity_months")


def certificates_data_load(*, path: Path = DATA_FILE) -> dict:
    """The demo's issuer, seal, templates and rules, checked."""
    required = ("issuer", "seal", "programme", "courses", "safety_courses", "templates")
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


def build() -> None:
    _rules()
