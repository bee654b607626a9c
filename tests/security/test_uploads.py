"""Uploads are limited by type and size, and documents are always downloaded as attachments
(never rendered in our origin), with sniffing and embedded content blocked."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image

pytestmark = pytest.mark.django_db


def upload_document(client, name: str, content: bytes):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


def test_a_trainer_can_upload_an_allowed_document_type(world):
    response = upload_document(world.client("trainer"), "manual.pdf", b"%PDF-1.4 ok")
    assert response.status_code == 302
    assert Document.objects.filter(title="manual.pdf").exists()


@pytest.mark.parametrize("name", ["page.html", "script.js", "image.svg", "tool.exe", "archive.zip"])
def test_a_document_of_another_type_is_refused(world, name):
    response = upload_document(world.client("trainer"), name, b"<script>alert(1)</script>")
    assert response.status_code == 200  # the form again, with an error
    assert not Document.objects.filter(title=name).exists()


def test_a_document_over_the_size_limit_is_refused(world, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = upload_document(world.client("trainer"), "big.pdf", b"%PDF" + b"0" * 2048)
    assert response.status_code == 200
    assert not Document.objects.filter(title="big.pdf").exists()


def test_an_svg_image_is_refused(world):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    response = world.client("trainer").post(
        reverse("wagtailimages:add"), {"title": "logo", "file": SimpleUploadedFile("logo.svg", svg), "collection": 1}
    )
    assert response.status_code == 200
    assert not Image.objects.filter(title="logo").exists()


@pytest.mark.parametrize("name", ["handbook.pdf", "notes.txt"])
def test_documents_are_served_as_attachments_with_sniffing_and_scripts_blocked(world, name):
    document = Document(title=name)
    document.file.save(name, ContentFile(b"<html><script>alert(1)</script></html>"), save=False)
    document.save()
    response = world.client("trainee").get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
