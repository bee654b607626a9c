"""The blocks a trainer authors a scenario with. The page's `nodes` StreamField holds one
NodeBlock per node, each with its choices and routes nested inside, so drafts, preview and
revisions cover the whole graph. Graph-wide rules (targets exist, every path ends…) are checked
by the engine in ScenarioPage.clean; blocks only check their own fields."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

KEY_VALIDATOR = RegexValidator(r"^[A-Za-z0-9_-]{1,40}$", _("Use 1–40 letters, digits, - or _."))
CODE_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$", _("Use a lowercase slug: letters, digits and _, starting with a letter.")
)
CONDITION_HELP = _("Optional, e.g. “empathize >= 2”, “total >= 5 and flag:called_119”, “not flag:late”.")

NODE_KIND_CHOICES = [
    ("situation", _("Situation")),
    ("dialogue", _("Dialogue")),
    ("end", _("End")),
]
OUTCOME_CHOICES = [
    ("success", _("Success")),
    ("partial", _("Partial success")),
    ("fail", _("Fail")),
]


class CompetencyBlock(blocks.StructBlock):
    code = blocks.CharBlock(
        label=_("code"),
        max_length=40,
        validators=[CODE_VALIDATOR],
        help_text=_("Stable identifier, e.g. listen, empathize, safety; skills evidence is matched on it."),
    )
    name = blocks.CharBlock(label=_("name"), max_length=60)
    pass_score = blocks.IntegerBlock(
        label=_("pass threshold"), required=False, min_value=0, help_text=_("Minimum score to pass; empty for none.")
    )

    class Meta:
        icon = "pick"
        label = _("Competency")


class ScoreChangeBlock(blocks.StructBlock):
    competency = blocks.CharBlock(label=_("competency code"), max_length=40)
    points = blocks.IntegerBlock(label=_("points"), min_value=-100, max_value=100)

    class Meta:
        icon = "plus"
        label = _("Score change")


class ChoiceBlock(blocks.StructBlock):
    key = blocks.CharBlock(
        label=_("key"),
        max_length=40,
        required=False,
        validators=[KEY_VALIDATOR],
        help_text=_("Optional stable id; c1, c2… by position when empty."),
    )
    text = blocks.TextBlock(label=_("text"), rows=2)
    target = blocks.CharBlock(label=_("goes to node"), max_length=40)
    feedback = blocks.TextBlock(label=_("feedback after choosing"), required=False, rows=2)
    condition = blocks.CharBlock(label=_("shown only if"), required=False, max_length=200, help_text=CONDITION_HELP)
    scores = blocks.ListBlock(ScoreChangeBlock(), label=_("score changes"), default=[])
    set_flags = blocks.CharBlock(
        label=_("flags to set"), required=False, max_length=200, help_text=_("Comma-separated, e.g. called_119")
    )

    class Meta:
        icon = "arrow-right"
        label = _("Choice")


class RouteBlock(blocks.StructBlock):
    condition = blocks.CharBlock(label=_("if"), required=False, max_length=200, help_text=CONDITION_HELP)
    target = blocks.CharBlock(label=_("go to node"), max_length=40)

    class Meta:
        icon = "redirect"
        label = _("Route")


class NodeBlock(blocks.StructBlock):
    key = blocks.CharBlock(label=_("key"), max_length=40, validators=[KEY_VALIDATOR])
    kind = blocks.ChoiceBlock(label=_("kind"), choices=NODE_KIND_CHOICES, default="situation")
    speaker = blocks.CharBlock(
        label=_("speaker"), required=False, max_length=40, help_text=_("e.g. 业主, 同事, 主管, 消防员")
    )
    text = blocks.TextBlock(label=_("text"), rows=3)
    image = ImageChooserBlock(label=_("image"), required=False)
    audio = DocumentChooserBlock(label=_("audio"), required=False)
    outcome = blocks.ChoiceBlock(label=_("outcome (end nodes)"), choices=OUTCOME_CHOICES, required=False)
    debrief = blocks.TextBlock(label=_("debrief (end nodes)"), required=False, rows=3)
    time_limit = blocks.IntegerBlock(
        label=_("time limit (seconds)"), required=False, min_value=3, max_value=3600, help_text=_("Timed drill step.")
    )
    timeout_target = blocks.CharBlock(label=_("on timeout go to node"), required=False, max_length=40)
    routes = blocks.ListBlock(
        RouteBlock(),
        label=_("routes"),
        default=[],
        help_text=_("Checked on arrival: the first route whose condition holds moves on at once."),
    )
    choices = blocks.ListBlock(ChoiceBlock(), label=_("choices"), default=[])

    class Meta:
        icon = "comment"
        label = _("Node")
        form_classname = "scenario-node"


class CompetenciesStreamBlock(blocks.StreamBlock):
    competency = CompetencyBlock()


class NodesStreamBlock(blocks.StreamBlock):
    node = NodeBlock()
