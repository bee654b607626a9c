import factory
import wagtail_factories

from quizzes.models import (
    Question,
    QuestionCategory,
    QuestionOption,
    QuestionType,
    QuizCategoryDraw,
    QuizPage,
    QuizQuestion,
)
from tests.factories.courses import CoursePageFactory


class QuestionCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionCategory

    name = factory.Sequence(lambda n: f"题库分类{n}")
    subject_area = "law"


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question with options A (correct), B, C unless told otherwise:
    `options=[("text", True), ...]`."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    category = factory.SubFactory(QuestionCategoryFactory)
    qtype = QuestionType.SINGLE
    stem = factory.Sequence(lambda n: f"第{n}题：下列说法正确的是？")
    explanation = "解析：依据相关规定。"
    points = 1

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        if not create or self.qtype not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            return
        spec = extracted or [("正确选项", True), ("干扰项一", False), ("干扰项二", False)]
        for i, (text, ok) in enumerate(spec):
            QuestionOption.objects.create(question=self, text=text, is_correct=ok, sort_order=i)


class QuizPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = QuizPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"测验{n}")
    parent = factory.SubFactory(CoursePageFactory)
    pass_mark = 60

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        if create and extracted:
            for i, question in enumerate(extracted):
                QuizQuestion.objects.create(quiz=self, question=question, sort_order=i)


class QuizCategoryDrawFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuizCategoryDraw

    quiz = factory.SubFactory(QuizPageFactory)
    category = factory.SubFactory(QuestionCategoryFactory)
    count = 2
