"""Counts of months read as English counts: "+1 month", never "+1 months" (ngettext and
{% blocktranslate count %}), and the Chinese stays one form."""

import pytest
from django.urls import reverse
from django.utils import translation

from skills.models import CriterionKind, LevelCriterion

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("months", "text"), [(1, "At least 1 month in post"), (2, "At least 2 months in post")])
def test_a_months_in_post_criterion_says_month_or_months(months, text):
    criterion = LevelCriterion(kind=CriterionKind.MONTHS_IN_POST, months=months)
    with translation.override("en"):
        assert criterion.describe() == text


@pytest.mark.parametrize(("months", "text"), [(1, "+1 month "), (2, "+2 months ")])
def test_the_follow_up_form_says_month_or_months(client, world, months, text):
    world.follow_up_a.months = months
    world.follow_up_a.save(update_fields=["months"])
    client.force_login(world.manager_a.user)

    html = client.get(reverse("skills:follow_up", args=[world.follow_up_a.pk]), HTTP_ACCEPT_LANGUAGE="en").content
    html = html.decode()

    assert text in html
    assert "+1 months" not in html


def test_the_follow_up_form_counts_months_in_chinese_with_one_form(client, world):
    world.follow_up_a.months = 1
    world.follow_up_a.save(update_fields=["months"])
    client.force_login(world.manager_a.user)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})

    html = client.get(reverse("skills:follow_up", args=[world.follow_up_a.pk])).content.decode()

    assert "第 1 个月" in html
