"""Drill pages: who sees and records what, no state change on GET, the list's query count, the
QR page, the sign-in page, closing with a second confirmation, and the report PDF."""

import datetime as dt
import re
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from drills.models import CorrectiveAction, Drill, DrillAttendance, DrillStatus, TimelineKind
from drills.services import corrective_action_add, drill_finding_add, drill_timeline_record
from drills.signin import drill_signin_code
from tests.drills.helpers import jpeg_with_gps, plan_fire_drill, sign_in

pytestmark = pytest.mark.django_db


def client_for(client, profile):
    client.force_login(profile.user)
    return client


def test_the_list_shows_a_manager_their_sites_drills_only(client, dw):
    other = plan_fire_drill(site=dw.elsewhere, lead=dw.manager_elsewhere.user)
    html = client_for(client, dw.manager).get(reverse("drills:list")).content.decode()
    assert f'data-drill="{dw.drill.pk}"' in html and f'data-drill="{other.pk}"' not in html
    client.force_login(dw.hr.user)
    html = client.get(reverse("drills:list")).content.decode()
    assert f'data-drill="{dw.drill.pk}"' in html and f'data-drill="{other.pk}"' in html


def test_the_list_query_count_does_not_grow_with_drills(client, dw):
    client_for(client, dw.hr)
    url = reverse("drills:list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(6):
        drill = plan_fire_drill(site=dw.site, lead=dw.manager.user)
        sign_in(drill, dw.staff[0].user)
        corrective_action_add(
            drill=drill, actor=dw.manager.user, description="x", owner=dw.staff[0].user, due_on=timezone.localdate()
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count('class="drill-row"') == 7
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_planning_a_drill_from_the_form(client, dw):
    from drills.models import DrillType

    client_for(client, dw.manager)
    response = client.post(
        reverse("drills:plan"),
        {
            "site": dw.site.pk,
            "drill_type": DrillType.objects.get(code="fire").pk,
            "planned_on": "2030-03-01",
            "lead": dw.staff[2].pk,
            "plan": "夜间演练",
        },
    )
    drill = Drill.objects.get(planned_on=dt.date(2030, 3, 1))
    assert response.status_code == 302 and response["Location"] == reverse("drills:detail", args=[drill.pk])
    assert drill.lead == dw.staff[2].user and drill.created_by == dw.manager.user


def test_a_manager_cannot_plan_at_another_site_or_with_a_lead_from_elsewhere(client, dw):
    from drills.models import DrillType

    client_for(client, dw.manager)
    fire = DrillType.objects.get(code="fire").pk
    for data in (
        {"site": dw.elsewhere.pk, "drill_type": fire, "planned_on": "2030-03-01", "lead": dw.manager.pk},
        {"site": dw.site.pk, "drill_type": fire, "planned_on": "2030-03-01", "lead": dw.outsider.pk},
    ):
        assert client.post(reverse("drills:plan"), data).status_code == 200
    assert not Drill.objects.filter(planned_on=dt.date(2030, 3, 1)).exists()


def test_the_qr_page_shows_a_code_of_this_minute_and_reloads_itself(client, dw):
    html = client_for(client, dw.manager).get(reverse("drills:qr", args=[dw.drill.pk])).content.decode()
    assert "<svg" in html and 'http-equiv="refresh"' in html
    url = re.search(r'data-signin-url="([^"]+)"', html).group(1)
    code = url.split("code=")[1]
    assert code == drill_signin_code(drill_id=dw.drill.pk, site_id=dw.site.pk)


def test_opening_the_sign_in_page_changes_nothing(client, dw):
    code = drill_signin_code(drill_id=dw.drill.pk, site_id=dw.site.pk)
    client_for(client, dw.staff[0])
    response = client.get(reverse("drills:sign_in", args=[dw.drill.pk]), {"code": code})
    assert response.status_code == 200 and 'id="sign-in-button"' in response.content.decode()
    assert not DrillAttendance.objects.exists()
    response = client.post(reverse("drills:sign_in", args=[dw.drill.pk]), {"code": code})
    assert response.status_code == 302 and DrillAttendance.objects.filter(user=dw.staff[0].user).count() == 1
    # posting the same code again is idempotent
    client.post(reverse("drills:sign_in", args=[dw.drill.pk]), {"code": code})
    assert DrillAttendance.objects.filter(user=dw.staff[0].user).count() == 1


def test_an_expired_code_is_refused_on_the_page(client, dw):
    old = drill_signin_code(drill_id=dw.drill.pk, site_id=dw.site.pk, at=timezone.now() - dt.timedelta(minutes=5))
    client_for(client, dw.staff[0])
    response = client.post(reverse("drills:sign_in", args=[dw.drill.pk]), {"code": old})
    assert response.status_code == 400 and 'id="sign-in-error"' in response.content.decode()
    assert not DrillAttendance.objects.exists()


def test_staff_of_another_site_are_refused_on_the_page(client, dw):
    code = drill_signin_code(drill_id=dw.drill.pk, site_id=dw.site.pk)
    client_for(client, dw.outsider)
    assert client.post(reverse("drills:sign_in", args=[dw.drill.pk]), {"code": code}).status_code == 403
    assert not DrillAttendance.objects.exists()


def test_sign_in_needs_a_login(client, dw):
    response = client.get(reverse("drills:sign_in", args=[dw.drill.pk]), {"code": "1-x"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_timeline_and_recording_refuse_get_and_participants(client, dw):
    url = reverse("drills:timeline_add", args=[dw.drill.pk])
    client_for(client, dw.manager)
    assert client.get(url).status_code == 405
    sign_in(dw.drill, dw.staff[0].user)
    client.force_login(dw.staff[0].user)
    assert client.post(url, {"kind": TimelineKind.ALARM}).status_code == 403
    client.force_login(dw.manager_elsewhere.user)
    assert client.post(url, {"kind": TimelineKind.ALARM}).status_code == 404
    assert not dw.drill.timeline.exists()
    client.force_login(dw.manager.user)
    assert client.post(url, {"kind": TimelineKind.ALARM}).status_code == 302
    assert dw.drill.timeline.get().kind == TimelineKind.ALARM


def test_closing_the_drill_asks_once_more(client, dw):
    sign_in(dw.drill, dw.staff[0].user)
    client_for(client, dw.manager)
    url = reverse("drills:close", args=[dw.drill.pk])
    assert client.get(url).status_code == 200
    first = client.post(url, {"summary": "顺利"})
    assert first.status_code == 200 and 'id="confirm-close"' in first.content.decode()
    dw.drill.refresh_from_db()
    assert dw.drill.status == DrillStatus.IN_PROGRESS
    assert client.post(url, {"summary": "顺利", "confirmed": "1"}).status_code == 302
    dw.drill.refresh_from_db()
    assert dw.drill.status == DrillStatus.CLOSED and dw.drill.summary == "顺利"


def test_the_owner_closes_an_action_after_confirming(client, dw):
    owner = dw.staff[1]
    action = corrective_action_add(
        drill=dw.drill, actor=dw.manager.user, description="清理通道", owner=owner.user, due_on=timezone.localdate()
    )
    url = reverse("drills:action_close", args=[action.pk])
    client.force_login(dw.staff[2].user)
    assert client.get(url).status_code == 404
    client_for(client, owner)
    assert client.get(url).status_code == 200
    assert client.post(url, {"note": "已清空"}).status_code == 200
    assert CorrectiveAction.objects.get(pk=action.pk).closed_at is None
    client.post(url, {"note": "已清空", "confirmed": "1"})
    assert CorrectiveAction.objects.get(pk=action.pk).closing_note == "已清空"


def test_the_photo_is_served_only_to_who_sees_the_drill(client, dw):
    client_for(client, dw.manager)
    client.post(reverse("drills:photo_add", args=[dw.drill.pk]), {"photo": jpeg_with_gps(), "caption": "集合点"})
    photo = dw.drill.photos.get()
    assert client.get(reverse("drills:photo", args=[photo.pk])).status_code == 200
    client.force_login(dw.outsider.user)
    assert client.get(reverse("drills:photo", args=[photo.pk])).status_code == 404


def test_the_report_pdf_holds_the_record(client, dw):
    lead = dw.manager.user
    alarm = timezone.now().replace(microsecond=0)
    sign_in(dw.drill, dw.staff[0].user)
    drill_timeline_record(drill=dw.drill, actor=lead, kind=TimelineKind.ALARM, now=alarm)
    drill_timeline_record(
        drill=dw.drill, actor=lead, kind=TimelineKind.EVACUATION_COMPLETE, now=alarm + dt.timedelta(seconds=375)
    )
    drill_finding_add(drill=dw.drill, actor=lead, text="消防通道堆放自行车")
    corrective_action_add(
        drill=dw.drill, actor=lead, description="清理消防通道", owner=dw.staff[1].user, due_on=timezone.localdate()
    )
    response = client_for(client, dw.manager).get(reverse("drills:report", args=[dw.drill.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    text = text.decode()
    for expected in ("消防疏散", "阳光花园", "王小明", "+6:15", "消防通道堆放自行车", "清理消防通道", "刘勇"):
        assert expected in text, expected


def test_the_overview_is_for_managers_and_hr(client, dw):
    client_for(client, dw.staff[0])
    assert client.get(reverse("drills:overview")).status_code == 403
    client.force_login(dw.manager.user)
    html = client.get(reverse("drills:overview")).content.decode()
    assert 'data-site="YG"' in html and 'data-status="overdue"' in html and 'data-site="CH"' not in html


def test_without_a_real_code_the_sign_in_page_tells_nothing_of_the_drill(client, dw):
    client_for(client, dw.outsider)
    response = client.get(reverse("drills:sign_in", args=[dw.drill.pk]), {"code": "123-forged"})
    html = response.content.decode()
    assert response.status_code == 400 and 'id="sign-in-error"' in html
    assert "陈经理" not in html and "阳光花园" not in html
