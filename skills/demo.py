"""Demo skill framework and records: competencies, a ladder per post (客服, 工程, 秩序/安保, 保洁,
管理) with criteria, rubrics, and some evidence, assessments and follow-ups for the demo staff so
the manager's dashboard has something to show – including one promotion waiting for `manager`.

Built through the services; idempotent (every record is looked up before it is made). Courses are
found by slug and skipped when absent, because the course content is built in parallel."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from courses.models import CourseEnrolment, CoursePage
from courses.services import course_enrol
from org.models import Post, StaffProfile
from skills.hooks import on_course_completed
from skills.models import (
    Assessment,
    Competency,
    CompetencyArea,
    CourseReaction,
    CriterionKind,
    Evidence,
    EvidenceKind,
    FigureMetric,
    FollowUp,
    FollowUpStatus,
    LevelCriterion,
    LevelLadder,
    LevelRecord,
    PersonalGoal,
    Rubric,
    RubricCriterion,
)
from skills.services import (
    assessment_record,
    course_reaction_submit,
    evidence_record,
    follow_up_evaluate,
    goal_set,
    level_record_create,
)

AREAS = [
    ("service", "服务礼仪", 1),
    ("complaints", "投诉处理", 2),
    ("safety", "安全与应急", 3),
    ("engineering", "工程技术", 4),
    ("cleaning", "保洁与环境", 5),
    ("management", "团队管理", 6),
    ("law", "法律法规", 7),
]

COMPETENCIES = [
    ("service", "polite_language", "礼貌用语", "称呼得体，用语文明，不推诿"),
    ("service", "image", "仪容仪表", "工装整洁，工牌佩戴在左胸"),
    ("service", "phone", "电话接听", "铃响三声内接听并报公司和本人姓名"),
    ("service", "reception", "前台接待", "起身问候，让座奉茶，耐心解答"),
    ("complaints", "listen", "倾听", "不打断，记下时间、地点和诉求"),
    ("complaints", "empathize", "共情", "理解业主的感受并表达出来"),
    ("complaints", "act", "行动", "按轻重缓急安排处理"),
    ("complaints", "respond", "回应", "处理中主动告知进度"),
    ("complaints", "notify", "通知回访", "告知结果并征求意见"),
    ("complaints", "first_ask", "首问负责", "谁接到谁跟进，直到闭环"),
    ("safety", "safety", "安全意识", "先保人身安全，不超出能力范围操作"),
    ("safety", "fire_drill", "消防应急", "报警、疏散、初期灭火"),
    ("safety", "patrol", "巡逻巡查", "按线路按时巡查并记录"),
    ("safety", "emergency_report", "应急报告", "发现异常立即上报并留存记录"),
    ("engineering", "repair", "设备维修", "判断故障并规范维修"),
    ("engineering", "safe_operation", "安全操作", "断电挂牌、持证上岗"),
    ("engineering", "inspection", "设备巡检", "电梯、水泵、配电按周期检查"),
    ("cleaning", "cleaning_technique", "清洁技术", "工具药剂选用正确，作业有序"),
    ("cleaning", "environment", "环境知识", "垃圾分类与绿化养护常识"),
    ("management", "team_lead", "团队带教", "带教新人，安排排班"),
    ("management", "planning", "工作计划", "制定并跟进服务改进计划"),
    ("law", "law_basics", "法规常识", "了解民法典物业服务合同和物业管理条例"),
    ("law", "records", "证据留存", "保留巡查、维修、通知送达记录"),
]

# post → competencies of its ladder, and per level the criteria:
# (kind, course slug | None, competency code | None, threshold | None, months | None)
C, M, P, S, F, Q, SIGN = (
    CriterionKind.COURSE_COMPLETED,
    CriterionKind.MONTHS_IN_POST,
    CriterionKind.PRACTICAL_PASSED,
    CriterionKind.SCENARIO_SCORE,
    CriterionKind.FOLLOW_UP_RATING,
    CriterionKind.QUIZ_SCORE,
    CriterionKind.MANAGER_SIGN_OFF,
)
UPPER_LEVELS = {
    3: [(M, None, None, None, 18), (F, None, None, 4, None), (SIGN, None, None, None, None)],
    4: [(M, None, None, None, 36), (F, None, None, 5, None), (SIGN, None, None, None, None)],
}
LADDERS = {
    "kefu": (
        [
            "polite_language",
            "image",
            "phone",
            "reception",
            "listen",
            "empathize",
            "act",
            "respond",
            "notify",
            "first_ask",
            "law_basics",
        ],
        {
            1: [
                (M, None, None, None, 1),
                (C, "culture", None, None, None),
                (P, None, "listen", None, None),
                (SIGN, None, None, None, None),
            ],
            2: [
                (M, None, None, None, 6),
                (C, "complaints", None, None, None),
                (S, None, "empathize", 70, None),
                (Q, "practice", None, 80, None),
                (F, None, None, 3, None),
                (SIGN, None, None, None, None),
            ],
        },
    ),
    "gongcheng": (
        ["repair", "safe_operation", "inspection", "safety", "first_ask", "records"],
        {
            1: [
                (M, None, None, None, 1),
                (C, "emergency", None, None, None),
                (P, None, "repair", None, None),
                (SIGN, None, None, None, None),
            ],
            2: [
                (M, None, None, None, 6),
                (P, None, "safe_operation", None, None),
                (F, None, None, 3, None),
                (SIGN, None, None, None, None),
            ],
        },
    ),
    "anbao": (
        ["safety", "fire_drill", "patrol", "emergency_report", "polite_language", "records"],
        {
            1: [
                (M, None, None, None, 1),
                (C, "emergency", None, None, None),
                (P, None, "fire_drill", None, None),
                (SIGN, None, None, None, None),
            ],
            2: [
                (M, None, None, None, 6),
                (S, None, "safety", 70, None),
                (F, None, None, 3, None),
                (SIGN, None, None, None, None),
            ],
        },
    ),
    "baojie": (
        ["cleaning_technique", "environment", "safety", "polite_language"],
        {
            1: [
                (M, None, None, None, 1),
                (C, "culture", None, None, None),
                (P, None, "cleaning_technique", None, None),
                (SIGN, None, None, None, None),
            ],
            2: [(M, None, None, None, 6), (F, None, None, 3, None), (SIGN, None, None, None, None)],
        },
    ),
    "guanli": (
        ["team_lead", "planning", "law_basics", "records", "empathize", "safety"],
        {
            1: [(M, None, None, None, 3), (C, "law", None, None, None), (SIGN, None, None, None, None)],
            2: [(M, None, None, None, 12), (P, None, "team_lead", None, None), (SIGN, None, None, None, None)],
        },
    ),
}

RUBRICS = [
    (
        "投诉接待实操",
        "practical",
        "listen",
        [
            ("起身问候，专心听完不打断", 5),
            ("复述诉求并请业主确认", 5),
            ("记全时间、地点、联系方式", 5),
            ("说明处理时限和回访方式", 5),
        ],
    ),
    (
        "灭火器使用实操",
        "practical",
        "fire_drill",
        [("检查压力表和保险销", 5), ("站上风口，对准火焰根部喷射", 5), ("同时报告准确位置并呼叫支援", 5)],
    ),
    (
        "设备维修实操",
        "practical",
        "repair",
        [("断电、挂牌、上锁", 5), ("按步骤查找故障原因", 5), ("修后试运行并清理现场", 5)],
    ),
    (
        "清洁作业实操",
        "practical",
        "cleaning_technique",
        [("按材质选用工具和药剂", 5), ("由上到下、由里到外作业", 5), ("湿滑区域放置警示牌", 5)],
    ),
    (
        "前台接待行为观察",
        "observation",
        "polite_language",
        [
            ("三声内接听并报公司和姓名", 5),
            ("着装和工牌符合规范", 5),
            ("用语礼貌、称呼得体", 5),
            ("接到的事情跟进到底", 5),
        ],
    ),
    (
        "夜间巡逻行为观察",
        "observation",
        "patrol",
        [("按规定线路和时间巡查", 5), ("发现异常立即用对讲机上报", 5), ("巡查记录完整清楚", 5)],
    ),
]


def _framework() -> dict[str, Competency]:
    areas = {}
    for code, name, order in AREAS:
        areas[code], _ = CompetencyArea.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
    competencies = {}
    for order, (area, code, name, description) in enumerate(COMPETENCIES):
        competencies[code], _ = Competency.objects.update_or_create(
            code=code, defaults={"area": areas[area], "name": name, "description": description, "sort_order": order}
        )
    return competencies


def _course(slug: str) -> CoursePage | None:
    return CoursePage.objects.filter(slug=slug).first()


def _final_exam(course: CoursePage | None):
    """The onboarding final exam: the first quiz step of the `practice` course, if the quiz app
    and the content are there."""
    if course is None:
        return None
    for step in course.get_children().specific():
        if type(step).__name__.lower().startswith("quiz"):
            return step
    return None


def _ladders(competencies: dict[str, Competency]) -> None:
    posts = {p.code: p for p in Post.objects.all()}
    for post_code, (codes, levels) in LADDERS.items():
        post = posts.get(post_code)
        if post is None:
            continue
        ladder, created = LevelLadder.objects.get_or_create(
            post=post, defaults={"description": f"{post.name}岗位技能等级"}
        )
        if created:
            ladder.competencies.set([competencies[c] for c in codes])
            ladder.save()
        if ladder.criteria.exists():
            continue
        order = 0
        for level, criteria in {**levels, **UPPER_LEVELS}.items():
            for kind, slug, code, threshold, months in criteria:
                course = _course(slug) if slug else None
                page = None
                if kind == CriterionKind.QUIZ_SCORE:
                    page = _final_exam(course)
                    if page is None:
                        continue
                    course = None
                elif slug and course is None:
                    continue
                LevelCriterion.objects.create(
                    ladder=ladder,
                    level=level,
                    kind=kind,
                    course=course,
                    page=page,
                    competency=competencies.get(code) if code else None,
                    threshold=Decimal(threshold) if threshold is not None else None,
                    months=months,
                    sort_order=order,
                )
                order += 1


def _rubrics(competencies: dict[str, Competency]) -> dict[str, Rubric]:
    rubrics = {}
    for name, kind, code, criteria in RUBRICS:
        rubric, created = Rubric.objects.get_or_create(
            name=name, defaults={"kind": kind, "competency": competencies[code], "pass_percent": 60}
        )
        if created:
            for index, (text, max_score) in enumerate(criteria):
                RubricCriterion.objects.create(rubric=rubric, text=text, max_score=max_score, sort_order=index)
        rubrics[name] = rubric
    return rubrics


def _complete_backdated(profile: StaffProfile, slug: str, days_ago: int) -> CourseEnrolment | None:
    """A completion from before the platform (the demo's longer-serving staff): the enrolment is
    closed on that date and the skills intake runs as it would have then."""
    course = _course(slug)
    if course is None:
        return None
    enrolment = course_enrol(user=profile.user, course=course)
    if enrolment.completed_at is None:
        completed_at = timezone.now() - dt.timedelta(days=days_ago)
        CourseEnrolment.objects.filter(pk=enrolment.pk).update(completed_at=completed_at, progress_percent=100)
        enrolment.refresh_from_db()
        on_course_completed(enrolment=enrolment)
    return enrolment


def _demo_evidence(
    profile: StaffProfile, key: str, competency: Competency, score: int, days_ago: int, title: str
) -> None:
    if Evidence.objects.filter(source_type="demo", source_id=key).exists():
        return
    evidence_record(
        user=profile.user,
        kind=EvidenceKind.SCENARIO,
        title=title,
        source_type="demo",
        source_id=key,
        occurred_at=timezone.now() - dt.timedelta(days=days_ago),
        competency=competency,
        score=Decimal(score),
        percent=Decimal(score),
        passed=score >= 60,
    )


def _assess(
    profile: StaffProfile, rubric: Rubric, assessor: StaffProfile | None, scores: list[int], notes: str
) -> None:
    if assessor is None or Assessment.objects.filter(trainee=profile.user, rubric=rubric).exists():
        return
    assessment_record(trainee=profile.user, assessor=assessor.user, rubric=rubric, scores=scores, notes=notes)


def _evaluate(
    enrolment: CourseEnrolment | None, months: int, evaluator: StaffProfile | None, rating: int, figures: dict
) -> None:
    if enrolment is None or evaluator is None:
        return
    follow_up = FollowUp.objects.filter(enrolment=enrolment, months=months, status=FollowUpStatus.SCHEDULED).first()
    if follow_up is None:
        return
    objectives = [o.pk for o in enrolment.course.objectives.all()][: max(1, rating - 2)]
    follow_up_evaluate(
        follow_up=follow_up,
        evaluator=evaluator.user,
        objectives_met=objectives,
        behaviour_rating=rating,
        figures={metric: (Decimal(before), Decimal(after)) for metric, (before, after) in figures.items()},
        owner_satisfaction=Decimal("88"),
        notes="现场观察与业主回访结果一致",
    )


def _level(profile: StaffProfile, level: int, approver: StaffProfile | None) -> None:
    if profile.post_id and not LevelRecord.objects.filter(user=profile.user, post_id=profile.post_id).exists():
        for step in range(1, level + 1):
            level_record_create(
                user=profile.user,
                post=profile.post,
                level=step,
                approved_by=approver.user if approver else None,
                note="系统上线前评定",
            )


def _react(profile: StaffProfile, slug: str, rating: int, usefulness: int, comment: str) -> None:
    course = _course(slug)
    completed = (
        course and CourseEnrolment.objects.filter(user=profile.user, course=course, completed_at__isnull=False).exists()
    )
    if completed and not CourseReaction.objects.filter(user=profile.user, course=course).exists():
        course_reaction_submit(user=profile.user, course=course, rating=rating, usefulness=usefulness, comment=comment)


def _goals(profile: StaffProfile) -> None:
    if PersonalGoal.objects.filter(user=profile.user).exists():
        return
    goal_set(user=profile.user, horizon="1-3", text="完成入职培训并通过入职考核", target_level=1)
    goal_set(user=profile.user, horizon="3-6", text="能独立受理投诉并按时回访", target_level=2)
    goal_set(user=profile.user, horizon="6-12", text="带教一名新同事", target_level=None)


def build() -> None:
    competencies = _framework()
    _ladders(competencies)
    rubrics = _rubrics(competencies)
    staff = {p.employee_number: p for p in StaffProfile.objects.select_related("user", "post", "site")}
    manager, manager2 = staff.get("MG001"), staff.get("MG002")
    get = staff.get
    if get("YG101"):  # 王小明, new in 客服: first scenario results, goals
        wang = get("YG101")
        _demo_evidence(wang, "YG101:listen", competencies["listen"], 80, 1, "情景演练：电梯故障投诉 · 倾听")
        _demo_evidence(wang, "YG101:empathize", competencies["empathize"], 65, 1, "情景演练：电梯故障投诉 · 共情")
        _goals(wang)
    if get("YG102"):  # 李娜: meets every 初级 criterion → the promotion waiting for `manager`
        lina = get("YG102")
        _complete_backdated(lina, "culture", 30)
        _demo_evidence(lina, "YG102:listen", competencies["listen"], 85, 20, "情景演练：绿篱修剪投诉 · 倾听")
        _demo_evidence(lina, "YG102:empathize", competencies["empathize"], 78, 20, "情景演练：绿篱修剪投诉 · 共情")
        _demo_evidence(
            lina, "YG102:polite_language", competencies["polite_language"], 92, 15, "前台接待演练 · 礼貌用语"
        )
        _assess(lina, rubrics["投诉接待实操"], manager, [5, 4, 4, 5], "复述确认做得好，记录完整")
        _react(lina, "culture", 5, 4, "案例贴近实际工作")
    if get("YG201"):  # 张强, 工程: 初级 already, a follow-up done and one overdue
        zhang = get("YG201")
        _level(zhang, 1, manager)
        enrolment = _complete_backdated(zhang, "emergency", 120)
        _evaluate(
            enrolment,
            1,
            manager,
            3,
            {FigureMetric.RESPONSE_MINUTES: ("240", "60"), FigureMetric.FIRST_TIME_FIX: ("70", "85")},
        )
        _assess(zhang, rubrics["设备维修实操"], manager, [5, 4, 5], "断电挂牌规范")
        _demo_evidence(zhang, "YG201:inspection", competencies["inspection"], 88, 30, "设备巡检抽查 · 设备巡检")
        _react(zhang, "emergency", 4, 5, "")
    if get("YG301"):  # 刘勇, 安保 new: a first observation, not yet passed
        _assess(get("YG301"), rubrics["夜间巡逻行为观察"], manager, [3, 2, 2], "对讲上报不及时，需再练")
    if get("YG302"):  # 赵刚, 安保 veteran: 中级, good follow-up
        zhao = get("YG302")
        _level(zhao, 2, manager)
        enrolment = _complete_backdated(zhao, "emergency", 100)
        _evaluate(
            enrolment, 1, manager, 5, {FigureMetric.RESPONSE_MINUTES: ("30", "12"), FigureMetric.COMPLAINTS: ("4", "1")}
        )
        _assess(zhao, rubrics["灭火器使用实操"], manager, [5, 5, 5], "示范动作标准，可带教")
        _demo_evidence(zhao, "YG302:safety", competencies["safety"], 91, 40, "情景演练：地下车库盗窃 · 安全意识")
    if get("YG401"):  # 孙梅, 保洁: follow-up overdue, reaction given
        sun = get("YG401")
        _complete_backdated(sun, "culture", 40)
        _demo_evidence(
            sun, "YG401:cleaning_technique", competencies["cleaning_technique"], 74, 20, "保洁作业抽查 · 清洁技术"
        )
        _react(sun, "culture", 4, 4, "希望多一些保洁岗位的案例")
    if get("CH301"):  # 马超, 翠湖苑 安保
        ma = get("CH301")
        enrolment = _complete_backdated(ma, "emergency", 75)
        _evaluate(enrolment, 1, manager2, 4, {FigureMetric.RESPONSE_MINUTES: ("25", "15")})
        _demo_evidence(ma, "CH301:fire_drill", competencies["fire_drill"], 72, 50, "消防演练 · 消防应急")
    if get("CH201"):
        _demo_evidence(get("CH201"), "CH201:repair", competencies["repair"], 58, 10, "报修处理演练 · 设备维修")
