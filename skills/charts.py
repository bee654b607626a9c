"""Server-rendered charts: the radar of a person's competencies as SVG coordinates, so the page
needs no script (the CSP forbids inline ones) and prints as it shows."""

import math
from dataclasses import dataclass


def proficiency_level(percent) -> int:
    """Band an evidence percentage into the four levels used to colour the skill matrix."""
    if percent is None:
        return 0
    value = float(percent)
    if value >= 90:
        return 4
    if value >= 75:
        return 3
    if value >= 60:
        return 2
    return 1


@dataclass
class RadarAxis:
    label: str
    value: float | None
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


LABEL_FONT_PX = 11  # .radar text in static/css/skills.css


def label_width(label: str) -> float:
    """Rough width of a label at LABEL_FONT_PX: a CJK character is a full em, others about 0.6."""
    return sum(LABEL_FONT_PX if ord(ch) > 0x2E7F else LABEL_FONT_PX * 0.6 for ch in label)


@dataclass
class Radar:
    size: int
    axes: list[RadarAxis]
    rings: list[str]
    polygon: str
    view_box: str = ""

    @property
    def has_values(self) -> bool:
        return any(a.value is not None for a in self.axes)


def radar_chart(values: list[tuple[str, float | None]], size: int = 300) -> Radar | None:
    """Axes evenly round a circle; each value 0–100 is its distance from the centre."""
    if len(values) < 3:
        return None
    centre, radius = size / 2, size / 2 - 56
    count = len(values)

    def point(index: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return centre + radius * fraction * math.cos(angle), centre + radius * fraction * math.sin(angle)

    axes = []
    for index, (label, value) in enumerate(values):
        x, y = point(index, 1)
        lx, ly = point(index, 1.18)
        anchor = "middle" if abs(lx - centre) < 8 else ("start" if lx > centre else "end")
        axes.append(RadarAxis(label, value, round(x, 1), round(y, 1), round(lx, 1), round(ly + 4, 1), anchor))
    rings = [
        " ".join(f"{px:.1f},{py:.1f}" for px, py in (point(i, ring / 4) for i in range(count))) for ring in range(1, 5)
    ]
    polygon = " ".join(
        f"{px:.1f},{py:.1f}"
        for px, py in (point(i, max(0.0, min(float(v or 0), 100.0)) / 100) for i, (_, v) in enumerate(values))
    )
    # The view box takes in every label as well as the circle, so a long label beside the chart
    # (首问负责, 前台接待) is never cut off by the edge of the picture.
    left, right, top, bottom = 0.0, float(size), 0.0, float(size)
    for axis in axes:
        width = label_width(axis.label)
        start = {"start": axis.label_x, "end": axis.label_x - width}.get(axis.anchor, axis.label_x - width / 2)
        left, right = min(left, start - 4), max(right, start + width + 4)
        top, bottom = min(top, axis.label_y - LABEL_FONT_PX - 2), max(bottom, axis.label_y + 4)
    view_box = f"{left:.1f} {top:.1f} {right - left:.1f} {bottom - top:.1f}"
    return Radar(size=size, axes=axes, rings=rings, polygon=polygon, view_box=view_box)
