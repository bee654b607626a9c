"""Onboarding slips: for each person, their name and employee number, the activation code and a QR
code that opens the activation page with the code filled in, laid out eight to an A4 page (cut
along the dashed lines) by WeasyPrint in a CJK font embedded as a subset.

The QR carries the code after "#", so it never reaches the server's access log or a Referer;
the page's script moves it into the form. Nothing is fetched: the QR is an inline PNG."""

import functools
from urllib.parse import urljoin

import segno
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

from accounts.services import IssuedActivation, activations_issue
from org.models import StaffProfile

# The same face certificates use (fonts-wqy-zenhei, else Noto CJK): TrueType subsets stay small.
DEFAULT_FONT_STACK = '"WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif'
SLIPS_PER_PAGE = 8


def activation_url(code: str = "") -> str:
    """The absolute address of the activation page (with the code after "#" when given)."""
    base = getattr(settings, "ACCOUNTS_SITE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    url = urljoin(base.rstrip("/") + "/", reverse("accounts:activate").lstrip("/"))
    return f"{url}#{code}" if code else url


def qr_data_uri(code: str) -> str:
    # PNG, not SVG: WeasyPrint draws a PNG in about a millisecond, an SVG path in tens.
    return segno.make(activation_url(code), error="m").png_data_uri(scale=5, border=2)


def slip_context(issued: IssuedActivation) -> dict:
    profile = issued.profile
    return {
        "name": profile.name,
        "employee_number": profile.employee_number,
        "site": profile.site.name if profile.site_id else "",
        "post": profile.post.name if profile.post_id else "",
        "code": issued.display_code,
        "qr": qr_data_uri(issued.code),
        "expires": formats.date_format(timezone.localtime(issued.activation.expires_at), "Y-m-d"),
        "reset": issued.activation.reason == issued.activation.Reason.RESET,
    }


def slips_html(issued: list[IssuedActivation]) -> str:
    """The slips as HTML for WeasyPrint, in the site's language whoever prints them."""
    slips = [slip_context(item) for item in issued]
    pages = [slips[i : i + SLIPS_PER_PAGE] for i in range(0, len(slips), SLIPS_PER_PAGE)]
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "accounts/pdf/slips.html",
            {
                "pages": pages,
                "site_url": activation_url(),
                "font_stack": getattr(settings, "ACCOUNTS_PDF_FONT_STACK", DEFAULT_FONT_STACK),
            },
        )


@functools.cache
def _font_configuration():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.cache
def _url_fetcher():
    """Only data: URIs: a slip never loads anything from anywhere."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def slips_pdf(issued: list[IssuedActivation]) -> bytes:
    from weasyprint import HTML

    document = HTML(string=slips_html(issued), url_fetcher=_url_fetcher(), base_url=None)
    return document.write_pdf(font_config=_font_configuration())


@transaction.atomic
def slips_issue_pdf(
    *, profiles: list[StaffProfile], actor: AbstractBaseUser, roster_import_id: int | None = None
) -> tuple[bytes, int]:
    """Issue a first sign-in code for each person and lay their slips out as one PDF; returns the
    PDF and how many slips it holds. In one transaction: if the PDF cannot be made, no code
    changes (earlier slips keep working), since codes nobody printed would help no one."""
    issued = activations_issue(profiles=profiles, actor=actor, roster_import_id=roster_import_id)
    return slips_pdf(issued), len(issued)
