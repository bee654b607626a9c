"""The dashboard's person cards and matrix rows are written by Python tags (skills_tags): the
same markup the template wrote, every value escaped, the texts translated."""

from types import SimpleNamespace

from django.urls import reverse
from django.utils import translation

from skills.engine import CriterionResult, PersonLevel
from skills.templatetags.skills_tags import matrix_rows, person_cards


def _profile(name="王<b>小明</b>", user_id=7):
    return SimpleNamespace(name=name, user_id=user_id, site="东湖&花园", post=None)


def _level(criteria, next_level=2):
    return PersonLevel(user_id=7, post_id=1, current_level=1, next_level=next_level, criteria=criteria)


def _criterion(i, met=False, awaiting=False, detail=""):
    return CriterionResult(
        criterion_id=i, kind="k", description=f"条件<{i}>", met=met, awaiting_sign_off=awaiting, detail=detail
    )


def test_a_card_escapes_every_value_and_links_the_person():
    level = _level([_criterion(1, detail="最好<60%>")])
    card = SimpleNamespace(profile=_profile(), level=level, overdue=["<script>", "安全知识"], gaps=level.missing)
    with translation.override("zh-hans"):
        html = person_cards([card])
    assert "<b>" not in html and "<script>" not in html
    assert 'data-person="王&lt;b&gt;小明&lt;/b&gt;"' in html
    assert f'href="{reverse("skills:person", args=[7])}"' in html
    assert "东湖&amp;花园 · </span>" in html  # no post: blank, as the template's default:""
    assert '<li class="missing">条件&lt;1&gt; <span class="muted">(最好&lt;60%&gt;)</span></li>' in html
    assert "&lt;script&gt;、安全知识</p>" in html
    assert "…" not in html


def test_a_card_shows_three_gaps_and_three_overdue_titles_then_counts_the_rest():
    criteria = [_criterion(i, awaiting=i == 0) for i in range(5)] + [_criterion(9, met=True)]
    level = _level(criteria)
    card = SimpleNamespace(profile=_profile("李四"), level=level, overdue=list("ABCDE"), gaps=level.missing)
    with translation.override("en"):
        html = person_cards([card])
    assert html.count('<li class="missing">') + html.count('<li class="awaiting">') == 3
    assert '<li class="awaiting">' in html
    assert "and 2 more" in html
    assert "5 overdue" in html and "A、B、C…</p>" in html
    assert "1 of 6 criteria met" in html


def test_a_ready_person_and_an_empty_page():
    level = _level([_criterion(1, met=True)])
    card = SimpleNamespace(profile=_profile("张三"), level=level, overdue=[], gaps=level.missing)
    row = SimpleNamespace(profile=_profile("张三"), level=level, cells=[SimpleNamespace(level=3)])
    with translation.override("en"):
        assert '<span class="badge done">Ready</span>' in person_cards([card])
        assert "Nothing overdue." in person_cards([card])
        assert "1/1 <span" in matrix_rows([row]) and '<td class="cell lvl-3">3</td>' in matrix_rows([row])
        assert person_cards([]) == '<li class="card muted">Nobody matches these filters.</li>'
        assert matrix_rows([]) == '<tr><td colspan="3">Nobody matches these filters.</td></tr>'


def test_the_top_level_shows_no_progress():
    level = _level([], next_level=None)
    row = SimpleNamespace(profile=_profile("专家"), level=level, cells=[])
    card = SimpleNamespace(profile=_profile("专家"), level=level, overdue=[], gaps=[])
    assert "→" not in person_cards([card])
    assert "<td></td>" in matrix_rows([row])
