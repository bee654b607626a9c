"""What trainers author in the Wagtail admin: certificate templates and the rules that say which
template is issued for which achievement."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.models import RevisionMixin

from certificates.placeholders import PLACEHOLDERS, template_text_errors


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("A4 landscape")
    PORTRAIT = "portrait", _("A4 portrait")


def _placeholder_help() -> str:
    return " ".join(f"{{{name}}}" for name in PLACEHOLDERS)


class CertificateTemplate(RevisionMixin, models.Model):
    """The layout of a certificate. Title and body may use the placeholders of
    certificates.placeholders; the body may use a few HTML tags (p, br, strong, em, …)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    orientation = models.CharField(
        pgettext_lazy("paper", "page"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    background = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("background image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=100, default="结业证书")
    body = models.TextField(
        _("body"),
        help_text=format_lazy("{} {}", _("Placeholders you can use:"), _placeholder_help()),
    )
    signatory = models.CharField(_("signatory"), max_length=50, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=50, blank=True)
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seal_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("company seal image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issuer = models.CharField(_("issued by"), max_length=100, blank=True, help_text=_("e.g. the company name"))
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("1 to 120 months; leave empty for a certificate that never expires."),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="certificate_template")

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("orientation"), FieldPanel("validity_months")]),
        FieldPanel("background"),
        FieldPanel("title"),
        HelpPanel(content=format_lazy("{} {}", _("Placeholders you can use:"), _placeholder_help())),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("issuer"),
                FieldRowPanel([FieldPanel("signatory"), FieldPanel("signatory_title")]),
                FieldRowPanel([FieldPanel("signature_image"), FieldPanel("seal_image")]),
            ],
            heading=_("Signature and seal"),
        ),
    ]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(validity_months__isnull=True) | Q(validity_months__gte=1, validity_months__lte=120),
                name="certificate_template_validity_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        errors = {}
        for field in ("title", "body"):
            problems = template_text_errors(getattr(self, field) or "")
            if problems:
                errors[field] = problems
        if errors:
            raise ValidationError(errors)


class AchievementKind(models.TextChoices):
    COURSE = "course", _("Course completed")
    PROGRAMME = "programme", _("Programme completed")
    SKILL_LEVEL = "skill_level", _("Skill level approved")


class SkillLevel(models.IntegerChoices):
    JUNIOR = 1, _("Level 1 · Junior")
    INTERMEDIATE = 2, _("Level 2 · Intermediate")
    SENIOR = 3, _("Level 3 · Senior")
    EXPERT = 4, _("Level 4 · Expert")


class CertificateRule(models.Model):
    """Issue `template` when someone completes this course or programme, or is approved at this
    skill level (optionally only for one post). At most one rule per achievement."""

    kind = models.CharField(_("on"), max_length=16, choices=AchievementKind.choices)
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    programme = models.ForeignKey(
        "courses.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    skill_level = models.PositiveSmallIntegerField(_("skill level"), null=True, blank=True, choices=SkillLevel.choices)
    post = models.ForeignKey(
        "org.Post",
        verbose_name=_("only for post"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("For skill levels: leave empty for every post."),
    )
    template = models.ForeignKey(
        CertificateTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="rules"
    )
    refresher_course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("refresher course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Assigned when the certificate is about to expire; completing it renews the certificate. "
            "It may be this course itself: its holder then takes it again."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("course"),
        FieldPanel("programme"),
        FieldRowPanel([FieldPanel("skill_level"), FieldPanel("post")]),
        FieldPanel("template"),
        FieldPanel("refresher_course"),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = _("certificate rule")
        verbose_name_plural = _("certificate rules")
        constraints = [
            models.UniqueConstraint(fields=["course"], condition=Q(kind="course"), name="cert_rule_one_per_course"),
            models.UniqueConstraint(
                fields=["programme"], condition=Q(kind="programme"), name="cert_rule_one_per_programme"
            ),
            models.UniqueConstraint(
                fields=["skill_level", "post"],
                condition=Q(kind="skill_level", post__isnull=False),
                name="cert_rule_one_per_level_and_post",
            ),
            models.UniqueConstraint(
                fields=["skill_level"],
                condition=Q(kind="skill_level", post__isnull=True),
                name="cert_rule_one_per_level_any_post",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.achievement_title} → {self.template}"

    @property
    def achievement_title(self) -> str:
        if self.kind == AchievementKind.COURSE and self.course_id:
            return self.course.title
        if self.kind == AchievementKind.PROGRAMME and self.programme_id:
            return self.programme.name
        if self.kind == AchievementKind.SKILL_LEVEL and self.skill_level:
            label = str(self.get_skill_level_display())
            return f"{self.post.name} · {label}" if self.post_id else label
        return ""

    def clean(self):
        super().clean()
        required = {
            AchievementKind.COURSE: "course",
            AchievementKind.PROGRAMME: "programme",
            AchievementKind.SKILL_LEVEL: "skill_level",
        }
        field = required.get(self.kind)
        if field and getattr(self, field if field == "skill_level" else f"{field}_id") in (None, ""):
            raise ValidationError({field: _("Choose what this rule issues a certificate for.")})
        # The refresher may be the certified course itself (a yearly safety course): assigning it
        # starts the holder's next cycle of that course (courses.services.course_refresher_assign).
