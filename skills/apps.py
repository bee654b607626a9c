from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _on_save_and_delete(handler, models, uid: str) -> None:
    """Connect `handler` to every save and delete of each model."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(handler, sender=model, dispatch_uid=f"{uid}.{model.__name__}.{id(signal)}")


class SkillsConfig(AppConfig):
    name = "skills"
    verbose_name = _("Skills")

    def ready(self):
        from django.db.models.signals import m2m_changed

        from courses.models import CourseEnrolment
        from org.models import Post
        from skills.framework_cache import framework_changed
        from skills.listeners import person_record_changed
        from skills.models import (
            Competency,
            CompetencyArea,
            CourseReaction,
            Evidence,
            LearningPointEntry,
            LevelCriterion,
            LevelLadder,
            LevelRecord,
            PersonalGoal,
            PromotionRecommendation,
        )

        _on_save_and_delete(
            framework_changed, (Competency, CompetencyArea, LevelLadder, LevelCriterion, Post), "skills.framework"
        )
        m2m_changed.connect(
            framework_changed,
            sender=LevelLadder.competencies.through,
            dispatch_uid="skills.framework.ladder_competencies",
        )
        # A person's own records: my skills is kept under their generation (core.cache).
        _on_save_and_delete(
            person_record_changed,
            (
                Evidence,
                LevelRecord,
                LearningPointEntry,
                PersonalGoal,
                PromotionRecommendation,
                CourseReaction,
                CourseEnrolment,
            ),
            "skills.person_records",
        )
