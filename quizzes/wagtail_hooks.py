from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.wagtail_columns import YesNoColumn
from quizzes import admin_views
from quizzes.models import Question, QuestionCategory


class QuestionFilterSet(WagtailFilterSet):
    class Meta:
        model = Question
        fields = ["category", "qtype", "difficulty", "is_active"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = ["stem", "category", "qtype", "difficulty", "points", YesNoColumn.for_field(Question, "is_active")]
    list_per_page = 50
    search_fields = ["stem", "explanation"]
    filterset_class = QuestionFilterSet

    def get_queryset(self, request):
        return Question.objects.select_related("category__parent")


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Question categories")
    list_display = ["name", "parent", "subject_area", "post"]
    search_fields = ["name"]


class QuestionBankGroup(SnippetViewSetGroup):
    items = (QuestionViewSet, QuestionCategoryViewSet)
    menu_icon = "help"
    menu_label = _("Question bank")
    menu_name = "question-bank"
    menu_order = 210


register_snippet(QuestionBankGroup)


@hooks.register("register_admin_urls")
def register_bank_urls():
    return [
        path("quizzes/bank/", admin_views.bank_import_view, name="quizzes_bank_import"),
        path(
            "quizzes/bank/<int:import_id>/confirm/",
            admin_views.bank_import_confirm_view,
            name="quizzes_bank_import_confirm",
        ),
        path("quizzes/bank/template.xlsx", admin_views.bank_template_view, name="quizzes_bank_template"),
        path("quizzes/bank/export/", admin_views.bank_export_view, name="quizzes_bank_export"),
    ]


class AuthorMenuItem(MenuItem):
    def is_shown(self, request):
        from org.models import Role
        from org.selectors import user_role

        return user_role(request.user) in (Role.TRAINER, Role.HR_ADMIN)


@hooks.register("register_admin_menu_item")
def register_bank_menu_item():
    return AuthorMenuItem(
        _("Import / export questions"), reverse("quizzes_bank_import"), icon_name="download", order=211
    )


@hooks.register("register_admin_menu_item")
def register_marking_menu_item():
    return AuthorMenuItem(_("Essay marking"), reverse("quizzes:marking"), icon_name="edit", order=212)
