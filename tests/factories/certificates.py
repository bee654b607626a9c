import factory

from certificates.models import AchievementKind, Certificate, CertificateRule, CertificateTemplate
from tests.factories.courses import CoursePageFactory
from tests.factories.org import UserFactory


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate

    name = factory.Sequence(lambda n: f"证书模板{n}")
    title = "结业证书"
    body = "<p>兹证明 <strong>{name}</strong>（工号 {employee_number}）于 {date} 完成「{achievement}」，成绩 {score}，特发此证。</p>"
    signatory = "张总"
    signatory_title = "培训中心主任"
    issuer = "示例物业服务有限公司"
    validity_months = None


class CourseRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateRule

    kind = AchievementKind.COURSE
    course = factory.SubFactory(CoursePageFactory)
    template = factory.SubFactory(CertificateTemplateFactory)


class ProgrammeRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateRule

    kind = AchievementKind.PROGRAMME
    template = factory.SubFactory(CertificateTemplateFactory)


class SkillLevelRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateRule

    kind = AchievementKind.SKILL_LEVEL
    skill_level = 2
    template = factory.SubFactory(CertificateTemplateFactory)


class CertificateFactory(factory.django.DjangoModelFactory):
    """An issued certificate, built directly (tests of issuing go through the services)."""

    class Meta:
        model = Certificate

    user = factory.SubFactory(UserFactory)
    template = factory.SubFactory(CertificateTemplateFactory)
    achievement_key = factory.Sequence(lambda n: f"course:{n}")
    achievement = "企业文化与规章制度"
    holder_name = "王小明"
    employee_number = "YG0001"
    site_name = "阳光花园"
    post_name = "客服"
