"""A real PDF: the Chinese name is in the text, the CJK font is embedded as a subset, and the QR
code decodes to this certificate's verify URL."""

import shutil
import subprocess

import pytest

from certificates.models import RenderStatus
from certificates.rendering import certificate_verify_url
from certificates.services import certificate_render
from tests.factories.certificates import CertificateFactory

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdftoppm", "zbarimg")),
    reason="needs poppler-utils and zbar-tools",
)


@pytest.fixture
def rendered(db, tmp_path, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://academy.example.cn"
    certificate = CertificateFactory(holder_name="欧阳晓燕", achievement="安全知识与应急处置")
    certificate = certificate_render(certificate_id=certificate.pk)
    pdf = tmp_path / "certificate.pdf"
    with certificate.file.open("rb") as handle:
        pdf.write_bytes(handle.read())
    return certificate, pdf


def test_rendered_certificate_is_ready_with_its_file(rendered):
    certificate, pdf = rendered
    assert certificate.status == RenderStatus.READY
    assert certificate.file.name.endswith(f"{certificate.code}.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_pdf_text_contains_the_chinese_name_and_code(rendered):
    certificate, pdf = rendered
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "欧阳晓燕" in text
    assert "安全知识与应急处置" in text
    assert certificate.code in text


def test_pdf_embeds_a_subset_cjk_font(rendered):
    _certificate, pdf = rendered
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk_rows = [line for line in fonts.splitlines() if "CJK" in line or "WenQuanYi" in line]
    assert cjk_rows, fonts
    for row in cjk_rows:
        columns = row.split()
        # name, type…, encoding, emb, sub, uni, object, generation: emb and sub are yes
        assert columns[-5] == "yes" and columns[-4] == "yes", row
        assert "+" in columns[0]  # subset fonts carry a six-letter tag prefix


def test_qr_code_decodes_to_the_verify_url(rendered, tmp_path):
    certificate, pdf = rendered
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True
    )
    image = next(tmp_path.glob("page*.png"))
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True).stdout
    assert decoded.strip() == certificate_verify_url(certificate)
    assert decoded.strip() == f"https://academy.example.cn/certificates/verify/{certificate.code}/"


def test_a_render_error_is_recorded_and_the_certificate_is_not_ready(db, monkeypatch):
    certificate = CertificateFactory()

    def broken(_certificate):
        raise RuntimeError("font missing")

    monkeypatch.setattr("certificates.rendering.certificate_pdf", broken)
    certificate = certificate_render(certificate_id=certificate.pk)
    assert certificate.status == RenderStatus.FAILED
    assert "font missing" in certificate.render_error
    assert not certificate.file


def test_rendering_twice_keeps_the_first_file(rendered):
    certificate, _pdf = rendered
    again = certificate_render(certificate_id=certificate.pk)
    assert again.file.name == certificate.file.name
    assert again.render_attempts == 1
