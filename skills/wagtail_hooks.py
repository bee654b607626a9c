"""The skill framework in the Wagtail admin, for HR and trainers: competencies and their areas,
each post's level ladder with its criteria, and assessment rubrics. Evidence is not editable
here: it is append-only and corrected from the manager's person page."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.wagtail_columns import YesNoColumn
from skills.models import Competency, CompetencyArea, LevelLadder, Rubric


class CompetencyAreaViewSet(SnippetViewSet):
    model = CompetencyArea
    icon = "folder-open-inverse"
    menu_label = _("Competency areas")
    list_display = ["name", "code", "sort_order"]


class CompetencyViewSet(SnippetViewSet):
    model = Competency
    icon = "tick-inverse"
    menu_label = _("Competencies")
    list_display = ["name", "code", "area"]
    list_filter = ["area"]
    search_fields = ["name", "code"]


class LevelLadderViewSet(SnippetViewSet):
    model = LevelLadder
    icon = "order"
    menu_label = _("Level ladders")
    list_display = ["post"]


class RubricViewSet(SnippetViewSet):
    model = Rubric
    icon = "form"
    menu_label = _("Assessment rubrics")
    list_display = ["name", "kind", "competency", YesNoColumn.for_field(Rubric, "is_active")]
    list_filter = ["kind", "is_active"]


class SkillsViewSetGroup(SnippetViewSetGroup):
    items = (CompetencyAreaViewSet, CompetencyViewSet, LevelLadderViewSet, RubricViewSet)
    menu_icon = "pick"
    menu_label = _("Skills")
    menu_name = "skills"
    menu_order = 250


register_snippet(SkillsViewSetGroup)
