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


@dataclass
class Radar:
    size: int
    axes: list[RadarAxis]
    rings: list[str]
    polygon: str

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
    return Radar(size=size, axes=axes, rings=rings, polygon=polygon)
