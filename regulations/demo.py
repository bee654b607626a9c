"""The demo's regulation register, built through the services: five regulations with a few clauses
each (summarised in our own words, not quoted), cited by the demo's law and emergency lessons and
law questions, and a newer version of the local rule that changed a cited clause, so the review
queue has an open item to show. Nothing is revised, so no refresher is assigned and no
certificate holder's records change. Idempotent: a regulation, version or citation already there
is left as it is."""

import datetime as dt

from courses.models import CoursePage, LessonPage
from quizzes.models import Question
from regulations.models import Clause, Regulation, RegulationKind, RegulationVersion
from regulations.services import ClauseInput, citation_create, regulation_create, regulation_version_record

CIVIL_CODE = "民法典 物业服务合同编"
REGULATION = "物业管理条例"
FIRE = "消防法"
SPECIAL_EQUIPMENT = "特种设备安全法"
LOCAL = "示例市住宅物业管理规定"

REGISTER = [
    {
        "name": CIVIL_CODE,
        "issuing_body": "全国人民代表大会",
        "kind": RegulationKind.LAW,
        "versions": [
            (
                "2020",
                dt.date(2021, 1, 1),
                "民法典施行，物业服务合同成为有名合同。",
                [
                    (
                        "第九百三十七条",
                        "物业服务合同是物业服务人为业主提供维修养护、环境卫生、秩序维护等服务，业主支付物业费的合同。",
                    ),
                    (
                        "第九百四十二条",
                        "物业服务人应按约定和物业的使用性质，妥善维修、养护、清洁、绿化和经营管理共有部分，维护区域内的基本秩序。",
                    ),
                    (
                        "第九百四十四条",
                        "业主应按约定支付物业费；服务已按约提供的，业主不得以未接受或无需接受服务为由拒付。逾期不付的，物业服务人可以催告，不得以停水停电等方式催交。",
                    ),
                ],
            )
        ],
    },
    {
        "name": REGULATION,
        "issuing_body": "国务院",
        "kind": RegulationKind.REGULATION,
        "versions": [
            (
                "2018修订",
                dt.date(2018, 3, 19),
                "现行文本。",
                [
                    (
                        "第二条",
                        "物业管理是业主通过选聘物业服务企业，按合同对房屋及配套设施设备和相关场地进行维修、养护、管理，维护相关区域内环境卫生和秩序的活动。",
                    ),
                    ("第七条", "业主应当遵守管理规约和业主大会的决定，按时交纳物业服务费用和专项维修资金。"),
                ],
            )
        ],
    },
    {
        "name": FIRE,
        "issuing_body": "全国人民代表大会常务委员会",
        "kind": RegulationKind.LAW,
        "versions": [
            (
                "2021修正",
                dt.date(2021, 4, 29),
                "现行文本。",
                [
                    (
                        "第十八条",
                        "同一建筑物由两个以上单位管理或使用的，应明确各方的消防安全责任；住宅区的物业服务企业应对管理区域内的共用消防设施进行维护管理，提供消防安全防范服务。",
                    ),
                    (
                        "第二十八条",
                        "任何单位和个人不得损坏、挪用消防设施器材，不得埋压、圈占消火栓，不得占用、堵塞、封闭疏散通道、安全出口和消防车通道。",
                    ),
                ],
            )
        ],
    },
    {
        "name": SPECIAL_EQUIPMENT,
        "issuing_body": "全国人民代表大会常务委员会",
        "kind": RegulationKind.LAW,
        "versions": [
            (
                "2013",
                dt.date(2014, 1, 1),
                "首次收录。",
                [
                    ("第三十九条", "使用单位应对在用特种设备进行经常性维护保养和定期自行检查，并作出记录。"),
                    ("第四十五条", "电梯的维护保养应当由电梯制造单位或者依法取得许可的安装、改造、修理单位进行。"),
                ],
            )
        ],
    },
    {
        "name": LOCAL,
        "issuing_body": "示例市人民代表大会常务委员会",
        "kind": RegulationKind.LOCAL_RULE,
        "versions": [
            (
                "2019",
                dt.date(2019, 7, 1),
                "首次收录。",
                [
                    ("第二十一条", "物业服务企业应当在小区显著位置公示收费项目、标准和服务内容。"),
                    ("第三十条", "业主逾期未交物业费的，物业服务企业可以书面催交。"),
                ],
            ),
            (
                "2026修订",
                dt.date(2026, 7, 1),
                "逾期催交改为先书面催告、再约谈，并须留存送达记录。",
                [
                    ("第二十一条", "物业服务企业应当在小区显著位置公示收费项目、标准和服务内容。"),
                    (
                        "第三十条",
                        "业主逾期未交物业费的，物业服务企业应先书面催告并留存送达记录，催告后仍未交纳的，可约谈业主或申请业主委员会调解。",
                    ),
                ],
            ),
        ],
    },
]

# (regulation, clause number, course slug, lesson slug) and (regulation, clause number, question stem)
LESSON_CITATIONS = [
    (CIVIL_CODE, "第九百三十七条", "law", "legal-framework"),
    (REGULATION, "第二条", "law", "legal-framework"),
    (CIVIL_CODE, "第九百四十二条", "law", "rights-and-duties"),
    (CIVIL_CODE, "第九百四十四条", "law", "rights-and-duties"),
    (LOCAL, "第三十条", "law", "disputes"),
    (FIRE, "第二十八条", "emergency", "fire"),
    (SPECIAL_EQUIPMENT, "第三十九条", "emergency", "lift-and-gas"),
]
QUESTION_CITATIONS = [
    (CIVIL_CODE, "第九百三十七条", "物业服务合同的基本规则主要规定在哪部法律中？"),
    (REGULATION, "第二条", "由国务院发布、专门规范物业管理活动的行政法规是？"),
    (CIVIL_CODE, "第九百四十四条", "只要业主欠费，物业公司就可以停水停电催缴。"),
    (LOCAL, "第三十条", "某业主一年未交物业费，下列做法最恰当的是？"),
]


def _clause_of_first_version(regulation_name: str, number: str) -> Clause | None:
    """The clause as first recorded: citations are made against it, before any later version, as a
    trainer would have made them then."""
    version = RegulationVersion.objects.filter(regulation__name=regulation_name).order_by("recorded_at", "pk").first()
    return Clause.objects.filter(version=version, number=number).first() if version else None


def build() -> None:
    for spec in REGISTER:
        regulation = Regulation.objects.filter(name=spec["name"]).first() or regulation_create(
            name=spec["name"], issuing_body=spec["issuing_body"], kind=spec["kind"], actor=None
        )
        first_label = spec["versions"][0][0]
        if not regulation.versions.filter(label=first_label).exists():
            label, effective_on, summary, clauses = spec["versions"][0]
            regulation_version_record(
                regulation=regulation,
                label=label,
                effective_on=effective_on,
                summary=summary,
                clauses=[ClauseInput(number=n, text=t) for n, t in clauses],
                actor=None,
            )
    for regulation_name, number, course_slug, lesson_slug in LESSON_CITATIONS:
        clause = _clause_of_first_version(regulation_name, number)
        course = CoursePage.objects.filter(slug=course_slug).first()
        lesson = LessonPage.objects.child_of(course).filter(slug=lesson_slug).first() if course is not None else None
        if clause is not None and lesson is not None and clause.version.is_current:
            citation_create(clause=clause, page=lesson, actor=None)
    for regulation_name, number, stem in QUESTION_CITATIONS:
        clause = _clause_of_first_version(regulation_name, number)
        question = Question.objects.filter(stem=stem).order_by("pk").first()
        if clause is not None and question is not None and clause.version.is_current:
            citation_create(clause=clause, question=question, actor=None)
    # The later versions, recorded after the citations: what they change goes to the review queue.
    for spec in REGISTER:
        regulation = Regulation.objects.get(name=spec["name"])
        for label, effective_on, summary, clauses in spec["versions"][1:]:
            if regulation.versions.filter(label=label).exists():
                continue
            regulation_version_record(
                regulation=regulation,
                label=label,
                effective_on=effective_on,
                summary=summary,
                clauses=[ClauseInput(number=n, text=t) for n, t in clauses],
                actor=None,
            )
