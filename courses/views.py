"""Trainee pages (my learning, mark a lesson done) and the page where managers and HR admins
assign a programme. Course and lesson pages themselves are served by Wagtail (models/pages.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from courses.models import LessonPage
from courses.models.records import StepSource
from courses.selectors import assignable_staff, my_learning, programmes_active, step_next
from courses.services import lesson_mark_done, programme_assign_many, step_time_record
from courses.structure import page_live_cached
from org.models import Role
from org.selectors import user_role


@login_required
def my_learning_view(request: HttpRequest) -> HttpResponse:
    return render(request, "courses/my_learning.html", {"learning": my_learning(user=request.user)})


@login_required
@require_POST
def lesson_mark_done_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """Marks the lesson done for the signed-in user only: no user id is ever read from the request."""
    lesson = page_live_cached(pk=page_id, model=LessonPage)
    if lesson is None:
        raise Http404
    lesson_mark_done(user=request.user, lesson=lesson)
    messages.success(request, _("Lesson marked as done."))
    return redirect((step_next(step=lesson) or lesson.get_parent()).get_url(request))


@login_required
@require_POST
def lesson_time_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """The lesson page's report of active reading seconds (static/js/lessons.js), for the
    signed-in user only. A malformed report is refused; the service caps what it counts."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=page_id)
    seconds = request.POST.get("seconds", "")
    if not seconds.isdigit():
        return HttpResponse(status=400)
    step_time_record(user=request.user, step=lesson, kind=StepSource.LESSON, seconds=int(seconds))
    return HttpResponse(status=204)


class ProgrammeAssignForm(forms.Form):
    programme = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("Programme"), empty_label=gettext_lazy("Choose a programme")
    )
    staff = forms.ModelMultipleChoiceField(
        queryset=None, label=gettext_lazy("Staff"), widget=forms.CheckboxSelectMultiple
    )
    due_date = forms.DateField(
        label=gettext_lazy("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Leave empty to use the programme's usual number of days."),
    )

    def __init__(self, *args, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes_active()
        self.fields["staff"].queryset = staff_queryset
        # The choice labels are built from the already joined rows, not one query per person.
        self.fields["staff"].label_from_instance = lambda p: f"{p.name} · {p.employee_number} · {p.site or ''}"


@login_required
@require_http_methods(["GET", "POST"])
def programme_assign_view(request: HttpRequest) -> HttpResponse:
    """HR admins assign to anyone, managers only to staff in their scope. A POST naming anyone
    outside the scope is refused as a whole (403), not silently trimmed."""
    if user_role(request.user) not in (Role.MANAGER, Role.HR_ADMIN):
        raise PermissionDenied
    staff = assignable_staff(user=request.user)
    if request.method == "POST":
        posted = request.POST.getlist("staff")
        if not all(value.isdigit() for value in posted):
            raise PermissionDenied
        wanted = {int(value) for value in posted}
        if wanted - set(staff.filter(pk__in=wanted).values_list("pk", flat=True)):
            raise PermissionDenied
        form = ProgrammeAssignForm(request.POST, staff_queryset=staff)
        if form.is_valid():
            people = list(form.cleaned_data["staff"])
            created = programme_assign_many(
                programme=form.cleaned_data["programme"],
                users=[person.user for person in people],
                assigned_by=request.user,
                due_date=form.cleaned_data["due_date"],
            )
            messages.success(
                request,
                _("Assigned to %(new)d of %(total)d people; the others already had it.")
                % {"new": len(created), "total": len(people)},
            )
            return redirect("courses:programme_assign")
    else:
        form = ProgrammeAssignForm(staff_queryset=staff)
    return render(request, "courses/programme_assign.html", {"form": form})
