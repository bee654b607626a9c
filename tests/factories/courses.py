import factory
import wagtail_factories
from wagtail.models import Page

from courses.models import CatalogPage, CoursePage, HomePage, LearningObjective, LessonPage, Programme, ProgrammeCourse


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "物业服务学院"


class CatalogPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CatalogPage

    title = "课程目录"
    parent = factory.LazyFunction(
        lambda: HomePage.objects.first() or HomePageFactory(parent=Page.get_first_root_node())
    )


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"课程{n}")
    subject_area = "law"
    kind = "onboarding"
    parent = factory.LazyFunction(lambda: CatalogPage.objects.first() or CatalogPageFactory())

    @factory.post_generation
    def objectives(self, create, extracted, **kwargs):
        if create and not self.objectives.exists():
            for text in extracted or ["了解基本规定"]:
                LearningObjective.objects.create(page=self, text=text)


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"课时{n}")
    parent = factory.SubFactory(CoursePageFactory)
    body = factory.LazyFunction(lambda: [("paragraph", "<p>内容</p>")])


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"培训计划{n}")
    due_days = 8


class ProgrammeCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeCourse

    programme = factory.SubFactory(ProgrammeFactory)
    course = factory.SubFactory(CoursePageFactory)
    day = 1
