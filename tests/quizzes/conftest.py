import pytest

from quizzes.models import QuestionType
from tests.factories.courses import CoursePageFactory
from tests.factories.org import StaffProfileFactory
from tests.factories.quizzes import QuestionCategoryFactory, QuestionFactory, QuizPageFactory


@pytest.fixture
def course(catalog):
    return CoursePageFactory(parent=catalog)


@pytest.fixture
def trainee(db):
    return StaffProfileFactory().user


@pytest.fixture
def bank(db):
    """One question of every type, in one category: single, multiple, true/false, fill-in, essay."""
    category = QuestionCategoryFactory(name="法律法规")
    return {
        "category": category,
        "single": QuestionFactory(
            category=category,
            stem="物业服务合同规定在哪部法律中？",
            options=[("民法典", True), ("刑法", False), ("公司法", False)],
        ),
        "multiple": QuestionFactory(
            category=category,
            qtype=QuestionType.MULTIPLE,
            stem="LEARN 模式包括哪些环节？",
            options=[("倾听", True), ("共情", True), ("行动", True), ("争辩", False)],
        ),
        "true_false": QuestionFactory(
            category=category,
            qtype=QuestionType.TRUE_FALSE,
            stem="业主家中私人财物由物业公司负责。",
            correct_true=False,
        ),
        "fill_in": QuestionFactory(
            category=category,
            qtype=QuestionType.FILL_IN,
            stem="发生火灾应拨打____。",
            accepted_answers="119\n火警电话119",
        ),
        "essay": QuestionFactory(category=category, qtype=QuestionType.ESSAY, stem="简述首问负责制。", points=4),
    }


@pytest.fixture
def quiz(course, bank):
    return QuizPageFactory(
        parent=course,
        questions=[bank[k] for k in ("single", "multiple", "true_false", "fill_in")],
        pass_mark=60,
    )


def right_answers(attempt, bank):
    """The correct response for each non-essay question of `bank`, keyed by question id."""
    from quizzes.models import QuestionOption

    out = {}
    for key in ("single", "multiple"):
        q = bank[key]
        out[q.pk] = sorted(QuestionOption.objects.filter(question=q, is_correct=True).values_list("pk", flat=True))
    out[bank["true_false"].pk] = False
    out[bank["fill_in"].pk] = "１１９"
    out[bank["essay"].pk] = "谁先接到诉求，谁负责跟进到底。"
    return out
