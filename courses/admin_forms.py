"""The course editor's checks that need its inline rows as submitted (the page model's own clean()
runs before the inline rows are applied to it)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class CoursePageAdminForm(WagtailAdminPageForm):
    """Step credit hours (courses.CourseStepCredit) name steps of this course: the learning-hours
    report credits a completed step by its row in the course it was completed in. (A step named
    twice is refused by the rows' unique constraint, which the inline formset checks.)"""

    def clean(self):
        cleaned = super().clean()
        credits = self.formsets.get("step_credits")
        if credits is None or not credits.is_valid():
            return cleaned
        course = self.instance
        for form in credits.forms:
            step = form.cleaned_data.get("step") if form.cleaned_data else None
            if step is None or form.cleaned_data.get("DELETE"):
                continue
            is_child = bool(course.path) and step.path.startswith(course.path) and step.depth == course.depth + 1
            if not is_child:
                form.add_error("step", ValidationError(_("Choose a step of this course.")))
        return cleaned
