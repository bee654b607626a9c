"""Question bank at Moodle's fidelity (#16): answer shares and feedback on options, answer rows for
fill-in and numerical questions, the numerical type, true/false feedback, information for
markers, case-sensitive fill-in, Moodle's name, ID number and category context, and the
new / updated / unchanged counts of an import. Existing questions get their name from the start
of their text and an ID number of their own, as new ones do."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

import quizzes.models.bank


def name_and_number_existing(apps, schema_editor):
    Question = apps.get_model("quizzes", "Question")
    for question in Question.objects.only("pk", "stem", "name", "idnumber").iterator():
        question.name = question.name or quizzes.models.bank.default_question_name(question.stem)
        question.idnumber = question.idnumber or quizzes.models.bank.new_idnumber()
        question.save(update_fields=["name", "idnumber"])


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0002_editor_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="case_sensitive",
            field=models.BooleanField(
                default=False,
                help_text="Fill-in questions: upper and lower case must match.",
                verbose_name="case-sensitive",
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="false_feedback",
            field=models.TextField(blank=True, verbose_name="feedback for the answer “false”"),
        ),
        migrations.AddField(
            model_name="question",
            name="grader_info",
            field=models.TextField(
                blank=True,
                help_text="Essays: a reference answer or marking guide.",
                verbose_name="information for markers",
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="idnumber",
            field=models.CharField(
                blank=True,
                db_index=True,
                default="",
                help_text="Identifies the question in exported files, so importing them again updates it.",
                max_length=100,
                verbose_name="ID number",
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="name",
            field=models.CharField(
                blank=True,
                help_text="Left empty, the start of the question is used.",
                max_length=255,
                verbose_name="name",
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="true_feedback",
            field=models.TextField(blank=True, verbose_name="feedback for the answer “true”"),
        ),
        migrations.AddField(
            model_name="questioncategory",
            name="moodle_context",
            field=models.CharField(
                blank=True,
                help_text="Top-level categories imported from Moodle keep the context their path began with ($course$/top, $system$/top …), so an export lands in the same place in Moodle.",
                max_length=100,
                verbose_name="Moodle context",
            ),
        ),
        migrations.AddField(
            model_name="questionimport",
            name="new_count",
            field=models.PositiveIntegerField(default=0, verbose_name="new"),
        ),
        migrations.AddField(
            model_name="questionimport",
            name="unchanged_count",
            field=models.PositiveIntegerField(default=0, verbose_name="unchanged"),
        ),
        migrations.AddField(
            model_name="questionimport",
            name="updated_count",
            field=models.PositiveIntegerField(default=0, verbose_name="updated"),
        ),
        migrations.AddField(
            model_name="questionoption",
            name="feedback",
            field=models.TextField(
                blank=True, help_text="Shown to a trainee who chose this option.", verbose_name="feedback"
            ),
        ),
        migrations.AddField(
            model_name="questionoption",
            name="fraction",
            field=models.DecimalField(
                blank=True,
                decimal_places=5,
                help_text="The share of the points this answer earns, in percent, as in Moodle (negative: taken away). Leave empty to score by “correct” and the quiz's multiple-choice rule.",
                max_digits=8,
                null=True,
                verbose_name="share of the points (%)",
            ),
        ),
        migrations.AlterField(
            model_name="question",
            name="qtype",
            field=models.CharField(
                choices=[
                    ("single", "Single choice"),
                    ("multiple", "Multiple choice"),
                    ("true_false", "True / false"),
                    ("fill_in", "Fill in the blank"),
                    ("essay", "Essay (marked by a trainer)"),
                    ("numerical", "Numerical (a number, within a tolerance)"),
                ],
                default="single",
                help_text="Multiple choice is scored by the quiz's rule: all-or-nothing; or half marks when only some of the correct options and no wrong one are chosen (少选得一半, 错选不得分); or proportional: each correct option chosen earns its share, each wrong option chosen takes one share away, never below zero. A question whose options carry shares of the points (as in Moodle) is scored by those shares instead.",
                max_length=16,
                verbose_name="type",
            ),
        ),
        migrations.CreateModel(
            name="QuestionAnswer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                ("text", models.CharField(blank=True, max_length=500, verbose_name="answer")),
                (
                    "value",
                    models.DecimalField(blank=True, decimal_places=10, max_digits=24, null=True, verbose_name="number"),
                ),
                (
                    "tolerance",
                    models.DecimalField(decimal_places=10, default=0, max_digits=24, verbose_name="tolerance (±)"),
                ),
                (
                    "fraction",
                    models.DecimalField(
                        decimal_places=5, default=100, max_digits=8, verbose_name="share of the points (%)"
                    ),
                ),
                (
                    "feedback",
                    models.TextField(
                        blank=True, help_text="Shown to a trainee who gave this answer.", verbose_name="feedback"
                    ),
                ),
                (
                    "question",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="answer_keys", to="quizzes.question"
                    ),
                ),
            ],
            options={
                "verbose_name": "answer",
                "verbose_name_plural": "answers",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.RunPython(name_and_number_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="question",
            name="idnumber",
            field=models.CharField(
                blank=True,
                db_index=True,
                default=quizzes.models.bank.new_idnumber,
                help_text="Identifies the question in exported files, so importing them again updates it.",
                max_length=100,
                verbose_name="ID number",
            ),
        ),
    ]
