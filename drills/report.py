"""The drill report PDF, the record a fire inspection asks to see: the plan, the participants and
their roles, the timeline with elapsed times from the alarm, the photos, the findings and the
corrective actions with their state. Laid out by WeasyPrint in a CJK font, the way certificates
are rendered (certificates.rendering): one embedded face, no resource fetched from the network,
photos read from storage and inlined."""

import base64
import functools

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from drills.models import Drill
from drills.selectors import drill_record

# The certificates' face: WenQuanYi Zen Hei (TrueType, a small subset) first, Noto CJK after.
FONT_STACK = '"WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif'


def _photo_data_uri(photo) -> str:
    with photo.image.open("rb") as handle:
        data = handle.read()
    return f"data:image/jpeg;base64,{base64.b64encode(data).decode('ascii')}"


def drill_report_html(drill: Drill) -> str:
    record = drill_record(drill=drill)
    # The report is in the site's language, whoever downloads it.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "drills/pdf/report.html",
            {
                "record": record,
                "drill": drill,
                "photos": [(photo, _photo_data_uri(photo)) for photo in record.photos],
                "printed_at": timezone.localtime(),
                "font_stack": getattr(settings, "DRILLS_PDF_FONT_STACK", FONT_STACK),
            },
        )


@functools.cache
def _font_configuration():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.cache
def _url_fetcher():
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def drill_report_pdf(drill: Drill) -> bytes:
    from weasyprint import HTML

    document = HTML(string=drill_report_html(drill), url_fetcher=_url_fetcher(), base_url=None)
    return document.write_pdf(font_config=_font_configuration())
