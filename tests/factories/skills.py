import datetime as dt

import factory
from django.utils import timezone

from skills.models import (
    Competency,
    CompetencyArea,
    DashboardExport,
    Evidence,
    EvidenceKind,
    LevelCriterion,
    LevelLadder,
    Rubric,
    RubricCriterion,
)
from tests.factories.org import PostFactory, UserFactory


class CompetencyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyArea
        django_get_or_create = ("code",)

    code = "service"
    name = "服务"


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency
        django_get_or_create = ("code",)

    area = factory.SubFactory(CompetencyAreaFactory)
    code = factory.Sequence(lambda n: f"comp{n}")
    name = factory.LazyAttribute(lambda o: f"能力{o.code}")


class LevelLadderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LevelLadder
        django_get_or_create = ("post",)
        skip_postgeneration_save = True

    post = factory.SubFactory(PostFactory)

    @factory.post_generation
    def competencies(self, create, extracted, **kwargs):
        if create and extracted:
            self.competencies.set(extracted)


class LevelCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LevelCriterion

    ladder = factory.SubFactory(LevelLadderFactory)
    level = 1
    kind = "months"
    months = 0


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    user = factory.SubFactory(UserFactory)
    kind = EvidenceKind.PRACTICAL
    title = "证据"
    source_type = "test"
    occurred_at = factory.LazyFunction(timezone.now)


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"考核表{n}")
    kind = "practical"
    competency = factory.SubFactory(CompetencyFactory)
    pass_percent = 60

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if create and not self.criteria.exists():
            for index, (text, max_score) in enumerate(extracted or [("着装规范", 5), ("操作步骤正确", 5)]):
                RubricCriterion.objects.create(rubric=self, text=text, max_score=max_score, sort_order=index)


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


class DashboardExportFactory(factory.django.DjangoModelFactory):
    """A ready export unless told otherwise (its file a stand-in, not a real workbook)."""

    class Meta:
        model = DashboardExport

    requested_by = factory.SubFactory(UserFactory)
    table = DashboardExport.Table.MATRIX
    status = DashboardExport.Status.READY
    rows = 1
    finished_at = factory.LazyFunction(timezone.now)
    file = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status == DashboardExport.Status.READY),
        yes_declaration=factory.django.FileField(filename="export.xlsx", data=b"PK\x03\x04"),
        no_declaration="",
    )
