from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from quizzes.models import Question, QuestionAnswer, QuestionCategory, QuestionOption
        from quizzes.models.pages import QuizCategoryDraw, QuizQuestion
        from quizzes.selectors.question_cache import bank_cache_renew

        # The exam reads questions and draw plans from the cache: any change to them starts a new
        # generation of it (quizzes.selectors.question_cache).
        for model in (Question, QuestionOption, QuestionAnswer, QuestionCategory, QuizQuestion, QuizCategoryDraw):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(bank_cache_renew, sender=model, dispatch_uid=f"quizzes-bank-{model.__name__}-{name}")
