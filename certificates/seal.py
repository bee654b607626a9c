"""A drawn company seal (公章) for the demo: red ring, star and the company name around the top.
Real deployments upload a scan of their seal; this keeps the demo free of binary files."""

import io
import math

from PIL import Image, ImageDraw, ImageFont

SEAL_RED = (200, 30, 30, 235)
FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)


def _font(size: int):
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def _star(draw: ImageDraw.ImageDraw, centre: tuple[float, float], radius: float) -> None:
    points = []
    for index in range(10):
        angle = -math.pi / 2 + index * math.pi / 5
        r = radius if index % 2 == 0 else radius * 0.4
        points.append((centre[0] + r * math.cos(angle), centre[1] + r * math.sin(angle)))
    draw.polygon(points, fill=SEAL_RED)


def seal_png(company: str, *, size: int = 400, caption: str = "") -> bytes:
    """A transparent PNG of a round seal with `company` along the upper arc."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre = size / 2
    draw.ellipse((8, 8, size - 8, size - 8), outline=SEAL_RED, width=max(6, size // 40))
    _star(draw, (centre, centre), size * 0.16)
    font = _font(int(size * 0.11))
    span = math.radians(220)  # the name runs over the top 220 degrees
    step = span / max(len(company) - 1, 1)
    start = -math.pi / 2 - span / 2
    radius = size * 0.36
    for index, char in enumerate(company):
        angle = start + index * step
        glyph = Image.new("RGBA", (int(size * 0.14), int(size * 0.14)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), char, font=font, fill=SEAL_RED, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        x = centre + radius * math.cos(angle) - glyph.width / 2
        y = centre + radius * math.sin(angle) - glyph.height / 2
        image.alpha_composite(glyph, (int(x), int(y)))
    if caption:
        draw.text((centre, size * 0.72), caption, font=_font(int(size * 0.08)), fill=SEAL_RED, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
