"""Turning a certificate into a PDF: fill the template's placeholders, lay it out with WeasyPrint
in a CJK font (embedded as a subset, so the file stays small and prints the same everywhere) and
add the QR code that opens the public verify page.

No resource is fetched from the network: images are read from storage and inlined, and the
fetcher WeasyPrint gets only accepts data: URIs."""

import base64
import functools
import mimetypes
from decimal import Decimal
from urllib.parse import urljoin

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.safestring import mark_safe

from certificates.models import Certificate
from certificates.placeholders import template_text_fill

# One face for the whole certificate: every extra face is another subset to cut and embed. WenQuanYi
# Zen Hei (fonts-wqy-zenhei) is TrueType, so its subset is small (~25 KB) and quick to cut; the Noto
# CJK faces (fonts-noto-cjk) are CFF and cost ~150 KB and ~80 ms more per certificate. Both are in
# the Makefile's system packages; fontconfig picks the first one installed.
DEFAULT_FONT_STACK = '"WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif'
BACKGROUND_RENDITION = "max-1754x1754|format-jpeg|jpegquality-70"
STAMP_RENDITION = "max-400x400|format-png"


def certificate_verify_url(certificate: Certificate) -> str:
    """The absolute public URL the QR code points to."""
    base = getattr(settings, "CERTIFICATES_VERIFY_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return urljoin(base.rstrip("/") + "/", reverse("certificates:verify", args=[certificate.code]).lstrip("/"))


def _format_date(value) -> str:
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def _format_score(value: Decimal | None) -> str:
    if value is None:
        return ""
    return formats.number_format(value.normalize() if value == value.to_integral() else value, use_l10n=False)


def certificate_placeholder_values(certificate: Certificate) -> dict[str, str]:
    template = certificate.template
    return {
        "name": certificate.holder_name,
        "employee_number": certificate.employee_number,
        "achievement": certificate.achievement,
        "date": _format_date(certificate.issued_on),
        "expiry": _format_date(certificate.expires_on),
        "score": _format_score(certificate.score),
        "site": certificate.site_name,
        "post": certificate.post_name,
        "signatory": template.signatory,
        "code": certificate.code,
    }


def _image_data_uri(image, spec: str) -> str:
    if image is None:
        return ""
    return _rendition_data_uri(image.pk, image.file.name, spec)


@functools.lru_cache(maxsize=32)
def _rendition_data_uri(image_id: int, file_name: str, spec: str) -> str:
    """Seals, signatures and backgrounds repeat on every certificate: a worker reads each rendition
    once. Keyed by the image's file name too, which changes when a trainer replaces the file."""
    from wagtail.images import get_image_model

    rendition = get_image_model().objects.get(pk=image_id).get_rendition(spec)
    with rendition.file.open("rb") as handle:
        data = handle.read()
    mime = mimetypes.guess_type(rendition.file.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def certificate_html(certificate: Certificate) -> str:
    """The certificate as HTML for WeasyPrint (also handy to preview in a browser)."""
    template = certificate.template
    values = certificate_placeholder_values(certificate)
    verify_url = certificate_verify_url(certificate)
    qr = segno.make(verify_url, error="m")
    # The template's markup was validated on save and every placeholder value is escaped as it is
    # filled in (template_text_fill): the filled text is safe to mark as such.
    title = mark_safe(template_text_fill(template.title, values))  # noqa: S308  # nosec B308 B703
    body = mark_safe(template_text_fill(template.body, values))  # noqa: S308  # nosec B308 B703
    # The printed certificate is in the site's language, whoever triggered the render.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "certificates/pdf/certificate.html",
            {
                "certificate": certificate,
                "template": template,
                "title": title,
                "body": body,
                "issued": values["date"],
                "expiry": values["expiry"],
                "verify_url": verify_url,
                # PNG, not SVG: WeasyPrint parses an SVG path of a QR code in ~40 ms, a PNG in ~1 ms.
                "qr_data_uri": qr.png_data_uri(scale=6, border=2),
                "background": _image_data_uri(template.background, BACKGROUND_RENDITION),
                "signature": _image_data_uri(template.signature_image, STAMP_RENDITION),
                "seal": _image_data_uri(template.seal_image, STAMP_RENDITION),
                "font_stack": getattr(settings, "CERTIFICATES_PDF_FONT_STACK", DEFAULT_FONT_STACK),
            },
        )


@functools.cache
def _font_configuration():
    """Loading fontconfig's view of the system fonts costs ~100 ms; a worker does it once."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.cache
def _url_fetcher():
    """Only data: URIs. Built once: a new fetcher loads the system's TLS certificates (~80 ms)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def certificate_pdf(certificate: Certificate) -> bytes:
    """Render the PDF bytes. Raises on any layout or font error; the caller records it."""
    from weasyprint import HTML

    document = HTML(string=certificate_html(certificate), url_fetcher=_url_fetcher(), base_url=None)
    return document.write_pdf(font_config=_font_configuration())
