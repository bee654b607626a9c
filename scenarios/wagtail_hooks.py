from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from scenarios import admin_views
from scenarios.models import ScenarioPage


@hooks.register("register_admin_urls")
def scenario_admin_urls():
    return [
        path("scenarios/import/", admin_views.import_view, name="scenarios_import"),
        path("scenarios/<int:page_id>/import/", admin_views.import_view, name="scenarios_import_into"),
        path("scenarios/<int:page_id>/diagram/", admin_views.diagram_view, name="scenarios_diagram"),
        path("scenarios/<int:page_id>/diagram.svg", admin_views.diagram_svg_view, name="scenarios_diagram_svg"),
        path("scenarios/<int:page_id>/export/", admin_views.export_view, name="scenarios_export"),
    ]


@hooks.register("register_admin_menu_item")
def scenario_import_menu_item():
    return MenuItem(_("Import scenario"), reverse("scenarios_import"), icon_name="upload", order=210)


@hooks.register("register_page_header_buttons")
def scenario_header_buttons(page, user, view_name=None, next_url=None):
    if not isinstance(page.specific_deferred, ScenarioPage):
        return
    yield PageMenuItem(_("Diagram"), reverse("scenarios_diagram", args=[page.pk]), "site", 66, page=page)
    yield PageMenuItem(_("Export JSON"), reverse("scenarios_export", args=[page.pk]), "download", 67, page=page)
    yield PageMenuItem(_("Import JSON"), reverse("scenarios_import_into", args=[page.pk]), "upload", 68, page=page)
