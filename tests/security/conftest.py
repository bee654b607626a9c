"""A small organisation with one login per role, shared by the security tests and the permission
matrix: two sites; a trainee and another trainee at site A; a trainer; a manager of site A ("this
site"); a manager of site B ("another site"); an HR admin."""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.test import Client

from courses.services import course_enrol, lesson_mark_done
from org.models import Role
from org.services import staff_role_sync
from tests.factories.courses import CoursePageFactory, LessonPageFactory
from tests.factories.org import (
    HRAdminFactory,
    ManagerFactory,
    SiteFactory,
    StaffProfileFactory,
    TrainerFactory,
)

PASSWORD = "pw-test-123"
ROLES = ["anonymous", "trainee", "other_trainee", "trainer", "manager_here", "manager_elsewhere", "hr"]


@dataclass
class World:
    site_a: object
    site_b: object
    trainee: object  # StaffProfile
    other_trainee: object
    trainee_elsewhere: object
    trainer: object
    manager_here: object
    manager_elsewhere: object
    hr: object
    course: object
    lesson: object
    second_lesson: object

    def profile(self, role: str):
        return None if role == "anonymous" else getattr(self, role)

    def certificate(self):
        """A certificate of the trainee (built on first use, then reused)."""
        if not hasattr(self, "_certificate"):
            from tests.factories.certificates import CertificateFactory

            self._certificate = CertificateFactory(
                user=self.trainee.user, holder_name=self.trainee.name, employee_number=self.trainee.employee_number
            )
        return self._certificate

    def dashboard_export(self):
        """A ready dashboard export asked for by the manager of this site (built on first use)."""
        if not hasattr(self, "_dashboard_export"):
            from tests.factories.skills import DashboardExportFactory

            self._dashboard_export = DashboardExportFactory(requested_by=self.manager_here.user)
        return self._dashboard_export

    def _once(self, name: str, build):
        """Build a piece of the world on first use and reuse it: a row only pays for what it asks."""
        if not hasattr(self, name):
            setattr(self, name, build())
        return getattr(self, name)

    def certificate_ready(self):
        """A certificate of the trainee whose PDF is ready to download (the file a stand-in)."""

        def build():
            from django.core.files.base import ContentFile

            from certificates.models import RenderStatus

            certificate = self.certificate()
            certificate.file.save("certificate.pdf", ContentFile(b"%PDF-1.4 stand-in"), save=False)
            certificate.status = RenderStatus.READY
            certificate.save(update_fields=["file", "status"])
            return certificate

        return self._once("_certificate_ready", build)

    def quiz(self) -> SimpleNamespace:
        """A live quiz with feedback after each question and the trainee's attempts at it: one
        handed in with its essay answer awaiting marking, one in progress with the first question
        answered (`second` is still unanswered)."""

        def build():
            from quizzes.models import FeedbackMode, QuestionOption, QuestionType
            from quizzes.services import quiz_attempt_answer_save, quiz_attempt_start, quiz_attempt_submit
            from tests.factories.quizzes import QuestionFactory, QuizPageFactory

            first, second = QuestionFactory(), QuestionFactory()
            essay = QuestionFactory(qtype=QuestionType.ESSAY, stem="简述首问负责制。", points=4)
            quiz = QuizPageFactory(
                parent=self.course,
                title="投诉处理测验",
                questions=[first, second, essay],
                feedback_mode=FeedbackMode.EACH,
            )
            user = self.trainee.user
            handed_in = quiz_attempt_start(quiz=quiz, user=user)
            essay_answer = quiz_attempt_answer_save(
                attempt_id=handed_in.pk, user=user, question_id=essay.pk, response="谁先接到，谁跟进到底。", version=0
            )
            quiz_attempt_submit(attempt_id=handed_in.pk, user=user)
            in_progress = quiz_attempt_start(quiz=quiz, user=user)
            right = QuestionOption.objects.get(question=first, is_correct=True)
            quiz_attempt_answer_save(
                attempt_id=in_progress.pk, user=user, question_id=first.pk, response=right.pk, version=0
            )
            return SimpleNamespace(
                page=quiz,
                first=first,
                second=second,
                second_option=QuestionOption.objects.filter(question=second).first(),
                handed_in=handed_in,
                in_progress=in_progress,
                essay_answer=essay_answer,
            )

        return self._once("_quiz", build)

    def scenario(self) -> SimpleNamespace:
        """A live scenario (the small complaint call) and the trainee's runs on it: one finished,
        and one in progress after its first choice, waiting at a timed node that allows going back."""

        def build():
            from scenarios.services import scenario_run_choose, scenario_run_start
            from tests.factories.scenarios import ScenarioPageFactory

            page = ScenarioPageFactory(parent=self.course, title="电梯故障投诉")
            user = self.trainee.user
            finished = scenario_run_start(user=user, page=page)
            finished = scenario_run_choose(run=finished, choice_key="listen").run
            finished = scenario_run_choose(run=finished, choice_key="promise").run
            assert finished.is_finished
            playing = scenario_run_start(user=user, page=page, restart=True)
            playing = scenario_run_choose(run=playing, choice_key="listen").run
            return SimpleNamespace(page=page, finished=finished, playing=playing, next_choice="promise")

        return self._once("_scenario", build)

    def course_completed(self):
        """The trainee's completed enrolment in a course of its own (one lesson, done), with its
        follow-up evaluations scheduled for the manager of their site. A course of its own, as
        the world's course gains a quiz and a scenario when a row asks for them."""

        def build():
            from courses.models import CourseEnrolment
            from courses.services import course_enrol, lesson_mark_done
            from skills.services.follow_ups import follow_ups_schedule
            from tests.factories.courses import CoursePageFactory, LessonPageFactory

            course = CoursePageFactory(parent=self.course.get_parent(), title="消防安全基础", slug="fire-safety")
            lesson = LessonPageFactory(parent=course, title="灭火器使用")
            course_enrol(user=self.trainee.user, course=course)
            lesson_mark_done(user=self.trainee.user, lesson=lesson)
            enrolment = CourseEnrolment.objects.get(user=self.trainee.user, course=course)
            assert enrolment.completed_at is not None
            follow_ups_schedule(enrolment=enrolment)
            return enrolment

        return self._once("_course_completed", build)

    def follow_up(self):
        """The trainee's first follow-up evaluation of the course, still to be done."""
        from skills.models import FollowUp, FollowUpStatus

        enrolment = self.course_completed()
        return FollowUp.objects.filter(enrolment=enrolment, status=FollowUpStatus.SCHEDULED).order_by("months").first()

    def rubric(self):
        from tests.factories.skills import RubricFactory

        return self._once("_rubric", lambda: RubricFactory(name="客服礼仪考核"))

    def assessment_with_photo(self):
        """A practical assessment of the trainee by the manager of their site, with a photo."""

        def build():
            from django.core.files.uploadedfile import SimpleUploadedFile

            from skills.services import assessment_record

            return assessment_record(
                trainee=self.trainee.user,
                assessor=self.manager_here.user,
                rubric=self.rubric(),
                scores=[5, 4],
                photo=SimpleUploadedFile("photo.png", b"png-bytes"),
            )

        return self._once("_assessment", build)

    def evidence(self):
        """A practical-assessment entry in the trainee's evidence log."""

        def build():
            from skills.models import EvidenceKind
            from skills.services import evidence_record

            return evidence_record(
                user=self.trainee.user,
                kind=EvidenceKind.PRACTICAL,
                title="灭火器使用",
                source_type="test",
                passed=True,
                recommend=False,
            )

        return self._once("_evidence", build)

    def promotion(self):
        """A promotion to level 1 recommended for the trainee (their post's ladder asks for no
        time in post), waiting for a decision."""

        def build():
            from skills.models import CriterionKind, PromotionRecommendation, PromotionStatus
            from skills.services import skill_level_recommend
            from tests.factories.skills import LevelCriterionFactory, LevelLadderFactory

            ladder = LevelLadderFactory(post=self.trainee.post)
            LevelCriterionFactory(ladder=ladder, level=1, kind=CriterionKind.MONTHS_IN_POST, months=0)
            # Completing a course also re-evaluates the level: the recommendation may be open already.
            return skill_level_recommend(user=self.trainee.user) or PromotionRecommendation.objects.get(
                user=self.trainee.user, status=PromotionStatus.PENDING
            )

        return self._once("_promotion", build)

    def goal(self):
        """A personal goal of the trainee."""
        from skills.services import goal_set

        return self._once("_goal", lambda: goal_set(user=self.trainee.user, horizon="1-3", text="通过客服二级考核"))

    def roster_import(self):
        """A roster the HR admin uploaded and has not confirmed yet (one new person)."""

        def build():
            from org.services import roster_import_upload
            from tests.org.conftest import csv_bytes

            row = ["YG0999", "新同事", "13800009999", "", "YG", "", "2026-01-05", "", "", ""]
            return roster_import_upload(uploaded_by=self.hr.user, data=csv_bytes([row]), filename="roster.csv")

        return self._once("_roster_import", build)

    def confirmed_roster_import(self):
        """A roster the HR admin imported: one new person (客服 at site A) who has not signed in yet."""

        def build():
            from org.services import roster_import_confirm, roster_import_upload
            from tests.org.conftest import csv_bytes

            row = ["YG0998", "新同事乙", "13800009998", "客服", "YG", "", "2026-01-05", "", "", ""]
            roster = roster_import_upload(uploaded_by=self.hr.user, data=csv_bytes([row]), filename="roster.csv")
            return roster_import_confirm(roster_import=roster, actor=self.hr.user)

        return self._once("_confirmed_roster_import", build)

    def roster_sync_job(self):
        """A long roster sync the HR admin sent, queued and not applied yet."""

        def build():
            from api.roster import roster_sync_queue

            return roster_sync_queue(actor=self.hr.user, rows=[{"employee_number": "E99998", "name": "新同事丙"}])

        return self._once("_roster_sync_job", build)

    def programme(self):
        """A programme of the world's course, to assign."""

        def build():
            from tests.factories.courses import ProgrammeCourseFactory, ProgrammeFactory

            programme = ProgrammeFactory(name="新员工入职培训")
            ProgrammeCourseFactory(programme=programme, course=self.course)
            return programme

        return self._once("_programme", build)

    def regulation_review(self) -> SimpleNamespace:
        """A regulation whose second version changed a clause the world's lesson cites: the
        regulation, the lesson's citation (on the old clause) and its open review item."""

        def build():
            import datetime as dt

            from regulations.services import (
                ClauseInput,
                citation_create,
                regulation_create,
                regulation_version_record,
            )

            regulation = regulation_create(name="物业管理条例", issuing_body="国务院", kind="regulation", actor=None)
            first = regulation_version_record(
                regulation=regulation,
                label="2016",
                effective_on=dt.date(2016, 2, 6),
                summary="",
                clauses=[ClauseInput(number="第四十一条", text="业主应当根据物业服务合同的约定交纳物业服务费用。")],
                actor=None,
            )
            citation = citation_create(clause=first.version.clauses.get(), page=self.lesson, actor=None)
            second = regulation_version_record(
                regulation=regulation,
                label="2018",
                effective_on=dt.date(2018, 3, 19),
                summary="明确逾期催告。",
                clauses=[ClauseInput(number="第四十一条", text="业主应当按约交纳物业费；逾期的，应先书面催告。")],
                actor=None,
            )
            return SimpleNamespace(regulation=regulation, citation=citation, item=second.flagged[0])

        return self._once("_regulation_review", build)

    def notification(self):
        """A notification of the trainee's: a course due soon."""

        def build():
            from courses.notices import COURSE_DUE_SOON
            from notifications.services import notification_send

            sent = notification_send(
                user_id=self.trainee.user_id,
                key="course:matrix:due",
                notice=COURSE_DUE_SOON,
                params={"course": "投诉处理与沟通技巧", "due": "2030-01-31"},
            )
            return sent[0]

        return self._once("_notification", build)

    def client(self, role: str, **kwargs) -> Client:
        client = Client(**kwargs)
        if role != "anonymous":
            client.force_login(getattr(self, role).user)
        return client


@pytest.fixture
def world(catalog) -> World:
    site_a, site_b = SiteFactory(code="YG", name="阳光花园"), SiteFactory(code="CH", name="翠湖苑")
    trainee = StaffProfileFactory(site=site_a, name="王小明", user__username="trainee", phone="13912345678")
    other = StaffProfileFactory(site=site_a, name="李四", user__username="trainee_b", phone="13700001111")
    elsewhere = StaffProfileFactory(site=site_b, name="黄丽", user__username="trainee2", phone="13600002222")
    trainer = TrainerFactory(site=site_a, name="张老师", user__username="trainer")
    manager_here = ManagerFactory(site=site_a, name="陈经理", user__username="manager", managed_sites=[site_a])
    manager_elsewhere = ManagerFactory(site=site_b, name="林经理", user__username="manager2", managed_sites=[site_b])
    hr = HRAdminFactory(site=site_a, name="人事", user__username="hr")
    for profile in (trainee, other, elsewhere, trainer, manager_here, manager_elsewhere, hr):
        staff_role_sync(profile=profile)
    assert hr.role == Role.HR_ADMIN
    course = CoursePageFactory(parent=catalog, title="投诉处理与沟通技巧", slug="complaints")
    lesson = LessonPageFactory(parent=course, title="倾听与共情")
    second = LessonPageFactory(parent=course, title="回访")
    for profile in (trainee, other, elsewhere):
        course_enrol(user=profile.user, course=course)
    lesson_mark_done(user=other.user, lesson=lesson)
    return World(
        site_a, site_b, trainee, other, elsewhere, trainer, manager_here, manager_elsewhere, hr, course, lesson, second
    )


@pytest.fixture
def authoring_world(world):
    """The security world, with the trainer's groups and their question-bank and certificate
    permissions as the migrations give them (another worker's flush may have removed them)."""
    from org.services import staff_role_sync
    from tests.courses.wagtail_base import base_data

    base_data()
    staff_role_sync(profile=world.trainer)
    return world


@pytest.fixture
def phone(phone):
    """The phone page, without the Wagtail editor's editing-session pings: the edit view sends
    one on load and a beacon when it is left, which reaches the live server together with the
    next page's request; on SQLite (one connection shared by the server's threads) the two may
    collide. The XSS checks do not need them."""
    phone.route("**/admin/editing-sessions/**", lambda route: route.abort())
    return phone
