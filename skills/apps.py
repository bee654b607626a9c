from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "skills"
    verbose_name = _("Skills")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from org.models import Post
        from skills.framework_cache import framework_changed
        from skills.models import Competency, CompetencyArea, LevelCriterion, LevelLadder

        for model in (Competency, CompetencyArea, LevelLadder, LevelCriterion, Post):
            for signal in (post_save, post_delete):
                signal.connect(
                    framework_changed, sender=model, dispatch_uid=f"skills.framework.{model.__name__}.{id(signal)}"
                )
        m2m_changed.connect(
            framework_changed,
            sender=LevelLadder.competencies.through,
            dispatch_uid="skills.framework.ladder_competencies",
        )
        # A person's own records: my skills is kept under their generation (core.cache).
        from courses.models import CourseEnrolment
        from skills.listeners import person_record_changed
        from skills.models import (
            CourseReaction,
            Evidence,
            LearningPointEntry,
            LevelRecord,
            PersonalGoal,
            PromotionRecommendation,
        )

        for model in (
            Evidence,
            LevelRecord,
            LearningPointEntry,
            PersonalGoal,
            PromotionRecommendation,
            CourseReaction,
            CourseEnrolment,
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    person_record_changed,
                    sender=model,
                    dispatch_uid=f"skills.person_records.{model.__name__}.{id(signal)}",
                )
