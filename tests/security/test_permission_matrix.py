"""The permission matrix: every role × every page and API endpoint that shows or changes an object
× each verb, with the expected answer. One row per endpoint and verb; the roles are
tests.security.conftest.ROLES (anonymous, a trainee, another trainee of the same site, a trainer,
the manager of their site, the manager of another site, an HR admin).

To add an app's endpoint, append a Row: a name, the verb, a function from the `world` fixture to
the URL, optional form/JSON data, and the expected answer for each role (use `expect(...)` with a
default and the exceptions). The roles run in ROLES order within one world, HR last, so a row
whose allowed request changes state (an erasure) runs it after every refusal was checked."""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from urllib.parse import unquote, urlsplit

import pytest
from django.urls import URLResolver, get_resolver, resolve, reverse

from tests.drills import helpers as drill_helpers
from tests.fieldwork import helpers as field_helpers
from tests.hours.matrix import hours_export_of_manager_here
from tests.security.conftest import ROLES

pytestmark = pytest.mark.django_db

# Expected answers
OK = "200"
DONE = "302 elsewhere"  # a write that redirects to its result
LOGIN = "302 to login"  # anonymous on a page
ADMIN_LOGIN = "302 to admin login"  # no admin access
ADMIN_DENIED = "302 to admin home"  # in the admin, but not this screen
ADMIN_HOME = ADMIN_DENIED  # the same answer where the admin's home is where a role is sent
UNAUTH = "401"  # anonymous on the API
FORBIDDEN = "403"
NOT_FOUND = "404"  # outside your scope: not even its existence is told
NOT_ALLOWED = "405"


def expect(default: str, **exceptions: str) -> dict[str, str]:
    unknown = set(exceptions) - set(ROLES)
    assert not unknown, unknown
    return {role: exceptions.get(role, default) for role in ROLES}


@dataclass
class Row:
    name: str
    method: str
    url: Callable
    expected: dict[str, str]
    data: dict | Callable = field(default_factory=dict)  # or a function from the world to the data
    json: bool = False


def outcome(response) -> str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login")):
            return LOGIN
        if location.startswith(reverse("wagtailadmin_login")):
            return ADMIN_LOGIN
        if location.rstrip("/") == reverse("wagtailadmin_home").rstrip("/"):
            return ADMIN_DENIED
        return DONE
    return str(response.status_code)


ROWS = [
    # --- the project shell: sign-in, home, health check, translations ---
    Row("sign-in page", "get", lambda w: reverse("login"), expect(DONE, anonymous=OK)),
    Row("sign out", "post", lambda w: reverse("logout"), expect(LOGIN)),
    Row("sign out", "get", lambda w: reverse("logout"), expect(NOT_ALLOWED)),
    # Each role is sent to where its work starts; a trainer's is the admin.
    Row("home", "get", lambda w: reverse("home"), expect(DONE, anonymous=LOGIN, trainer=ADMIN_HOME)),
    Row("health check (public)", "get", lambda w: reverse("healthz"), expect(OK)),
    Row("translations catalogue (public)", "get", lambda w: reverse("javascript-catalog"), expect(OK)),
    Row("service worker (public: keeps nothing for nobody)", "get", lambda w: reverse("service_worker"), expect(OK)),
    Row("web-app manifest (public)", "get", lambda w: reverse("web_manifest"), expect(OK)),
    # --- pages: learning (courses) ---
    Row("my learning", "get", lambda w: reverse("courses:my_learning"), expect(OK, anonymous=LOGIN)),
    Row("my learning", "post", lambda w: reverse("courses:my_learning"), expect(OK, anonymous=LOGIN)),
    Row("course page", "get", lambda w: w.course.url, expect(OK, anonymous=LOGIN)),
    Row("lesson page", "get", lambda w: w.lesson.url, expect(OK, anonymous=LOGIN)),
    Row(
        "mark lesson done",
        "post",
        lambda w: reverse("courses:lesson_mark_done", args=[w.lesson.pk]),
        expect(DONE, anonymous=LOGIN),
    ),
    Row(
        "mark lesson done",
        "get",
        lambda w: reverse("courses:lesson_mark_done", args=[w.lesson.pk]),
        expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    # A lesson's reading-time report counts for the signed-in person only (204, nothing to show).
    Row(
        "report lesson reading time",
        "post",
        lambda w: reverse("courses:lesson_time", args=[w.lesson.pk]),
        expect("204", anonymous=LOGIN),
        data={"seconds": "30"},
    ),
    Row(
        "report lesson reading time",
        "get",
        lambda w: reverse("courses:lesson_time", args=[w.lesson.pk]),
        expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    Row(
        "assign a programme",
        "get",
        lambda w: reverse("courses:programme_assign"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    # Naming someone outside the scope refuses the whole assignment.
    Row(
        "assign a programme",
        "post",
        lambda w: reverse("courses:programme_assign"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=DONE, hr=DONE),
        data=lambda w: {"programme": w.programme().pk, "staff": [w.trainee.pk], "due_date": "2030-01-31"},
    ),
    # --- pages: people (org) ---
    Row(
        "staff list",
        "get",
        lambda w: reverse("people:staff_list"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    Row(
        "staff profile",
        "get",
        lambda w: reverse("people:staff_detail", args=[w.trainee.pk]),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=NOT_FOUND, hr=OK),
    ),
    Row(
        "staff export",
        "get",
        lambda w: reverse("people:staff_export"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    # The roster import is HR's alone; the paths are the people pages' (/people/import/...).
    Row("roster upload", "get", lambda w: "/people/import/", expect(FORBIDDEN, anonymous=LOGIN, hr=OK)),
    Row(
        "roster template",
        "get",
        lambda w: "/people/import/template.xlsx",
        expect(FORBIDDEN, anonymous=LOGIN, hr=OK),
    ),
    Row(
        "roster preview",
        "get",
        lambda w: f"/people/import/{w.roster_import().pk}/",
        expect(FORBIDDEN, anonymous=LOGIN, hr=OK),
    ),
    Row(
        "roster confirm",
        "post",
        lambda w: f"/people/import/{w.roster_import().pk}/confirm/",
        expect(FORBIDDEN, anonymous=LOGIN, hr=DONE),
    ),
    # --- first sign-in and recovery (accounts): public pages, the same answer for everyone; slips
    # and resets are HR's alone ---
    Row("activation code page (public)", "get", lambda w: reverse("accounts:activate"), expect(OK)),
    Row("activation code (public)", "post", lambda w: reverse("accounts:activate"), expect(OK), {"code": "ABCD-EFGH"}),
    Row("activation password without a code", "get", lambda w: reverse("accounts:activate_password"), expect(DONE)),
    Row("password recovery page (public)", "get", lambda w: reverse("accounts:recover"), expect(OK)),
    Row("password recovery (public)", "post", lambda w: reverse("accounts:recover"), expect(DONE), {"identifier": "x"}),
    Row("recovery code without asking", "post", lambda w: reverse("accounts:recover_code"), expect(DONE)),
    Row("recovery password without a code", "get", lambda w: reverse("accounts:recover_password"), expect(DONE)),
    Row(
        "activation slips of an import",
        "post",
        lambda w: reverse("accounts:roster_slips", args=[w.confirmed_roster_import().pk]),
        expect(FORBIDDEN, anonymous=LOGIN, hr=OK),
    ),
    Row(
        "activation slips of an import",
        "get",
        lambda w: reverse("accounts:roster_slips", args=[w.confirmed_roster_import().pk]),
        expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    # Everyone in the world has a password: HR is sent back to the staff list.
    Row(
        "activation slips of everyone waiting",
        "post",
        lambda w: reverse("accounts:pending_slips"),
        expect(FORBIDDEN, anonymous=LOGIN, hr=DONE),
    ),
    Row(
        "one person's activation slip",
        "post",
        lambda w: reverse("accounts:person_slip", args=[w.trainee.pk]),
        expect(FORBIDDEN, anonymous=LOGIN, hr=DONE),
    ),
    Row(
        "password reset (asks once more)",
        "get",
        lambda w: reverse("accounts:person_reset", args=[w.trainee.pk]),
        expect(FORBIDDEN, anonymous=LOGIN, hr=OK),
    ),
    Row(
        "password reset",
        "post",
        lambda w: reverse("accounts:person_reset", args=[w.trainee.pk]),
        expect(FORBIDDEN, anonymous=LOGIN, hr=OK),
    ),
    # --- company sign-on (accounts.sso, allauth): no company app is configured in the tests, so
    # each service answers 404; the tests in tests/accounts/test_sso.py configure them ---
    Row("company sign-on cancelled (public)", "get", lambda w: reverse("socialaccount_login_cancelled"), expect(OK)),
    Row("company sign-on error (public)", "get", lambda w: reverse("socialaccount_login_error"), expect(OK)),
    Row("WeCom sign-in", "post", lambda w: reverse("wecom_login"), expect(NOT_FOUND)),
    Row("WeCom sign-in return", "get", lambda w: reverse("wecom_callback"), expect(NOT_FOUND)),
    Row("DingTalk sign-in", "post", lambda w: reverse("dingtalk_login"), expect(NOT_FOUND)),
    Row("DingTalk sign-in return", "get", lambda w: reverse("dingtalk_callback"), expect(NOT_FOUND)),
    Row(
        "OpenID Connect sign-in",
        "post",
        lambda w: reverse("openid_connect_login", kwargs={"provider_id": "company"}),
        expect(NOT_FOUND),
    ),
    Row(
        "OpenID Connect sign-in return",
        "get",
        lambda w: reverse("openid_connect_callback", kwargs={"provider_id": "company"}),
        expect(NOT_FOUND),
    ),
    # --- pages: notifications (a notification is its person's alone; the delivery report is HR's) ---
    Row("notification inbox", "get", lambda w: reverse("notifications:inbox"), expect(OK, anonymous=LOGIN)),
    Row(
        "mark a notification read",
        "post",
        lambda w: reverse("notifications:read", args=[w.notification().pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=DONE),
    ),
    Row(
        "mark a notification read",
        "get",
        lambda w: reverse("notifications:read", args=[w.notification().pk]),
        expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    Row("mark all read", "post", lambda w: reverse("notifications:read_all"), expect(DONE, anonymous=LOGIN)),
    Row("mark all read", "get", lambda w: reverse("notifications:read_all"), expect(NOT_ALLOWED, anonymous=LOGIN)),
    Row("my notification channels", "get", lambda w: reverse("notifications:channels"), expect(OK, anonymous=LOGIN)),
    Row(
        "delivery report",
        "get",
        lambda w: reverse("notifications:delivery"),
        expect(FORBIDDEN, anonymous=LOGIN, hr=OK),
    ),
    Row(
        "company default channels",
        "post",
        lambda w: reverse("notifications:delivery"),
        expect(FORBIDDEN, anonymous=LOGIN, hr=OK),
    ),
    # --- pages: quizzes (an attempt is its trainee's alone; marking is trainers' and HR's) ---
    Row("my quiz results", "get", lambda w: reverse("quizzes:my_results"), expect(OK, anonymous=LOGIN)),
    Row(
        "quiz start",
        "post",
        lambda w: reverse("quizzes:start", args=[w.quiz().page.pk]),
        expect(DONE, anonymous=LOGIN),
    ),
    Row(
        "quiz start confirmation",
        "get",
        lambda w: reverse("quizzes:start_confirm", args=[w.quiz().page.pk]),
        expect(OK, anonymous=LOGIN, trainee=DONE),
    ),
    Row(
        "quiz attempt",
        "get",
        lambda w: reverse("quizzes:attempt", args=[w.quiz().in_progress.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=OK),
    ),
    Row(
        "quiz attempt state",
        "get",
        lambda w: reverse("quizzes:attempt_state", args=[w.quiz().in_progress.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=OK),
    ),
    Row(
        "quiz answer save",
        "post",
        lambda w: reverse("quizzes:answer_save", args=[w.quiz().in_progress.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=OK),
        data=lambda w: {"question": w.quiz().second.pk, "response": w.quiz().second_option.pk, "version": 0},
        json=True,
    ),
    Row(
        "quiz answer check",
        "post",
        lambda w: reverse("quizzes:answer_check", args=[w.quiz().in_progress.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=OK),
        data=lambda w: {"question": w.quiz().first.pk},
        json=True,
    ),
    Row(
        "quiz hand in",
        "post",
        lambda w: reverse("quizzes:submit", args=[w.quiz().in_progress.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=DONE),
    ),
    Row(
        "quiz result",
        "get",
        lambda w: reverse("quizzes:result", args=[w.quiz().handed_in.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=OK),
    ),
    Row(
        "quiz item analysis",
        "get",
        lambda w: reverse("quizzes:item_analysis", args=[w.quiz().page.pk]),
        expect(FORBIDDEN, anonymous=LOGIN, trainer=OK, hr=OK),
    ),
    Row(
        "marking queue",
        "get",
        lambda w: reverse("quizzes:marking"),
        expect(FORBIDDEN, anonymous=LOGIN, trainer=OK, hr=OK),
    ),
    Row(
        "mark an essay answer",
        "post",
        lambda w: reverse("quizzes:mark", args=[w.quiz().essay_answer.pk]),
        expect(FORBIDDEN, anonymous=LOGIN, trainer=DONE, hr=DONE),
        data={"score": "3", "comment": "要点齐全"},
    ),
    # --- pages: scenarios (a run is its player's; reviewers open finished runs in their scope) ---
    Row(
        "scenario list",
        "get",
        lambda w: reverse("scenarios:list"),
        expect(OK, anonymous=LOGIN, trainee=FORBIDDEN, other_trainee=FORBIDDEN),
    ),
    Row(
        "scenario analytics",
        "get",
        lambda w: reverse("scenarios:analytics", args=[w.scenario().page.pk]),
        expect(OK, anonymous=LOGIN, trainee=FORBIDDEN, other_trainee=FORBIDDEN),
    ),
    Row(
        "scenario start",
        "post",
        lambda w: reverse("scenarios:start", args=[w.scenario().page.pk]),
        expect(DONE, anonymous=LOGIN),
    ),
    Row(
        "scenario debrief",
        "get",
        lambda w: reverse("scenarios:debrief", args=[w.scenario().finished.pk]),
        expect(OK, anonymous=LOGIN, other_trainee=NOT_FOUND, manager_elsewhere=NOT_FOUND),
    ),
    Row(
        "scenario choice",
        "post",
        lambda w: reverse("scenarios:choose", args=[w.scenario().playing.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=DONE),
        data=lambda w: {"choice": w.scenario().next_choice},
    ),
    Row(
        "scenario back",
        "post",
        lambda w: reverse("scenarios:back", args=[w.scenario().playing.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=DONE),
    ),
    Row(
        "scenario timeout",
        "post",
        lambda w: reverse("scenarios:timeout", args=[w.scenario().playing.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=DONE),
    ),
    # --- pages: skills (my skills, the managers' dashboard and its Excel exports, evaluations) ---
    Row("my skills", "get", lambda w: reverse("skills:mine"), expect(OK, anonymous=LOGIN)),
    Row(
        "set a goal",
        "post",
        lambda w: reverse("skills:goal_create"),
        expect(DONE, anonymous=LOGIN),
        data={"horizon": "1-3", "text": "三个月内通过客服二级考核"},
    ),
    Row(
        "goal achieved",
        "post",
        lambda w: reverse("skills:goal_achieve", args=[w.goal().pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=DONE),
    ),
    # Only someone who completed the course rates it.
    Row(
        "course reaction",
        "get",
        lambda w: reverse("skills:reaction", args=[w.course_completed().course_id]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=OK),
    ),
    Row(
        "skills dashboard",
        "get",
        lambda w: reverse("skills:dashboard"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    # --- pages: 学时 (hours): managers their scope, HR everyone, each person their own ---
    Row(
        "hours report",
        "get",
        lambda w: reverse("hours:report") + "?by=person",
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    Row("my hours", "get", lambda w: reverse("hours:mine"), expect(OK, anonymous=LOGIN)),
    Row(
        "hours export request",
        "post",
        lambda w: reverse("hours:export"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=DONE, manager_elsewhere=DONE, hr=DONE),
    ),
    Row("hours export request", "get", lambda w: reverse("hours:export"), expect(NOT_ALLOWED, anonymous=LOGIN)),
    Row(
        "hours exports list",
        "get",
        lambda w: reverse("hours:exports"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    Row(
        "hours export download",
        "get",
        lambda w: reverse("hours:export_download", args=[hours_export_of_manager_here(w).pk]),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=NOT_FOUND, hr=NOT_FOUND),
    ),
    Row(
        "skills export request",
        "post",
        lambda w: reverse("skills:export_request", args=["matrix"]),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=DONE, manager_elsewhere=DONE, hr=DONE),
    ),
    Row(
        "skills export request",
        "get",
        lambda w: reverse("skills:export_request", args=["matrix"]),
        expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    Row(
        "skills exports list",
        "get",
        lambda w: reverse("skills:exports"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    Row(
        "skills export download",
        "get",
        lambda w: reverse("skills:export_download", args=[w.dashboard_export().pk]),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=NOT_FOUND, hr=NOT_FOUND),
    ),
    Row(
        "promotions waiting",
        "get",
        lambda w: reverse("skills:promotions"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    Row(
        "promotion decision",
        "post",
        lambda w: reverse("skills:promotion_decide", args=[w.promotion().pk]),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=DONE, manager_elsewhere=NOT_FOUND, hr=DONE),
        data={"decision": "reject", "note": "再观察一个月"},
    ),
    # Trainers assess anyone they can see; managers only their team.
    Row(
        "skills of a person",
        "get",
        lambda w: reverse("skills:person", args=[w.trainee.user_id]),
        expect(FORBIDDEN, anonymous=LOGIN, trainer=OK, manager_here=OK, manager_elsewhere=NOT_FOUND, hr=OK),
    ),
    Row(
        "record an assessment",
        "get",
        lambda w: reverse("skills:assessment_create", args=[w.trainee.user_id, w.rubric().pk]),
        expect(FORBIDDEN, anonymous=LOGIN, trainer=OK, manager_here=OK, manager_elsewhere=NOT_FOUND, hr=OK),
    ),
    # The photo is personal data: its trainee and whoever may assess them.
    Row(
        "assessment photo",
        "get",
        lambda w: reverse("skills:assessment_photo", args=[w.assessment_with_photo().pk]),
        expect(OK, anonymous=LOGIN, other_trainee=FORBIDDEN, manager_elsewhere=NOT_FOUND),
    ),
    Row(
        "follow-up evaluation",
        "get",
        lambda w: reverse("skills:follow_up", args=[w.follow_up().pk]),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=NOT_FOUND, hr=OK),
    ),
    Row(
        "evidence correction",
        "post",
        lambda w: reverse("skills:evidence_correct", args=[w.evidence().pk]),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=DONE, manager_elsewhere=NOT_FOUND, hr=DONE),
        data={"action": "withdraw", "note": "记录有误"},
    ),
    Row(
        "course reports",
        "get",
        lambda w: reverse("skills:reports"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    Row(
        "course report",
        "get",
        lambda w: reverse("skills:course_report", args=[w.course.pk]),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    # --- pages: trainer analytics (courses the trainer may edit in Wagtail; HR every one) ---
    Row(
        "course analytics index",
        "get",
        lambda w: reverse("analytics:index"),
        expect(FORBIDDEN, anonymous=LOGIN, trainer=OK, hr=OK),
    ),
    Row(
        "course analytics",
        "get",
        lambda w: reverse("analytics:course", args=[w.course.pk]),
        expect(FORBIDDEN, anonymous=LOGIN, trainer=OK, hr=OK),
    ),
    Row(
        "programme analytics",
        "get",
        lambda w: reverse("analytics:programme", args=[w.programme().pk]),
        expect(FORBIDDEN, anonymous=LOGIN, trainer=OK, hr=OK),
    ),
    # --- pages: certificates ---
    Row("my certificates", "get", lambda w: reverse("certificates:mine"), expect(OK, anonymous=LOGIN)),
    Row(
        "certificate detail",
        "get",
        lambda w: reverse("certificates:detail", args=[w.certificate().pk]),
        expect(FORBIDDEN, anonymous=LOGIN, trainer=OK, manager_here=OK, manager_elsewhere=NOT_FOUND, hr=OK),
    ),
    Row(
        "certificate revoke",
        "post",
        lambda w: reverse("certificates:revoke", args=[w.certificate().pk]),
        expect(FORBIDDEN, anonymous=LOGIN, trainer=DONE, manager_elsewhere=NOT_FOUND, hr=DONE),
        data={"reason": "证书信息有误", "confirmed": "1"},
    ),
    Row(
        "certificate download",
        "get",
        lambda w: reverse("certificates:download", args=[w.certificate_ready().pk]),
        expect(OK, anonymous=LOGIN, other_trainee=NOT_FOUND, manager_elsewhere=NOT_FOUND),
    ),
    Row(
        "certificate render retry",
        "post",
        lambda w: reverse("certificates:retry", args=[w.certificate().pk]),
        expect(FORBIDDEN, anonymous=LOGIN, trainer=DONE, manager_elsewhere=NOT_FOUND, hr=DONE),
    ),
    Row(
        "certificate renew",
        "post",
        lambda w: reverse("certificates:renew", args=[w.certificate().pk]),
        expect(FORBIDDEN, anonymous=LOGIN, trainer=DONE, manager_elsewhere=NOT_FOUND, hr=DONE),
    ),
    Row(
        "team certificates",
        "get",
        lambda w: reverse("certificates:team"),
        expect(OK, anonymous=LOGIN, trainee=FORBIDDEN, other_trainee=FORBIDDEN),
    ),
    Row(
        "team certificates zip",
        "get",
        lambda w: reverse("certificates:team_zip"),
        expect(OK, anonymous=LOGIN, trainee=FORBIDDEN, other_trainee=FORBIDDEN),
    ),
    Row(
        "team certificates xlsx",
        "get",
        lambda w: reverse("certificates:team_xlsx"),
        expect(OK, anonymous=LOGIN, trainee=FORBIDDEN, other_trainee=FORBIDDEN),
    ),
    Row(
        "certificate verify (public)",
        "get",
        lambda w: reverse("certificates:verify", args=[w.certificate().code]),
        expect(OK),
    ),
    Row(
        "certificate verify json (public)",
        "get",
        lambda w: reverse("certificates:verify_json", args=[w.certificate().code]),
        expect(OK),
    ),
    Row(
        "api certificate verify (public)",
        "get",
        lambda w: f"/api/v1/certificates/verify/{w.certificate().code}",
        expect(OK),
    ),
    # --- pages: drills (a drill is seen by HR, trainers, its site's managers, its lead and its
    # participants; recorded by its lead, its site's managers and HR; signed in to by its site's staff) ---
    Row("drills list", "get", lambda w: reverse("drills:list"), expect(OK, anonymous=LOGIN)),
    Row(
        "plan a drill",
        "get",
        lambda w: reverse("drills:plan"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    # The other site is not offered to its manager: the form comes back with the error.
    Row(
        "plan a drill",
        "post",
        lambda w: reverse("drills:plan"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=DONE, manager_elsewhere=OK, hr=DONE),
        data=lambda w: {
            "site": w.site_a.pk,
            "drill_type": drill_helpers.fire_type().pk,
            "planned_on": "2030-01-31",
            "lead": w.manager_here.pk,
        },
    ),
    Row(
        "drills due by site",
        "get",
        lambda w: reverse("drills:overview"),
        expect(FORBIDDEN, anonymous=LOGIN, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    Row(
        "drill page",
        "get",
        lambda w: reverse("drills:detail", args=[drill_helpers.matrix_drill(w).drill.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=OK, trainer=OK, manager_here=OK, hr=OK),
    ),
    Row(
        "drill report pdf",
        "get",
        lambda w: reverse("drills:report", args=[drill_helpers.matrix_drill(w).drill.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=OK, trainer=OK, manager_here=OK, hr=OK),
    ),
    Row(
        "drill photo",
        "get",
        lambda w: reverse("drills:photo", args=[drill_helpers.matrix_drill(w).photo.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=OK, trainer=OK, manager_here=OK, hr=OK),
    ),
    Row(
        "drill sign-in code (the lead's phone)",
        "get",
        lambda w: reverse("drills:qr", args=[drill_helpers.matrix_drill(w).drill.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=FORBIDDEN, trainer=FORBIDDEN, manager_here=OK, hr=OK),
    ),
    # Everyone at site A may sign in (the trainer and HR admin of the world work there).
    Row(
        "drill sign-in page",
        "get",
        drill_helpers.matrix_sign_in_url,
        expect(OK, anonymous=LOGIN, manager_elsewhere=FORBIDDEN),
    ),
    Row(
        "drill sign-in",
        "post",
        drill_helpers.matrix_sign_in_url,
        expect(DONE, anonymous=LOGIN, manager_elsewhere=FORBIDDEN),
        data=lambda w: {"code": drill_helpers.matrix_sign_in_url(w).split("code=")[1]},
    ),
    *[
        Row(
            f"drill {name}",
            "post",
            drill_helpers.matrix_drill_url(url_name),
            expect(NOT_FOUND, anonymous=LOGIN, trainee=FORBIDDEN, trainer=FORBIDDEN, manager_here=DONE, hr=DONE),
            data=data,
        )
        for name, url_name, data in (
            ("timeline entry", "drills:timeline_add", {"kind": "other", "note": "巡查"}),
            ("photo", "drills:photo_add", {}),
            ("finding", "drills:finding_add", {"text": "通道堵塞"}),
            ("corrective action", "drills:action_add", {"description": "x", "due_on": "2030-01-31"}),
        )
    ],
    Row(
        "drill timeline entry",
        "get",
        lambda w: reverse("drills:timeline_add", args=[drill_helpers.matrix_drill(w).drill.pk]),
        expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    Row(
        "drill role assessment",
        "post",
        lambda w: reverse("drills:assess", args=[drill_helpers.matrix_drill(w).attendance.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=FORBIDDEN, trainer=FORBIDDEN, manager_here=DONE, hr=DONE),
        data={"role": "evacuation", "rating": 4},
    ),
    # Closing asks once more: without the confirmation the page answers with the question.
    Row(
        "close a drill",
        "get",
        lambda w: reverse("drills:close", args=[drill_helpers.matrix_drill(w).drill.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=FORBIDDEN, trainer=FORBIDDEN, manager_here=OK, hr=OK),
    ),
    Row(
        "close a drill",
        "post",
        lambda w: reverse("drills:close", args=[drill_helpers.matrix_drill(w).drill.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=FORBIDDEN, trainer=FORBIDDEN, manager_here=OK, hr=OK),
        data={"summary": "顺利"},
    ),
    # The trainee owns the action; the trainer sees the drill but does not close its actions.
    Row(
        "close a corrective action",
        "get",
        lambda w: reverse("drills:action_close", args=[drill_helpers.matrix_drill(w).action.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=OK, trainer=FORBIDDEN, manager_here=OK, hr=OK),
    ),
    Row(
        "close a corrective action",
        "post",
        lambda w: reverse("drills:action_close", args=[drill_helpers.matrix_drill(w).action.pk]),
        expect(NOT_FOUND, anonymous=LOGIN, trainee=OK, trainer=FORBIDDEN, manager_here=OK, hr=OK),
        data={"note": "已清空"},
    ),
    # --- pages: privacy ---
    Row("privacy search", "get", lambda w: reverse("privacy:home"), expect(FORBIDDEN, anonymous=LOGIN, hr=OK)),
    Row(
        "privacy person",
        "get",
        lambda w: reverse("privacy:staff", args=[w.trainee.pk]),
        expect(FORBIDDEN, anonymous=LOGIN, hr=OK),
    ),
    Row(
        "privacy export",
        "post",
        lambda w: reverse("privacy:export", args=[w.trainee.pk]),
        expect(FORBIDDEN, anonymous=LOGIN, hr=OK),
    ),
    Row(
        "privacy export",
        "get",
        lambda w: reverse("privacy:export", args=[w.trainee.pk]),
        expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    Row(
        "privacy erase",
        "post",
        lambda w: reverse("privacy:staff", args=[w.other_trainee.pk]),
        expect(FORBIDDEN, anonymous=LOGIN, hr=DONE),
        data=lambda w: {"confirm_employee_number": w.other_trainee.employee_number},
    ),
    Row("audit log", "get", lambda w: reverse("privacy:audit_log"), expect(FORBIDDEN, anonymous=LOGIN, hr=OK)),
    # --- Wagtail admin ---
    Row("admin home", "get", lambda w: reverse("wagtailadmin_home"), expect(ADMIN_LOGIN, trainer=OK, hr=OK)),
    Row(
        "API tokens admin",
        "get",
        lambda w: reverse("wagtailusers_api_tokens:index"),
        expect(ADMIN_LOGIN, trainer=ADMIN_DENIED, hr=OK),
    ),
    Row(
        "edit a course page",
        "get",
        lambda w: reverse("wagtailadmin_pages:edit", args=[w.course.pk]),
        expect(ADMIN_LOGIN, trainer=OK, hr=ADMIN_DENIED),
    ),
    # --- Wagtail admin: the regulation register (trainers and HR) ---
    Row(
        "regulation register", "get", lambda w: reverse("regulations_register"), expect(ADMIN_LOGIN, trainer=OK, hr=OK)
    ),
    Row("add a regulation", "get", lambda w: reverse("regulations_add"), expect(ADMIN_LOGIN, trainer=OK, hr=OK)),
    Row(
        "regulation detail",
        "get",
        lambda w: reverse("regulations_detail", args=[w.regulation_review().regulation.pk]),
        expect(ADMIN_LOGIN, trainer=OK, hr=OK),
    ),
    Row(
        "record a regulation version",
        "get",
        lambda w: reverse("regulations_version_add", args=[w.regulation_review().regulation.pk]),
        expect(ADMIN_LOGIN, trainer=OK, hr=OK),
    ),
    Row("cite a clause", "get", lambda w: reverse("regulations_citation_add"), expect(ADMIN_LOGIN, trainer=OK, hr=OK)),
    Row(
        "remove a citation",
        "get",
        lambda w: reverse("regulations_citation_delete", args=[w.regulation_review().citation.pk]),
        expect(ADMIN_LOGIN, trainer=NOT_ALLOWED, hr=NOT_ALLOWED),
    ),
    # Its review is open: the removal is refused with a message, back on the regulation's page.
    Row(
        "remove a citation",
        "post",
        lambda w: reverse("regulations_citation_delete", args=[w.regulation_review().citation.pk]),
        expect(ADMIN_LOGIN, trainer=DONE, hr=DONE),
    ),
    Row(
        "regulation review queue",
        "get",
        lambda w: reverse("regulations_review_queue"),
        expect(ADMIN_LOGIN, trainer=OK, hr=OK),
    ),
    Row(
        "decide a regulation review",
        "get",
        lambda w: reverse("regulations_review_decide", args=[w.regulation_review().item.pk]),
        expect(ADMIN_LOGIN, trainer=OK, hr=OK),
    ),
    # The trainer decides; for HR, after them, the item is no longer open.
    Row(
        "decide a regulation review",
        "post",
        lambda w: reverse("regulations_review_decide", args=[w.regulation_review().item.pk]),
        expect(ADMIN_LOGIN, trainer=DONE, hr=NOT_FOUND),
        data={"status": "still_correct", "note": "仍然适用"},
    ),
    # --- API: learning ---
    Row("api my learning", "get", lambda w: "/api/v1/learning/me", expect(OK, anonymous=UNAUTH)),
    Row("api my learning", "post", lambda w: "/api/v1/learning/me", expect(NOT_ALLOWED)),
    Row(
        "api someone's progress",
        "get",
        lambda w: f"/api/v1/learning/users/{w.trainee.user.pk}/enrolments",
        expect(OK, anonymous=UNAUTH, other_trainee=NOT_FOUND, manager_elsewhere=NOT_FOUND),
    ),
    # --- API: 学时 (hours) ---
    Row(
        "api hours report",
        "get",
        lambda w: "/api/v1/hours/report?by=person",
        expect(FORBIDDEN, anonymous=UNAUTH, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    Row("api my hours", "get", lambda w: "/api/v1/hours/me", expect(OK, anonymous=UNAUTH)),
    # --- API: people ---
    Row(
        "api team",
        "get",
        lambda w: "/api/v1/people/team",
        expect(FORBIDDEN, anonymous=UNAUTH, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    Row(
        "api staff member",
        "get",
        lambda w: f"/api/v1/people/staff/{w.trainee.employee_number}",
        expect(OK, anonymous=UNAUTH, other_trainee=NOT_FOUND, manager_elsewhere=NOT_FOUND),
    ),
    Row(
        "api roster sync",
        "post",
        lambda w: "/api/v1/people/roster",
        expect(FORBIDDEN, anonymous=UNAUTH, hr=OK),
        data={"rows": [{"employee_number": "E99999", "name": "新同事"}]},
        json=True,
    ),
    Row("api roster sync", "get", lambda w: "/api/v1/people/roster", expect(NOT_ALLOWED)),
    Row(
        "api roster sync status (HR's alone)",
        "get",
        lambda w: f"/api/v1/people/roster/syncs/{w.roster_sync_job().pk}",
        expect(FORBIDDEN, anonymous=UNAUTH, hr=OK),
    ),
    Row(
        "api roster sync status",
        "post",
        lambda w: f"/api/v1/people/roster/syncs/{w.roster_sync_job().pk}",
        expect(NOT_ALLOWED),
    ),
    # --- API: scenarios (a run is its player's alone) ---
    Row(
        "api scenario start",
        "post",
        lambda w: f"/api/v1/scenarios/{w.scenario().page.pk}/runs",
        expect(OK, anonymous=UNAUTH),
        data={"restart": False},
        json=True,
    ),
    Row(
        "api scenario run",
        "get",
        lambda w: f"/api/v1/scenarios/runs/{w.scenario().playing.pk}",
        expect(NOT_FOUND, anonymous=UNAUTH, trainee=OK),
    ),
    Row(
        "api scenario choice",
        "post",
        lambda w: f"/api/v1/scenarios/runs/{w.scenario().playing.pk}/choose",
        expect(NOT_FOUND, anonymous=UNAUTH, trainee=OK),
        data=lambda w: {"choice": w.scenario().next_choice},
        json=True,
    ),
    Row(
        "api scenario back",
        "post",
        lambda w: f"/api/v1/scenarios/runs/{w.scenario().playing.pk}/back",
        expect(NOT_FOUND, anonymous=UNAUTH, trainee=OK),
        json=True,
    ),
    # --- API: skills ---
    Row("api my skill level", "get", lambda w: "/api/v1/skills/me", expect(OK, anonymous=UNAUTH)),
    Row(
        "api team skill levels",
        "get",
        lambda w: "/api/v1/skills/team",
        expect(FORBIDDEN, anonymous=UNAUTH, manager_here=OK, manager_elsewhere=OK, hr=OK),
    ),
    Row(
        "api team member skill level",
        "get",
        lambda w: f"/api/v1/skills/team/{w.trainee.user_id}",
        expect(NOT_FOUND, anonymous=UNAUTH, manager_here=OK, hr=OK),
    ),
    # --- pages: field evidence (fieldwork) ---
    Row("my field records", "get", lambda w: reverse("fieldwork:mine"), expect(OK, anonymous=LOGIN)),
    Row("record a field task", "get", lambda w: reverse("fieldwork:submit"), expect(OK, anonymous=LOGIN)),
    # No photo: the form answers with its errors, nothing recorded.
    Row("record a field task", "post", lambda w: reverse("fieldwork:submit"), expect(OK, anonymous=LOGIN)),
    Row(
        "field records to review",
        "get",
        lambda w: reverse("fieldwork:review_list"),
        expect(OK, anonymous=LOGIN, trainee=FORBIDDEN, other_trainee=FORBIDDEN),
    ),
    Row(
        "field record",
        "get",
        lambda w: reverse("fieldwork:detail", args=[field_helpers.matrix_record(w).pk]),
        expect(OK, anonymous=LOGIN, other_trainee=NOT_FOUND, manager_elsewhere=NOT_FOUND),
    ),
    Row(
        "field record photo",
        "get",
        lambda w: reverse("fieldwork:photo", args=[field_helpers.matrix_record(w).photos.get().pk]),
        expect(OK, anonymous=LOGIN, other_trainee=NOT_FOUND, manager_elsewhere=NOT_FOUND),
    ),
    Row(
        "field record video",
        "get",
        lambda w: reverse("fieldwork:video", args=[field_helpers.matrix_record(w).pk]),
        expect(OK, anonymous=LOGIN, other_trainee=NOT_FOUND, manager_elsewhere=NOT_FOUND),
    ),
    # The trainer reviews first; later reviewers in scope are sent back to the reviewed record.
    Row(
        "review a field record",
        "post",
        lambda w: reverse("fieldwork:review", args=[field_helpers.matrix_record(w).pk]),
        expect(DONE, anonymous=LOGIN, trainee=FORBIDDEN, other_trainee=FORBIDDEN, manager_elsewhere=NOT_FOUND),
        data={"score_0": "4", "score_1": "4", "confirm": "on"},
    ),
    Row(
        "review a field record",
        "get",
        lambda w: reverse("fieldwork:review", args=[field_helpers.matrix_record(w).pk]),
        expect(NOT_ALLOWED, anonymous=LOGIN),
    ),
    # --- API: retraining from operations (the property-management system's login is an HR admin) ---
    Row(
        "report an operations outcome",
        "post",
        lambda w: reverse("api-v1:operations_outcome"),
        expect(FORBIDDEN, anonymous=UNAUTH, hr="201"),
        data=lambda w: {
            "external_id": "SAFE-1",
            "kind": "safety_incident",
            "employee_number": w.trainee.employee_number,
        },
        json=True,
    ),
    Row(
        "report an operations outcome",
        "get",
        lambda w: reverse("api-v1:operations_outcome"),
        expect(NOT_ALLOWED),
    ),
    # --- API: its documentation (public, as the schema is) ---
    # django-ninja's root exists only to place the docs; it answers 404 to everyone.
    Row("api root", "get", lambda w: "/api/v1/", expect(NOT_FOUND)),
    Row("api schema", "get", lambda w: "/api/v1/openapi.json", expect(OK)),
    Row("api docs", "get", lambda w: "/api/v1/docs", expect(OK)),
]


def request(client, row: Row, world):
    url = row.url(world)
    data = row.data(world) if callable(row.data) else dict(row.data)
    if row.json:
        return getattr(client, row.method)(url, data, content_type="application/json")
    return getattr(client, row.method)(url, data) if data else getattr(client, row.method)(url)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.method.upper()} {r.name}" for r in ROWS])
def test_permission_matrix(world, row):
    assert list(row.expected) == ROLES
    actual = {}
    for role in ROLES:
        actual[role] = outcome(request(world.client(role, raise_request_exception=False), row, world))
    mismatches = {
        role: f"expected {row.expected[role]}, got {actual[role]}"
        for role in ROLES
        if actual[role] != row.expected[role]
    }
    assert not mismatches, mismatches


# Every named URL the root URLconf routes needs a row, except these parts of it, which belong to
# the frameworks: they keep their own permissions (or change nothing), and the admin rows above
# sample the Wagtail admin. Static and media files (served under DEBUG only) have no URL name.
EXCLUDED_URLCONFS = {
    "wagtail.admin.urls": "the Wagtail admin (/admin/): Wagtail's own permissions",
    "wagtail.documents.urls": "Wagtail's document serving (/documents/): collection privacy is Wagtail's",
    "wagtail.urls": "Wagtail's page serving: course and lesson pages have rows by their page URL",
    "django.conf.urls.i18n": "Django's language switch (/i18n/setlang/): changes no object",
}
EXCLUDED_NAMESPACES = {"admin": "the Django admin (/django-admin/): superusers only"}


def _urlconf_name(resolver: URLResolver) -> str | None:
    urlconf = resolver.urlconf_name
    return urlconf.__name__ if isinstance(urlconf, ModuleType) else urlconf if isinstance(urlconf, str) else None


def _excluded(resolver: URLResolver) -> bool:
    return _urlconf_name(resolver) in EXCLUDED_URLCONFS or resolver.namespace in EXCLUDED_NAMESPACES


def _named_urls(resolver: URLResolver, namespaces: tuple[str, ...] = ()) -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            names |= _named_urls(pattern, inner)
        elif pattern.name:
            names.add(":".join((*namespaces, pattern.name)))
    return names


def project_url_names() -> set[str]:
    """The named URLs of the project's own apps and shell: the root URLconf minus the exclusions."""
    names = set()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if not _excluded(pattern):
                names |= _named_urls(pattern, (pattern.namespace,) if pattern.namespace else ())
        elif pattern.name:
            names.add(pattern.name)
    return names


def test_the_exclusions_are_still_routed():
    """A framework's URLs that are no longer routed should not stay excused."""
    top = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver)]
    assert set(EXCLUDED_URLCONFS) <= {_urlconf_name(p) for p in top}
    assert set(EXCLUDED_NAMESPACES) <= {p.namespace for p in top}


def test_every_url_name_has_a_row(world):
    """A new page or endpoint fails here until the matrix says who may use it."""
    covered = {resolve(unquote(urlsplit(row.url(world)).path)).view_name for row in ROWS}
    names = project_url_names()
    assert {"login", "courses:my_learning", "skills:dashboard", "api-v1:team_api"} <= names  # the walk works
    missing = sorted(names - covered)
    assert not missing, f"URL names without a row in the permission matrix: {', '.join(missing)}"
