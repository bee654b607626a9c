from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm


class QuestionAdminForm(WagtailAdminModelForm):
    """Checks the options of a choice question together with its type (one correct option for
    single choice, at least one for multiple; with shares of the points, Moodle's rules), and that
    a fill-in question has an accepted answer and a numerical one a number worth all the points:
    the rows are only seen here, as submitted, before they are applied to the question."""

    def clean(self):
        from quizzes.models.bank import QuestionType, question_choice_errors

        cleaned = super().clean()
        qtype = cleaned.get("qtype", "")
        formset = self.formsets.get("options")
        if formset is not None and formset.is_valid():
            options = [
                (row.get("text", ""), row.get("is_correct", False), row.get("fraction")) for row in _kept(formset)
            ]
            for message in question_choice_errors(qtype=qtype, options=options):
                self.add_error("qtype", message)
            if any(f is not None and not -100 <= f <= 100 for _t, _c, f in options):
                self.add_error("qtype", _("A share of the points is between −100% and 100%."))
        answers = self.formsets.get("answer_keys")
        rows = _kept(answers) if answers is not None and answers.is_valid() else []
        full = [r for r in rows if (r.get("fraction") or 0) >= 100 and (r.get("text") or "").strip() != "*"]
        lines = [line for line in (cleaned.get("accepted_answers") or "").splitlines() if line.strip()]
        if qtype == QuestionType.FILL_IN and not lines and not full:
            self.add_error("accepted_answers", _("Give at least one accepted answer."))
        if qtype == QuestionType.NUMERICAL:
            if not any(r.get("value") is not None for r in full):
                self.add_error("qtype", _("A numerical question needs a number that earns all the points."))
            if any(r.get("value") is None and (r.get("text") or "").strip() != "*" for r in rows):
                self.add_error("qtype", _("Give each numerical answer a number, or * for any other number."))
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
