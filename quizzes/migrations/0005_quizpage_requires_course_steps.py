"""An exam can require its course's required steps first (#14), set per quiz."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0004_draw_types_and_hand_marked"),
    ]

    operations = [
        migrations.AddField(
            model_name="quizpage",
            name="requires_course_steps",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Trainees can start only once they have completed every required step placed before this quiz "
                    "in the course; the quiz page lists what is missing. Usual for a final exam."
                ),
                verbose_name="the course's required steps come first",
            ),
        ),
    ]
