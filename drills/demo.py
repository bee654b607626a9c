"""Demo drills, built through the drills services: the company's drill types, what kind of place
each demo site is and how often each must drill, and a fire evacuation drill held at 阳光花园
six weeks ago — five staff signed in by the lead's code, the timeline from the alarm, a photo,
two findings, the roles assessed, and two corrective actions (one closed, one still open).
翠湖苑 has held none yet, so the overview shows it overdue. Idempotent."""

import datetime as dt
from io import BytesIO

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from drills.events import DrillRole
from drills.models import Drill, DrillStatus, TimelineKind
from drills.services import (
    corrective_action_add,
    corrective_action_close,
    drill_close,
    drill_finding_add,
    drill_photo_add,
    drill_plan,
    drill_requirement_set,
    drill_role_assess,
    drill_sign_in,
    drill_timeline_record,
    drill_type_define,
)
from drills.signin import drill_signin_code
from org.models import Site, StaffProfile
from org.services import site_type_assign

# code, name, competency (skills framework code), description
DRILL_TYPES = [
    ("fire", "消防疏散", "fire_drill", "火警报警、初期灭火、楼层疏散与集合点清点人数。"),
    ("lift", "电梯困人", "lift_rescue", "安抚被困人员、通知维保单位、现场警戒，救援交给持证人员。"),
    ("flood", "漏水与水浸", "emergency_report", "关闭阀门、转移物资、沙袋围挡，通知受影响住户。"),
    ("power", "停电", "emergency_report", "启用应急照明、检查电梯是否困人、发布停电通知。"),
    ("gas", "燃气泄漏", "safety", "不开关电器、开窗通风、疏散并报燃气公司。"),
]

# site code → (site type code, name); site type code → {drill type: months}
SITE_TYPES = {"YG": ("residential", "住宅小区"), "CH": ("high_rise", "高层住宅")}
REQUIREMENTS = {
    "residential": {"fire": 12, "flood": 12, "power": 12},
    "high_rise": {"fire": 6, "lift": 6, "flood": 12},
}

# employee number, role, rating, note
PARTICIPANTS = [
    ("YG302", DrillRole.COMMANDER, 5, "指挥清晰，分工到人。"),
    ("YG301", DrillRole.EVACUATION, 4, "引导路线正确，楼梯口站位稍晚。"),
    ("YG201", DrillRole.FIREFIGHTING, 4, "灭火器操作规范。"),
    ("YG101", DrillRole.ALARM, 3, "报警信息完整，但未报楼层。"),
    ("YG102", DrillRole.RESCUE, None, ""),
]


def _photo() -> SimpleUploadedFile:
    """A plain picture standing in for a photo taken at the assembly point."""
    image = Image.new("RGB", (640, 480), (200, 214, 229))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 300, 600, 440), fill=(11, 110, 79))
    draw.ellipse((270, 120, 370, 220), fill=(180, 35, 24))
    out = BytesIO()
    image.save(out, format="JPEG")
    return SimpleUploadedFile("assembly.jpg", out.getvalue(), content_type="image/jpeg")


def build() -> None:
    types = {
        code: drill_type_define(code=code, name=name, competency_code=competency, description=text, sort_order=i)
        for i, (code, name, competency, text) in enumerate(DRILL_TYPES, start=1)
    }
    sites = {site.code: site for site in Site.objects.filter(code__in=SITE_TYPES)}
    for site_code, (type_code, type_name) in SITE_TYPES.items():
        if site_code not in sites:
            continue
        site_type = site_type_assign(site=sites[site_code], code=type_code, name=type_name)
        for drill_code, months in REQUIREMENTS[type_code].items():
            drill_requirement_set(site_type=site_type, drill_type=types[drill_code], interval_months=months)
    if "YG" in sites:
        _fire_drill(sites["YG"], types["fire"])


def _fire_drill(site: Site, fire) -> None:
    if Drill.objects.filter(site=site, drill_type=fire, status=DrillStatus.CLOSED).exists():
        return
    people = {p.employee_number: p for p in StaffProfile.objects.select_related("user").filter(site=site)}
    manager = StaffProfile.objects.select_related("user").get(employee_number="MG001")
    day = timezone.localdate() - dt.timedelta(days=42)
    alarm_at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    drill = drill_plan(
        planner=manager.user,
        site=site,
        drill_type=fire,
        planned_on=day,
        lead=manager.user,
        plan="范围：3 号楼全体住户及当班员工。集合点：中心花园。报警后 5 分钟内完成疏散并清点人数。",
    )
    lead = manager.user
    for minute, (number, *_rest) in enumerate(PARTICIPANTS):
        moment = alarm_at - dt.timedelta(minutes=15 - minute)
        with time_machine.travel(moment, tick=False):
            code = drill_signin_code(drill_id=drill.pk, site_id=site.pk, at=moment)
            drill_sign_in(drill=drill, user=people[number].user, code=code, now=moment)
    for offset, kind, note in (
        (0, TimelineKind.ALARM, "3 号楼 5 层烟感报警（模拟）"),
        (100, TimelineKind.FIRST_RESPONSE, "秩序员携灭火器到场"),
        (375, TimelineKind.EVACUATION_COMPLETE, "集合点清点完毕，无人员遗漏"),
    ):
        moment = alarm_at + dt.timedelta(seconds=offset)
        with time_machine.travel(moment, tick=False):
            drill_timeline_record(drill=drill, actor=lead, kind=kind, note=note, now=moment)
    after = alarm_at + dt.timedelta(minutes=20)
    with time_machine.travel(after, tick=False):
        drill_photo_add(drill=drill, actor=lead, upload=_photo(), caption="中心花园集合点清点人数")
        blocked = drill_finding_add(drill=drill, actor=lead, text="3 号楼 2 单元消防通道堆放自行车，疏散时需绕行。")
        drill_finding_add(drill=drill, actor=lead, text="报警人员未报告起火楼层，首位响应人员多用了约 40 秒定位。")
        attendances = {a.user_id: a for a in drill.attendances.all()}
        for number, role, rating, note in PARTICIPANTS:
            if rating is not None:
                drill_role_assess(
                    attendance=attendances[people[number].user_id], actor=lead, role=role, rating=rating, note=note
                )
        cleared = corrective_action_add(
            drill=drill,
            actor=lead,
            description="清理 3 号楼 2 单元消防通道，张贴禁止堆放提示。",
            owner=people["YG302"].user,
            due_on=day + dt.timedelta(days=7),
            finding=blocked,
        )
        corrective_action_add(
            drill=drill,
            actor=lead,
            description="报警流程培训：报警时说明楼栋、楼层和现象。",
            owner=people["YG101"].user,
            due_on=timezone.localdate() + dt.timedelta(days=14),
        )
        drill_close(
            drill=drill, actor=lead, summary="疏散用时 6 分 15 秒，达到 5 分钟内到场、10 分钟内疏散完毕的要求。"
        )
    done_at = after + dt.timedelta(days=3)
    with time_machine.travel(done_at, tick=False):
        corrective_action_close(
            action=cleared, actor=people["YG302"].user, note="通道已清空，张贴提示牌两张。", now=done_at
        )
