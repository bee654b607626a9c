"""Analytics in the Wagtail admin: a menu item for trainers and HR, and a button on each course's
page header that opens that course's figures."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from courses.models import CoursePage
from org.models import Role
from org.selectors import user_role


class AnalystMenuItem(MenuItem):
    def is_shown(self, request):
        return user_role(request.user) in (Role.TRAINER, Role.HR_ADMIN)


@hooks.register("register_admin_menu_item")
def analytics_menu_item():
    return AnalystMenuItem(_("Course analytics"), reverse("analytics:index"), icon_name="list-ul", order=213)


@hooks.register("register_page_header_buttons")
def analytics_course_button(page, user, view_name=None, next_url=None):
    if not isinstance(page.specific_deferred, CoursePage) or user_role(user) not in (Role.TRAINER, Role.HR_ADMIN):
        return
    yield PageMenuItem(_("Course analytics"), reverse("analytics:course", args=[page.pk]), "list-ul", 69, page=page)
