"""Draw rules by question type (#14): a category draw lists the question types it draws, by
default those marked automatically, so existing draws stop drawing essays into automatically
marked quizzes; a quiz can say that passing depends on a trainer's marking."""

from django.db import migrations, models

import quizzes.models.bank
import quizzes.models.pages


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0003_bank_fidelity"),
    ]

    operations = [
        migrations.AddField(
            model_name="quizcategorydraw",
            name="question_types",
            field=quizzes.models.pages.QuestionTypesField(
                default=quizzes.models.bank.auto_marked_types,
                help_text="Only questions of these types are drawn. Essays wait for a trainer's marking.",
                verbose_name="question types drawn",
            ),
        ),
        migrations.AddField(
            model_name="quizpage",
            name="hand_marked",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Tick when essays on the paper are meant to decide the result. Left unticked, the quiz is "
                    "marked automatically and the editor refuses a paper whose essays could keep a trainee below "
                    "the pass mark."
                ),
                verbose_name="passing depends on a trainer's marking",
            ),
        ),
    ]
