"""Demo field evidence: three field tasks (保洁标准达标, 巡更点巡查, 设备巡检记录) with the
criteria a reviewer scores, and records through the same services as real ones: 孙梅 (YG401)
recorded a cleaning round that the manager of 阳光花园 reviewed (evidence on her skill page), and
刘勇 (YG301) a patrol round still awaiting review.

Idempotent: tasks are looked up by name, and a person's demo record by its task."""

from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from fieldwork.models import FieldRecord, FieldTask, FieldTaskCriterion
from fieldwork.services import field_record_review, field_record_submit

TASKS = [
    (
        "保洁标准达标",
        "cleaning_technique",
        "大堂及电梯厅按保洁标准完成后拍照：地面、垃圾桶、电梯轿厢各一张。",
        [("地面干净无水渍、无污渍", 5), ("垃圾桶外壁洁净、垃圾不满溢", 5), ("警示牌摆放规范", 5)],
    ),
    (
        "巡更点巡查",
        "patrol",
        "按巡更路线逐点打卡，拍下消防通道和重点部位的现场情况。",
        [("按路线和时间完成全部巡更点", 5), ("消防通道畅通，无堆放杂物", 5), ("异常情况当场记录并上报", 5)],
    ),
    (
        "设备巡检记录",
        "inspection",
        "水泵房、配电房按巡检表检查，拍下仪表读数和设备外观。",
        [("仪表读数记录准确", 5), ("设备外观无渗漏、无异响", 5), ("巡检表签字完整", 5)],
    ),
]
RECORDS = [
    ("YG401", "保洁标准达标", "MG001", [5, 4, 5], "早班大堂保洁完成。", "电梯轿厢不锈钢面还可以再擦亮一些。"),
    ("YG301", "巡更点巡查", None, None, "夜班第二轮巡更，3号楼消防通道已清理。", ""),
]


def _photo(label: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (800, 600), (214, 228, 240))
    ImageDraw.Draw(image).rectangle((60, 60, 740, 540), outline=(11, 110, 79), width=8)
    out = BytesIO()
    image.save(out, "JPEG")
    return SimpleUploadedFile(f"{label}.jpg", out.getvalue(), content_type="image/jpeg")


def build() -> None:
    tasks = {}
    for name, competency_code, instructions, criteria in TASKS:
        task, created = FieldTask.objects.get_or_create(
            name=name, defaults={"competency_code": competency_code, "instructions": instructions}
        )
        if created:
            for order, (text, max_score) in enumerate(criteria):
                FieldTaskCriterion.objects.create(task=task, text=text, max_score=max_score, sort_order=order)
        tasks[name] = task
    users = get_user_model().objects
    for number, task_name, reviewer_number, scores, notes, review_note in RECORDS:
        trainee = users.filter(staff_profile__employee_number=number).first()
        if trainee is None or FieldRecord.objects.filter(trainee=trainee, task=tasks[task_name]).exists():
            continue
        record = field_record_submit(trainee=trainee, task=tasks[task_name], notes=notes, photos=[_photo(number)])
        reviewer = users.filter(staff_profile__employee_number=reviewer_number).first() if reviewer_number else None
        if reviewer is not None:
            field_record_review(record=record, reviewer=reviewer, scores=scores, note=review_note)
