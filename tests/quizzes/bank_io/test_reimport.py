"""Importing a file again updates the questions it holds instead of adding them twice: found by ID
number, or by category and name; the preview says how many are new, updated or unchanged, and a
second import of the same file changes nothing and says so."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.models import Question, QuestionCategory, QuestionImport
from quizzes.services.bank_import import question_import_apply, question_import_preview
from tests.factories.org import TrainerFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
GIFT_DOCS = (FIXTURES / "moodle_docs.gift").read_bytes()

BANK = """$CATEGORY: $course$/top/应急处置

::火警:: 发现火情应拨打哪个电话？ {=119#正确。 ~110 ~120}

::燃气:: 闻到燃气味时，不能开关任何____。 {=电器 =电器开关}

::疏散:: 火灾时可以乘坐电梯逃生。 {F}
"""


@pytest.fixture
def trainer():
    from org.services import staff_role_sync

    profile = TrainerFactory()
    staff_role_sync(profile=profile)  # Editors: reaches the Wagtail admin
    return profile.user


def preview(trainer, data: bytes, fmt="gift"):
    return question_import_preview(fmt=fmt, filename="bank.gift", data=data, default_category=None, user=trainer)


def imported(trainer, data: bytes, fmt="gift"):
    record, plan = preview(trainer, data, fmt)
    assert plan.report.ok, plan.report.errors
    return question_import_apply(import_id=record.pk, user=trainer), plan


def test_a_second_import_of_the_same_file_changes_nothing_and_says_so(trainer):
    first, plan = imported(trainer, GIFT_DOCS)
    assert (first.new, first.updated, first.unchanged) == (21, 0, 0)
    before = {q.pk: q.updated_at for q in Question.objects.all()}
    options = set(Question.objects.values_list("options__pk", flat=True))
    record, plan = preview(trainer, GIFT_DOCS)
    assert (plan.new, plan.updated, plan.unchanged) == (0, 0, 21) and plan.changes_nothing
    assert (record.new_count, record.updated_count, record.unchanged_count) == (0, 0, 21)
    second = question_import_apply(import_id=record.pk, user=trainer)
    assert (second.new, second.updated, second.unchanged) == (0, 0, 21)
    assert {q.pk: q.updated_at for q in Question.objects.all()} == before
    assert set(Question.objects.values_list("options__pk", flat=True)) == options


def test_a_changed_question_is_updated_in_place(trainer):
    imported(trainer, BANK.encode())
    fire = Question.objects.get(name="火警")
    option_ids = sorted(fire.options.values_list("pk", flat=True))
    changed = BANK.replace("{=119#正确。 ~110 ~120}", "{=119#对，火警是119。 ~110 ~120 ####记住119。}")
    _result, plan = imported(trainer, changed.encode())
    assert (plan.new, plan.updated, plan.unchanged) == (0, 1, 2)
    fire.refresh_from_db()
    assert fire.explanation == "记住119。"
    assert sorted(fire.options.values_list("pk", flat=True)) == option_ids  # attempts keep pointing at them
    assert fire.options.get(text="119").feedback == "对，火警是119。"
    assert Question.objects.count() == 3


def test_a_new_question_in_the_file_is_added_beside_the_unchanged_ones(trainer):
    imported(trainer, BANK.encode())
    more = BANK + "\n::报警:: 报警电话是？ {=110 ~119}\n"
    _result, plan = imported(trainer, more.encode())
    assert (plan.new, plan.updated, plan.unchanged) == (1, 0, 3)
    assert Question.objects.count() == 4


def test_the_id_number_finds_the_question_even_when_moved_and_renamed(trainer):
    imported(trainer, b"$CATEGORY: Emergencies\n\n// [id:fire-119]\n::Fire:: Which number? {=119 ~110}\n")
    moved = "$CATEGORY: 应急处置/火灾\n\n// [id:fire-119]\n::火警电话:: 发现火情拨打？ {=119 ~110}\n"
    _result, plan = imported(trainer, moved.encode())
    assert (plan.new, plan.updated) == (0, 1)
    question = Question.objects.get(idnumber="fire-119")
    assert (question.name, question.category.name, question.category.parent.name) == ("火警电话", "火灾", "应急处置")
    assert Question.objects.count() == 1


def test_questions_without_id_numbers_are_found_by_category_and_name(trainer):
    imported(trainer, BANK.encode())
    assert all(q.idnumber.startswith("psa-") for q in Question.objects.all())  # each gets one of its own
    same_names_elsewhere = BANK.replace("$course$/top/应急处置", "$course$/top/其他分类")
    _result, plan = imported(trainer, same_names_elsewhere.encode())
    assert plan.new == 3 and Question.objects.count() == 6


def test_what_the_file_does_not_give_is_kept_on_reimport(trainer):
    imported(trainer, BANK.encode())
    Question.objects.filter(name="火警").update(difficulty=3, points=4)
    _result, plan = imported(trainer, BANK.encode())  # Moodle's GIFT carries neither
    assert plan.changes_nothing
    assert Question.objects.filter(name="火警", difficulty=3, points=4).exists()


def test_a_moodle_context_is_kept_on_the_top_category_and_written_back(trainer):
    imported(trainer, BANK.encode())
    top = QuestionCategory.objects.get(name="应急处置")
    assert top.parent is None and top.moodle_context == "$course$/top"
    from quizzes.bank_io.gift_export import export_gift
    from quizzes.selectors import questions_for_export

    assert "$CATEGORY: $course$/top/应急处置" in export_gift(questions_for_export()).decode()


def test_the_preview_page_counts_and_offers_nothing_when_nothing_would_change(client, trainer):
    client.force_login(trainer)
    imported(trainer, BANK.encode())
    upload = SimpleUploadedFile("bank.gift", BANK.encode())
    page = client.post(reverse("quizzes_bank_import"), {"fmt": "gift", "file": upload})
    html = page.content.decode()
    assert 'id="import-nothing"' in html and 'id="confirm-import"' not in html
    assert "0 new, 0 updated, 3 unchanged." in html
    record = QuestionImport.objects.latest("created_at")
    response = client.post(reverse("quizzes_bank_import_confirm", args=[record.pk]), follow=True)
    assert (
        "Nothing changed: the bank already holds all 3 questions as they are in the file." in response.content.decode()
    )


def test_the_preview_page_names_unsupported_types_and_what_is_not_kept(client, trainer):
    client.force_login(trainer)
    upload = SimpleUploadedFile("bank.xml", (FIXTURES / "moodle_docs.xml").read_bytes())
    html = client.post(reverse("quizzes_bank_import"), {"fmt": "moodle_xml", "file": upload}).content.decode()
    assert 'id="import-skipped"' in html and "Drag and drop into text (ddwtos)" in html
    assert 'id="import-notes"' in html and "Units are not kept" in html
    assert "10 new, 0 updated, 0 unchanged." in html and 'id="confirm-import"' in html


def test_the_preview_reads_in_chinese(client, trainer):
    from django.utils import translation

    client.force_login(trainer)
    data = BANK + "\n::连线:: 连线题 {=a -> 1 =b -> 2}\n\n::坏分值:: 多选 {~%45%甲 ~%55%乙}\n"
    with translation.override("zh-hans"):
        html = client.post(
            reverse("quizzes_bank_import"),
            {"fmt": "gift", "file": SimpleUploadedFile("bank.gift", data.encode())},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        ).content.decode()
    assert "匹配题 (match)" in html
    assert "分值比例 45% 不是 Moodle 允许的取值" in html
    assert "question 4" not in html and "题" in html
