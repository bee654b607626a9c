"""Trainee and trainer views. Each parses, checks permission, calls one service or selector and
responds. The JSON endpoints take POST with the CSRF token (session auth) and never answer with
a correct answer or explanation unless the quiz's settings allow it at that moment."""

import json
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from org.models import Role
from org.selectors import staff_visible_to, user_role
from quizzes.models import AttemptAnswer, AttemptStatus, QuizAttempt, QuizPage
from quizzes.selectors import (
    attempt_paper,
    attempt_review,
    attempt_state,
    attempts_quiz_attach,
    marking_queue,
    my_attempts,
    quiz_cached,
    quiz_item_analysis,
    quiz_start_state,
    seconds_remaining,
)
from quizzes.services import (
    AnswerRefused,
    AttemptNeedsConfirmation,
    AttemptNotAllowed,
    MarkingError,
    attempt_answer_mark,
    quiz_attempt_answer_check,
    quiz_attempt_answer_save,
    quiz_attempt_start,
    quiz_attempt_submit,
)

RESULTS_PAGE_SIZE = 20  # a trainee who practises daily gathers hundreds of attempts

REFUSAL_STATUS = {"not_found": 404, "invalid": 400, "too_long": 400, "unknown_question": 400}


def _own_attempt(request: HttpRequest, attempt_id: int) -> QuizAttempt:
    attempt = get_object_or_404(QuizAttempt, pk=attempt_id, user=request.user)
    attempt.quiz = quiz_cached(quiz_id=attempt.quiz_id)
    return attempt


def _live_quiz(page_id: int) -> QuizPage:
    quiz = quiz_cached(quiz_id=page_id)
    if quiz is None or not quiz.live:
        raise Http404
    return quiz


def _require_trainer(request: HttpRequest) -> None:
    if user_role(request.user) not in (Role.TRAINER, Role.HR_ADMIN):
        raise PermissionDenied


@login_required
@require_POST
def attempt_start_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """Start or resume. A new attempt at a quiz with limited attempts starts only when the POST
    comes from the confirmation page (confirmed=1); otherwise the trainee is sent there."""
    quiz = _live_quiz(page_id)
    try:
        attempt = quiz_attempt_start(quiz=quiz, user=request.user, confirmed=request.POST.get("confirmed") == "1")
    except AttemptNeedsConfirmation:
        return redirect("quizzes:start_confirm", page_id=quiz.pk)
    except AttemptNotAllowed as refused:
        messages.error(request, str(refused))
        return redirect(quiz.get_url(request))
    return redirect("quizzes:attempt", attempt_id=attempt.pk)


@login_required
@require_GET
def attempt_start_confirm_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """The page that asks once more before a new attempt at a limited quiz: how many attempts are
    left, that the attempt counts and the clock starts. Changes nothing; its button POSTs to the
    start with confirmed=1, its cancel link goes back to the quiz."""
    quiz = _live_quiz(page_id)
    state = quiz_start_state(quiz=quiz, user=request.user)
    if state.in_progress is not None:
        return redirect("quizzes:attempt", attempt_id=state.in_progress.pk)
    if state.refusal:
        messages.error(request, state.refusal)
        return redirect(quiz.get_url(request))
    return render(request, "quizzes/start_confirm.html", {"quiz": quiz, "state": state})


@login_required
@require_GET
def attempt_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return redirect("quizzes:result", attempt_id=attempt.pk)
    items = attempt_paper(attempt=attempt, quiz=attempt.quiz)
    return render(
        request,
        "quizzes/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "items": items,
            "remaining": seconds_remaining(attempt=attempt),
            "feedback_each": attempt.quiz.feedback_mode == "each",
        },
    )


@login_required
@require_GET
def attempt_state_view(request: HttpRequest, attempt_id: int) -> JsonResponse:
    return JsonResponse(attempt_state(attempt=_own_attempt(request, attempt_id)))


def _json_body(request: HttpRequest) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _refusal(refused: AnswerRefused) -> JsonResponse:
    payload = {"ok": False, "code": refused.code, "message": refused.message}
    if refused.current is not None:
        payload["current"] = {"response": refused.current.response, "version": refused.current.version}
    elif refused.code == "stale":
        payload["current"] = {"response": None, "version": 0}
    return JsonResponse(payload, status=REFUSAL_STATUS.get(refused.code, 409))


def _int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@login_required
@require_POST
def answer_save_view(request: HttpRequest, attempt_id: int) -> JsonResponse:
    """Body: {"question": id, "response": …, "version": n}. 200 with the new version; 409 when
    handed in, out of time, locked or stale (with the trainee's own current answer)."""
    data = _json_body(request)
    question_id, version = _int(data.get("question")), _int(data.get("version"))
    if question_id is None or version is None:
        return JsonResponse({"ok": False, "code": "invalid", "message": _("Malformed request.")}, status=400)
    try:
        answer = quiz_attempt_answer_save(
            attempt_id=attempt_id,
            user=request.user,
            question_id=question_id,
            response=data.get("response"),
            version=version,
        )
    except AnswerRefused as refused:
        return _refusal(refused)
    return JsonResponse(
        {
            "ok": True,
            "question": question_id,
            "version": answer.version,
            "remaining_seconds": seconds_remaining(attempt=answer.attempt),
        }
    )


@login_required
@require_POST
def answer_check_view(request: HttpRequest, attempt_id: int) -> JsonResponse:
    """Feedback after each question: lock the answer and return its feedback (only this one)."""
    data = _json_body(request)
    question_id = _int(data.get("question"))
    if question_id is None:
        return JsonResponse({"ok": False, "code": "invalid", "message": _("Malformed request.")}, status=400)
    try:
        answer = quiz_attempt_answer_check(attempt_id=attempt_id, user=request.user, question_id=question_id)
    except AnswerRefused as refused:
        return _refusal(refused)
    attempt = answer.attempt
    item = next(i for i in attempt_paper(attempt=attempt, quiz=attempt.quiz) if i.question.pk == question_id)
    return JsonResponse({"ok": True, "question": item.as_json()})


@login_required
@require_POST
def attempt_submit_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    quiz_attempt_submit(attempt_id=attempt.pk, user=request.user)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"ok": True, "result": attempt.pk})
    return redirect("quizzes:result", attempt_id=attempt.pk)


@login_required
@require_GET
def attempt_result_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    if attempt.status == AttemptStatus.IN_PROGRESS:
        return redirect("quizzes:attempt", attempt_id=attempt.pk)
    return render(request, "quizzes/result.html", {"review": attempt_review(attempt=attempt), "quiz": attempt.quiz})


@login_required
@require_GET
def my_results_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(my_attempts(user=request.user), RESULTS_PAGE_SIZE).get_page(request.GET.get("page"))
    attempts_quiz_attach(page)
    return render(request, "quizzes/my_results.html", {"attempts": page, "page": page})


@login_required
@require_GET
def marking_queue_view(request: HttpRequest) -> HttpResponse:
    _require_trainer(request)
    quiz_id = _int_param(request.GET.get("quiz"))
    user_id = _int_param(request.GET.get("trainee"))
    visible = staff_visible_to(request.user).values("user_id")
    answers = marking_queue(quiz_id=quiz_id, user_id=user_id).filter(attempt__user_id__in=visible)
    pending = marking_queue()
    quizzes = QuizPage.objects.filter(attempts__answers__in=pending).distinct().order_by("title")
    trainees = (
        staff_visible_to(request.user)
        .filter(user_id__in=pending.values("attempt__user_id"))
        .only("user_id", "name", "employee_number")
        .order_by("name")
    )
    return render(
        request,
        "quizzes/marking_queue.html",
        {"answers": answers[:200], "quizzes": quizzes, "trainees": trainees, "quiz_id": quiz_id, "trainee_id": user_id},
    )


def _int_param(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
@require_POST
def answer_mark_view(request: HttpRequest, answer_id: int) -> HttpResponse:
    _require_trainer(request)
    answer = get_object_or_404(AttemptAnswer.objects.select_related("attempt"), pk=answer_id)
    if not staff_visible_to(request.user).filter(user_id=answer.attempt.user_id).exists():
        raise Http404
    try:
        score = Decimal(request.POST.get("score", ""))
        attempt_answer_mark(
            answer_id=answer.pk, marker=request.user, score=score, comment=request.POST.get("comment", "")
        )
    except (InvalidOperation, MarkingError) as error:
        messages.error(request, str(error) if isinstance(error, MarkingError) else _("Enter a number."))
    else:
        messages.success(request, _("Mark saved."))
    return redirect(
        request.POST.get("next") if request.POST.get("next", "").startswith("/quizzes/") else "quizzes:marking"
    )


@login_required
@require_GET
def item_analysis_view(request: HttpRequest, page_id: int) -> HttpResponse:
    _require_trainer(request)
    quiz = get_object_or_404(QuizPage, pk=page_id)
    return render(request, "quizzes/item_analysis.html", {"analysis": quiz_item_analysis(quiz=quiz), "quiz": quiz})
