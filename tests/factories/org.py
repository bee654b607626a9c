import factory
from django.contrib.auth import get_user_model

from org.models import Company, Department, Post, Role, Site, StaffProfile


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-test-123")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ("name",)

    name = "示例物业服务有限公司"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    company = factory.SubFactory(CompanyFactory)
    code = factory.Sequence(lambda n: f"S{n:03d}")
    name = factory.Sequence(lambda n: f"小区{n}")
    households = 800


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        django_get_or_create = ("code",)

    code = "kefu"
    name = factory.LazyAttribute(
        lambda o: {"kefu": "客服", "gongcheng": "工程", "anbao": "秩序/安保", "baojie": "保洁"}.get(o.code, o.code)
    )


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"部门{n}")


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    employee_number = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Sequence(lambda n: f"员工{n}")
    phone = "13800138000"
    role = Role.TRAINEE
    post = factory.SubFactory(PostFactory)
    site = factory.SubFactory(SiteFactory)


class TrainerFactory(StaffProfileFactory):
    role = Role.TRAINER


class HRAdminFactory(StaffProfileFactory):
    role = Role.HR_ADMIN


class ManagerFactory(StaffProfileFactory):
    role = Role.MANAGER

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def managed_sites(self, create, extracted, **kwargs):
        if create:
            self.managed_sites.set(extracted if extracted is not None else [self.site])
