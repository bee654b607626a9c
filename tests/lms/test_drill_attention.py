"""The manager's dashboard says how many sites in their scope have a required drill overdue or due
soon, with a link to the drills overview (the shell joins skills' page and drills' selector); HR
counts every site; a manager whose sites are up to date, and trainees, see nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.drills.helpers import drill_world
from tests.drills.test_due import held

pytestmark = pytest.mark.django_db

BANNER = "drill-attention"


@pytest.fixture
def dw(db):
    return drill_world()


def dashboard(user) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    response = client.get(reverse("skills:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_manager_sees_their_overdue_site_and_the_link(dw):
    html = dashboard(dw.manager.user)
    assert BANNER in html
    assert "1 site has a required drill overdue or due soon." in html
    assert f'href="{reverse("drills:overview")}"' in html


def test_hr_counts_every_site(dw):
    assert "2 sites have a required drill overdue or due soon." in dashboard(dw.hr.user)


def test_a_site_that_held_its_drill_is_not_counted(dw):
    held(dw, days_ago=1)
    assert BANNER not in dashboard(dw.manager.user)
    assert "1 site has a required drill" in dashboard(dw.hr.user)


def test_other_pages_and_trainees_do_not_count(dw):
    client = Client()
    client.force_login(dw.staff[0].user)
    assert BANNER not in client.get(reverse("courses:my_learning")).content.decode()
    client.force_login(dw.manager.user)
    assert BANNER not in client.get(reverse("people:staff_list")).content.decode()
