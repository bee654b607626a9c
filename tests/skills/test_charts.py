"""The radar's picture takes in every label: at 390 px the labels beside the chart (首问负责,
前台接待) were cut off at the edge of a 300 × 300 view box."""

import pytest

from skills.charts import label_width, radar_chart

LABELS = ["首问负责", "前台接待", "投诉处理", "法规常识", "安全巡查", "设备维护", "沟通表达", "应急处置"]


def _box(radar):
    left, top, width, height = (float(n) for n in radar.view_box.split())
    return left, top, left + width, top + height


@pytest.mark.parametrize("count", [3, 5, 6, 8])
def test_every_label_lies_inside_the_view_box(count):
    radar = radar_chart([(label, 70.0) for label in LABELS[:count]])
    left, top, right, bottom = _box(radar)
    for axis in radar.axes:
        width = label_width(axis.label)
        start = {"start": axis.label_x, "end": axis.label_x - width}.get(axis.anchor, axis.label_x - width / 2)
        assert left <= start and start + width <= right, axis.label
        assert top <= axis.label_y - 11 and axis.label_y <= bottom, axis.label


def test_the_view_box_still_holds_the_whole_circle():
    radar = radar_chart([(label, 100.0) for label in LABELS[:6]])
    left, top, right, bottom = _box(radar)
    assert (left, top) <= (0, 0) and (right, bottom) >= (radar.size, radar.size)


def test_a_label_of_four_chinese_characters_is_four_ems_wide():
    assert label_width("首问负责") == 44 and label_width("LEARN") == pytest.approx(33)


def test_the_chart_is_drawn_in_that_view_box():
    from django.template.loader import render_to_string

    radar = radar_chart([(label, 80.0) for label in LABELS[:5]])
    svg = render_to_string("skills/includes/radar.html", {"radar": radar})
    assert f'viewBox="{radar.view_box}"' in svg and radar.view_box.startswith("-")
