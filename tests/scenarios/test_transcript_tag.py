"""The player's transcript, written by scenario_tags.transcript with the markup the bubble
include wrote: every value escaped, line breaks kept, the template's messages."""

from django.template import Context, Template
from django.utils import translation

from scenarios.selectors import Bubble


def render(bubbles) -> str:
    return Template("{% load scenario_tags %}{% transcript bubbles %}").render(Context({"bubbles": bubbles}))


def test_their_line_with_and_without_a_speaker():
    html = render([Bubble(speaker="业主<王>", text="电梯坏了\n快来"), Bubble(speaker="", text="……")])
    assert html == (
        '<div class="bubble them"><span class="speaker">业主&lt;王&gt;</span><p>电梯坏了<br>快来</p></div>'
        '<div class="bubble them"><p>……</p></div>'
    )


def test_my_answer_with_its_feedback_is_escaped():
    html = render([Bubble(speaker="", text="<script>x</script>", mine=True, feedback="先倾听 & 记录\n再答复")])
    assert html == (
        '<div class="bubble mine"><p>&lt;script&gt;x&lt;/script&gt;</p></div>'
        '<div class="feedback"><span class="muted">Feedback:</span> 先倾听 &amp; 记录<br>再答复</div>'
    )


def test_a_missed_step_in_chinese():
    with translation.override("zh-hans"):
        html = render([Bubble(speaker="", text="", mine=True, timed_out=True)])
    assert html.startswith('<div class="bubble mine timed-out"><p>⏱ ') and "No answer in time" not in html


def test_nothing_said_yet_is_empty():
    assert render([]) == ""
