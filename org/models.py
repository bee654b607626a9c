"""Company → sites (项目/小区) → departments, posts (岗位), and the staff profile that ties a login
to all of them. Roles decide what a person may see; a manager's scope is their sites and
departments (see org.selectors.staff_visible_to)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def mask_phone(phone: str) -> str:
    """138****8000: enough to recognise a number, not enough to call it."""
    if len(phone) < 7:
        return "****"
    return f"{phone[:3]}****{phone[-4:]}"


def mask_email(email: str) -> str:
    """z***@example.com: the domain and a first letter, not the address."""
    local, _at, domain = email.partition("@")
    if not domain:
        return "***"
    return f"{local[:1]}***@{domain}"


# WeCom and DingTalk user ids: letters, digits and "_-.@", at most 64 (both platforms' rules).
CHANNEL_USER_ID_PATTERN = r"^[A-Za-z0-9_.@-]{1,64}$"
channel_user_id_validator = RegexValidator(CHANNEL_USER_ID_PATTERN, _("Letters, digits, “_”, “-”, “.” or “@” only."))


class Company(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name


class SiteType(models.Model):
    """What kind of place a site is (住宅小区, 商业综合体, 写字楼, 人员密集场所 …): the company
    defines them, and rules that depend on the kind of place (how often a fire drill is due)
    hang on them."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("site type")
        verbose_name_plural = _("site types")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="sites")
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    site_type = models.ForeignKey(
        SiteType, verbose_name=_("site type"), null=True, blank=True, on_delete=models.PROTECT, related_name="sites"
    )
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    """A job (岗位): 客服, 工程, 秩序/安保, 保洁, 绿化, 财务, 管理."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("name"), max_length=100)
    post = models.ForeignKey(
        Post, verbose_name=_("main post"), null=True, blank=True, on_delete=models.SET_NULL, related_name="departments"
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["site__code", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="department_unique_name_per_site")]

    def __str__(self) -> str:
        return f"{self.site.name} · {self.name}"


class Role(models.TextChoices):
    TRAINEE = "trainee", _("Trainee")
    TRAINER = "trainer", _("Trainer")
    MANAGER = "manager", _("Manager")
    HR_ADMIN = "hr_admin", _("HR admin")


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="staff_profile"
    )
    employee_number = models.CharField(_("employee number"), max_length=32, unique=True)
    name = models.CharField(_("full name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # The person's user id in the company's WeCom (企业微信) and DingTalk (钉钉): the address of
    # work messages, and one way a company sign-on finds the person.
    wecom_userid = models.CharField(
        _("WeCom user ID"), max_length=64, blank=True, validators=[channel_user_id_validator]
    )
    dingtalk_userid = models.CharField(
        _("DingTalk user ID"), max_length=64, blank=True, validators=[channel_user_id_validator]
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.TRAINEE, db_index=True)
    post = models.ForeignKey(
        Post, verbose_name=_("post"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    site = models.ForeignKey(
        Site, verbose_name=_("site"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.SET_NULL, related_name="staff"
    )
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    post_since = models.DateField(_("in post since"), null=True, blank=True)
    manager = models.ForeignKey(
        "self", verbose_name=_("manager"), null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    mentor = models.ForeignKey(
        "self", verbose_name=_("mentor"), null=True, blank=True, on_delete=models.SET_NULL, related_name="mentees"
    )
    # A manager's scope: every staff member of these sites, plus these departments elsewhere.
    managed_sites = models.ManyToManyField(Site, verbose_name=_("managed sites"), blank=True, related_name="managers")
    managed_departments = models.ManyToManyField(
        Department, verbose_name=_("managed departments"), blank=True, related_name="managers"
    )
    # Staff are Wagtail snippets only to be edited by HR; indexing their references for "usage"
    # counts would cost a task per save, which a roster import of thousands cannot afford.
    wagtail_reference_index_ignore = True

    left_at = models.DateField(_("left on"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        ordering = ["employee_number"]
        constraints = [
            # One person per WeCom or DingTalk account: a company sign-on must never be able to
            # match two people.
            models.UniqueConstraint(
                fields=["wecom_userid"], condition=~models.Q(wecom_userid=""), name="staff_unique_wecom_userid"
            ),
            models.UniqueConstraint(
                fields=["dingtalk_userid"],
                condition=~models.Q(dingtalk_userid=""),
                name="staff_unique_dingtalk_userid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.employee_number})"

    def clean(self) -> None:
        errors = {}
        if self.department_id and self.site_id and self.department.site_id != self.site_id:
            errors["department"] = _("The department belongs to another site.")
        if self.pk and self.manager_id == self.pk:
            errors["manager"] = _("A person cannot be their own manager.")
        if self.pk and self.mentor_id == self.pk:
            errors["mentor"] = _("A person cannot be their own mentor.")
        if errors:
            raise ValidationError(errors)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_email(self) -> str:
        return mask_email(self.email)

    @property
    def has_left(self) -> bool:
        return self.left_at is not None


def roster_upload_path(instance: "RosterImport", filename: str) -> str:
    # A random name: the file holds personal data and must not be guessable from its URL.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"roster_imports/{uuid.uuid4().hex}.{suffix}"


class RosterImport(models.Model):
    """One roster file uploaded by an HR admin: parsed once on upload (the rows as text), previewed
    against the current data, and applied when the uploader confirms. Only the uploader sees it."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Awaiting confirmation")
        QUEUED = "queued", _("Importing")
        CONFIRMED = "confirmed", _("Imported")
        FAILED = "failed", _("Import failed")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=roster_upload_path)
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PREVIEWED)
    # [{"row": 2, "values": {"employee_number": "YG101", ...}}, ...] as read from the file.
    rows = models.JSONField(_("rows"), default=list)
    ignored_columns = models.JSONField(_("ignored columns"), default=list, blank=True)
    # What confirming did: counts and each row's outcome with its error codes.
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.created_at:%Y-%m-%d %H:%M})"


class PostTenure(models.Model):
    """A stretch of time a person held a post, from `started_on` to `ended_on` inclusive (open
    while it is their post now). Written by org.services.post_tenure_record whenever a person's
    post is set or changed (hiring, roster import, the admin), so yearly figures that depend on
    the post (the 学时 target) can be pro-rated by the days spent in each post."""

    profile = models.ForeignKey(StaffProfile, on_delete=models.CASCADE, related_name="post_tenures")
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("time in a post")
        ordering = ["profile", "started_on"]
        indexes = [models.Index(fields=["started_on", "ended_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="post_tenure_ends_after_start",
            ),
            # At most one open tenure a person: their current post.
            models.UniqueConstraint(
                fields=["profile"], condition=models.Q(ended_on__isnull=True), name="post_tenure_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile_id} · {self.post_id} · {self.started_on}–{self.ended_on or ''}"
