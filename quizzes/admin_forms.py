from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm


class QuestionAdminForm(WagtailAdminModelForm):
    """Checks the options of a choice question together with its type (one correct option for
    single choice, at least one for multiple)."""

    def clean(self):
        from quizzes.models.bank import question_choice_errors

        cleaned = super().clean()
        formset = self.formsets.get("options")
        if formset is not None and formset.is_valid():
            options = [
                (f.cleaned_data.get("text", ""), f.cleaned_data.get("is_correct", False))
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            for message in question_choice_errors(qtype=cleaned.get("qtype", ""), options=options):
                self.add_error("qtype", message)
        return cleaned


def _kept(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class QuizPageAdminForm(WagtailAdminPageForm):
    """The quiz editor refuses a paper whose pass mark cannot be reached without a trainer's
    marking (essays among the fixed questions or the draws' types), unless the quiz says it is
    hand-marked. Checked here, with the questions and draws as submitted: the page model's own
    clean() runs before the inline rows are applied to it."""

    def clean(self):
        from quizzes.models.pages import QuizPage
        from quizzes.selectors import DrawSpec, quiz_paper_auto_floor

        cleaned = super().clean()
        fixed, draws = self.formsets.get("fixed_questions"), self.formsets.get("category_draws")
        if fixed is None or draws is None or not (fixed.is_valid() and draws.is_valid()):
            return cleaned
        if cleaned.get("pass_mark") is None or cleaned.get("hand_marked"):
            return cleaned
        floor = quiz_paper_auto_floor(
            fixed_question_ids=[row["question"].pk for row in _kept(fixed) if row.get("question")],
            draws=[
                DrawSpec(
                    category_id=row["category"].pk,
                    count=row.get("count") or 0,
                    difficulty=row.get("difficulty"),
                    question_types=list(row.get("question_types") or []),
                )
                for row in _kept(draws)
                if row.get("category")
            ],
            max_questions=cleaned.get("max_questions"),
            random_order=bool(cleaned.get("random_order")),
        )
        if QuizPage(pass_mark=cleaned["pass_mark"]).pass_needs_marking(auto_floor=floor):
            self.add_error("pass_mark", pass_mark_unreachable_message(floor=floor, pass_mark=cleaned["pass_mark"]))
        return cleaned


def pass_mark_unreachable_message(*, floor, pass_mark) -> str:
    """Why the editor refused: how much of a possible paper is marked automatically, and the ways out."""
    return _(
        "With essays on the paper, the automatically marked questions can be worth as little as %(floor)s%% of the "
        "points, below the pass mark of %(mark)s%%: no one could pass until a trainer marks the essays. Draw only "
        "automatically marked question types, lower the pass mark, or tick “passing depends on a trainer's marking”."
    ) % {"floor": f"{floor:.1f}", "mark": pass_mark}
