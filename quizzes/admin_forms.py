from wagtail.admin.forms import WagtailAdminModelForm


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
