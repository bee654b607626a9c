"""Analytics in the Wagtail admin: a menu item for trainers and HR, a button on each course's
page header that opens that course's figures, and one on each programme in the programmes'
listing that opens the programme's. The buttons go by role, as the menu does; a programme outside
a trainer's courses is not found on the page it opens."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.widgets.button import Button

from courses.models import CoursePage, Programme
from org.models import Role
from org.selectors import user_role

ANALYST_ROLES = (Role.TRAINER, Role.HR_ADMIN)


class AnalystMenuItem(MenuItem):
    def is_shown(self, request):
        return user_role(request.user) in ANALYST_ROLES


@hooks.register("register_admin_menu_item")
def analytics_menu_item():
    return AnalystMenuItem(_("Course analytics"), reverse("analytics:index"), icon_name="list-ul", order=213)


@hooks.register("register_page_header_buttons")
def analytics_course_button(page, user, view_name=None, next_url=None):
    if not isinstance(page.specific_deferred, CoursePage) or user_role(user) not in ANALYST_ROLES:
        return
    yield PageMenuItem(_("Course analytics"), reverse("analytics:course", args=[page.pk]), "list-ul", 69, page=page)


@hooks.register("register_snippet_listing_buttons")
def analytics_programme_button(snippet, user, next_url=None):
    if not isinstance(snippet, Programme) or user_role(user) not in ANALYST_ROLES:
        return
    yield Button(
        _("Programme analytics"),
        url=reverse("analytics:programme", args=[snippet.pk]),
        icon_name="list-ul",
        priority=30,
    )
