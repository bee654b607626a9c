"""The question bank loader refuses a question that lacks what its type needs, naming the file and
the question."""

import pytest

from core.demo_data import DemoDataError
from quizzes.demo_content import bank_load

HEAD = "area: law\nname: 法律法规\nquiz: {title: 测验, draw: 1, minutes: 5}\nquestions:\n"


def _bank(tmp_path, questions: str):
    path = tmp_path / "law.yaml"
    path.write_text(HEAD + questions, encoding="utf-8")
    return path


def test_a_choice_question_without_correct_options_is_refused(tmp_path):
    path = _bank(tmp_path, "  - {type: single, stem: 哪部法律？, options: [甲, 乙], explanation: 解析}\n")
    with pytest.raises(DemoDataError, match=r"law\.yaml: questions\[0\] “哪部法律？” is missing correct"):
        bank_load(path=path)


def test_a_correct_answer_that_is_not_an_option_is_refused(tmp_path):
    path = _bank(tmp_path, "  - {type: single, stem: 哪部？, options: [甲, 乙], correct: [丙], explanation: 解析}\n")
    with pytest.raises(DemoDataError, match=r"questions\[0\] “哪部？” correct names texts that are not options"):
        bank_load(path=path)


def test_a_single_choice_with_two_correct_options_is_refused(tmp_path):
    path = _bank(
        tmp_path, "  - {type: single, stem: 哪部？, options: [甲, 乙], correct: [甲, 乙], explanation: 解析}\n"
    )
    with pytest.raises(DemoDataError, match="must name exactly one option"):
        bank_load(path=path)


def test_an_unknown_question_type_is_refused(tmp_path):
    path = _bank(tmp_path, "  - {type: ordering, stem: 排序, explanation: 解析}\n")
    with pytest.raises(DemoDataError, match=r"questions\[0\] “排序” needs a type among"):
        bank_load(path=path)
