"""Lesson content blocks. Each block is a class with its Meta and one template under
templates/blocks/."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_FEATURES = ["bold", "italic", "h3", "h4", "ol", "ul", "link", "hr"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"


class VideoBlock(blocks.StructBlock):
    """A video file from the document library (many sites have no outside internet) or a URL."""

    video = DocumentChooserBlock(label=_("video file"), required=False)
    url = blocks.URLBlock(label=_("or video URL"), required=False)
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video_block.html"

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks.struct_block import StructBlockValidationError

        value = super().clean(value)
        if not value.get("video") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"video": ValidationError(_("Choose a video file or give a URL."))}
            )
        return value


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    description = blocks.CharBlock(label=_("description"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "blocks/document_block.html"


class CaseStudyBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    situation = blocks.RichTextBlock(label=_("situation"), features=RICH_FEATURES)
    actions = blocks.ListBlock(blocks.CharBlock(label=_("action")), label=_("what was done"))
    lesson = blocks.RichTextBlock(label=_("what we learn"), features=RICH_FEATURES, required=False)

    class Meta:
        icon = "folder-open-inverse"
        label = _("Case study")
        template = "blocks/case_study_block.html"


class KeyPointsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False)
    points = blocks.ListBlock(blocks.CharBlock(label=_("point")), label=_("key points"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Key points")
        template = "blocks/key_points_block.html"


class ProcedureStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("step"))
    detail = blocks.TextBlock(label=_("detail"), required=False)

    class Meta:
        icon = "arrow-right"
        label = _("Procedure step")


class ProcedureBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    steps = blocks.ListBlock(ProcedureStepBlock(), label=_("steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Step-by-step procedure")
        template = "blocks/procedure_block.html"


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    items = blocks.ListBlock(blocks.CharBlock(label=_("item")), label=_("items"), min_num=1)

    class Meta:
        icon = "tasks"
        label = _("Checklist")
        template = "blocks/checklist_block.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("tip", _("Tip")), ("warning", _("Warning")), ("law", _("Legal basis")), ("note", _("Note"))],
        default="tip",
    )
    text = blocks.RichTextBlock(label=_("text"), features=RICH_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "blocks/callout_block.html"


class LessonStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Rich text"), features=RICH_FEATURES, template="blocks/paragraph_block.html"
    )
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    case_study = CaseStudyBlock()
    key_points = KeyPointsBlock()
    procedure = ProcedureBlock()
    checklist = ChecklistBlock()
    callout = CalloutBlock()

    class Meta:
        label = _("Lesson content")
