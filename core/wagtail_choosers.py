"""Wagtail's chooser buttons in the reader's language.

Wagtail 8 writes a chooser's button texts when the widget is made ("Choose post", "Choose a page
(Course page)"), by formatting its lazy message there and then. A form class is made once per
process, so every later reader saw the language of the first request (or of the command that
built the form) whatever their own. `lazy_chooser_texts` makes those texts lazy again: the same
messages, from Wagtail's own catalogues, formatted when the button is drawn."""

from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext


def _snippet_text(message: str, model) -> str:
    return gettext(message) % {"object": model._meta.verbose_name}


# Wagtail's messages, translated by Wagtail's catalogues (held in names so that makemessages does
# not take them for the project's own).
CHOOSE_A_PAGE = "Choose a page"


def _page_text(model) -> str:
    return f"{gettext(CHOOSE_A_PAGE)} ({capfirst(model._meta.verbose_name)})"


_lazy_snippet_text = lazy(_snippet_text, str)
_lazy_page_text = lazy(_page_text, str)


def lazy_chooser_texts() -> None:
    from wagtail.admin.widgets.chooser import AdminPageChooser
    from wagtail.models import Page
    from wagtail.snippets.widgets import AdminSnippetChooser

    snippet_init = AdminSnippetChooser.__init__
    page_init = AdminPageChooser.__init__

    def snippet_chooser_init(self, model=None, **kwargs):
        snippet_init(self, model, **kwargs)
        self.choose_one_text = _lazy_snippet_text("Choose %(object)s", self.model)
        self.choose_another_text = _lazy_snippet_text("Choose another %(object)s", self.model)
        self.link_to_chosen_text = _lazy_snippet_text("Edit this %(object)s", self.model)

    def page_chooser_init(self, *args, **kwargs):
        page_init(self, *args, **kwargs)
        if len(self.target_models) == 1 and self.target_models[0] is not Page:
            self.choose_one_text = _lazy_page_text(self.target_models[0])

    AdminSnippetChooser.__init__ = snippet_chooser_init
    AdminPageChooser.__init__ = page_chooser_init
