"""The team radar charts competency groups when there are three or more, else the competencies."""

from skills.models import Competency, CompetencyArea
from skills.selectors.dashboard import TeamArea, TeamCompetency, team_radar


def _group(name: str, *values) -> TeamArea:
    area = CompetencyArea(code=name, name=name)
    return TeamArea(
        area=area,
        competencies=[
            TeamCompetency(Competency(area=area, code=f"{name}{i}", name=f"{name}{i}"), v, 1 if v is not None else 0)
            for i, v in enumerate(values)
        ],
    )


def test_three_groups_chart_each_groups_mean():
    radar = team_radar([_group("服务", 80, 60), _group("安全", 90, None), _group("礼仪", None)])
    assert [(a.label, a.value) for a in radar.axes] == [("服务", 70.0), ("安全", 90.0), ("礼仪", None)]


def test_fewer_groups_chart_the_competencies():
    radar = team_radar([_group("服务", 80, 60, 40)])
    assert [(a.label, a.value) for a in radar.axes] == [("服务0", 80), ("服务1", 60), ("服务2", 40)]
    assert team_radar([_group("服务", 80)]) is None  # a radar needs three axes
