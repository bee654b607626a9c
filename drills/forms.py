"""Forms of the drill pages (phone first: native date inputs, the camera for photos)."""

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from drills.events import DrillRole
from drills.models import Drill, DrillType, TimelineKind
from drills.selectors import scenario_pages, site_people
from org.models import StaffProfile
from org.selectors import sites_visible_to

RATING_CHOICES = [(i, str(i)) for i in range(1, 6)]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StaffProfile) -> str:
        return f"{obj.name}（{obj.employee_number}）"


class DrillPlanForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, empty_label=None)
    drill_type = forms.ModelChoiceField(
        label=_("Drill type"), queryset=DrillType.objects.order_by("sort_order", "code")
    )
    planned_on = forms.DateField(label=_("Planned date"), widget=forms.DateInput(attrs={"type": "date"}))
    lead = PersonChoiceField(label=_("Lead"), queryset=None, help_text=_("Someone who works at or manages the site."))
    scenario = forms.ModelChoiceField(label=_("Scenario for preparation"), queryset=None, required=False)
    plan = forms.CharField(
        label=_("Plan"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Scope, assembly point, who plays which role."),
    )

    def __init__(self, *args, planner: AbstractBaseUser, **kwargs):
        super().__init__(*args, **kwargs)
        sites = sites_visible_to(planner).order_by("code")
        self.fields["site"].queryset = sites
        self.fields["lead"].queryset = (
            StaffProfile.objects.filter(Q(site__in=sites) | Q(managed_sites__in=sites), left_at__isnull=True)
            .select_related("user")
            .distinct()
            .order_by("employee_number")
        )
        self.fields["scenario"].queryset = scenario_pages()

    def clean(self):
        data = super().clean()
        site, lead = data.get("site"), data.get("lead")
        if site and lead and not site_people(site=site).filter(pk=lead.pk).exists():
            self.add_error("lead", _("The lead must work at or manage this site."))
        return data


class TimelineForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened"), choices=TimelineKind.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"), widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"})
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)


class FindingForm(forms.Form):
    text = forms.CharField(label=_("Finding"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    owner = PersonChoiceField(label=_("Owner"), queryset=None)
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    finding = forms.ModelChoiceField(label=_("For the finding"), queryset=None, required=False)

    def __init__(self, *args, drill: Drill, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = site_people(site=drill.site)
        self.fields["finding"].queryset = drill.findings.all()


class AssessForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the drill"), choices=DrillRole.choices)
    rating = forms.TypedChoiceField(
        label=_("Assessment (1–5)"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Assessment note"), required=False, max_length=500)


class ConfirmedNoteForm(forms.Form):
    """A final step (closing an action or a drill): the note, and the second "yes" the
    confirmation page adds."""

    note = forms.CharField(label=_("What was done"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class DrillCloseForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
