from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from regulations import admin_views


@hooks.register("register_admin_urls")
def register_regulation_urls():
    return [
        path("regulations/", admin_views.register_view, name="regulations_register"),
        path("regulations/add/", admin_views.regulation_add_view, name="regulations_add"),
        path("regulations/<int:pk>/", admin_views.regulation_detail_view, name="regulations_detail"),
        path("regulations/<int:pk>/versions/add/", admin_views.version_add_view, name="regulations_version_add"),
        path("regulations/citations/add/", admin_views.citation_add_view, name="regulations_citation_add"),
        path(
            "regulations/citations/<int:pk>/delete/",
            admin_views.citation_delete_view,
            name="regulations_citation_delete",
        ),
        path("regulations/reviews/", admin_views.review_queue_view, name="regulations_review_queue"),
        path("regulations/reviews/<int:pk>/", admin_views.review_decide_view, name="regulations_review_decide"),
    ]


class RegisterMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.user_may_use_register(request.user)


@hooks.register("register_admin_menu_item")
def register_register_menu_item():
    return RegisterMenuItem(_("Regulation register"), reverse("regulations_register"), icon_name="doc-full", order=220)


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return RegisterMenuItem(
        _("Regulation reviews"), reverse("regulations_review_queue"), icon_name="warning", order=221
    )
