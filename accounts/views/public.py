"""Pages anyone can open: first sign-in with an activation code, and password recovery by text
message. Each public form is rate-limited per address (core.ratelimit); every answer is the same
whether or not the person exists."""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.forms import ActivationCodeForm, RecoveryCodeForm, RecoveryRequestForm
from accounts.selectors import activation_open, recovery_user
from accounts.services import (
    ActivationError,
    RecoveryCodeInvalid,
    activation_complete,
    activation_find,
    password_reset_code_check,
    password_reset_complete,
    password_reset_request,
)
from accounts.services.recovery import code_minutes
from core.ratelimit import client_ip, rate_limit_exceeded, rate_limit_hit

BACKEND = "accounts.backends.StaffIdentifierBackend"
ACTIVATION_KEY = "accounts:activation"
RECOVERY_KEY = "accounts:recovery"
# (tries, seconds) per client address. Activation and recovery codes count wrong codes only: a
# whole induction class activating on a site's Wi-Fi shares one address. Asking for a recovery
# code counts every request (each person also gets at most a message a minute, five a day).
DEFAULT_RATES = {"activation": (30, 15 * 60), "recovery_request": (20, 60 * 60), "recovery_code": (30, 15 * 60)}


def _rate(scope: str) -> tuple[int, int]:
    return getattr(settings, "ACCOUNTS_RATES", {}).get(scope, DEFAULT_RATES[scope])


def _failure_count(request: HttpRequest, scope: str) -> None:
    limit, window = _rate(scope)
    rate_limit_hit(scope=f"accounts:{scope}", key=client_ip(request), limit=limit, window=window)


def _limited(request: HttpRequest, scope: str, *, count: bool) -> HttpResponse | None:
    """The "too many tries" answer when this address is over the scope's limit. `count` counts
    this request; otherwise only failures count (_failure_count)."""
    limit, window = _rate(scope)
    check = rate_limit_hit if count else rate_limit_exceeded
    retry_after = check(scope=f"accounts:{scope}", key=client_ip(request), limit=limit, window=window)
    if retry_after is None:
        return None
    minutes = max(1, -(-retry_after // 60))
    response = render(
        request,
        "accounts/rate_limited.html",
        {
            "message": ngettext(
                "Too many tries from this network. Try again in %(minutes)s minute.",
                "Too many tries from this network. Try again in %(minutes)s minutes.",
                minutes,
            )
            % {"minutes": minutes}
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def _sign_in(request: HttpRequest, user) -> None:
    login(request, user, backend=BACKEND)
    # Failed sign-ins before the new password no longer count against the person here.
    axes_reset(ip=client_ip(request), username=user.get_username())


@never_cache
@require_http_methods(["GET", "POST"])
def activate_view(request: HttpRequest) -> HttpResponse:
    """Step 1 of a first sign-in: the code from the slip (the QR fills it in)."""
    form = ActivationCodeForm(initial={"code": request.GET.get("code", "")[:20]})
    if request.method == "POST":
        if (limited := _limited(request, "activation", count=False)) is not None:
            return limited
        form = ActivationCodeForm(request.POST)
        if form.is_valid():
            activation = activation_find(code=form.cleaned_data["code"])
            if activation is not None:
                request.session[ACTIVATION_KEY] = activation.pk
                return redirect("accounts:activate_password")
            _failure_count(request, "activation")
            form.add_error(
                "code",
                _("This code does not work: it may be mistyped, used already or expired. Ask HR for a new slip."),
            )
    return render(request, "accounts/activate.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def activate_password_view(request: HttpRequest) -> HttpResponse:
    """Step 2: the person sees their own name, sets a password under the policy, is signed in and
    lands on their learning (the onboarding programme of their post)."""
    activation = activation_open(activation_id=request.session.get(ACTIVATION_KEY))
    if activation is None:
        messages.error(request, _("That activation is no longer valid. Enter the code again."))
        return redirect("accounts:activate")
    user = activation.user
    form = SetPasswordForm(user)
    if request.method == "POST":
        form = SetPasswordForm(user, request.POST)
        if form.is_valid():
            try:
                user = activation_complete(activation_id=activation.pk, password=form.cleaned_data["new_password1"])
            except ActivationError:
                messages.error(request, _("That activation is no longer valid. Enter the code again."))
                return redirect("accounts:activate")
            request.session.pop(ACTIVATION_KEY, None)
            _sign_in(request, user)
            messages.success(request, _signed_in_message(user))
            return redirect("courses:my_learning")
    return render(
        request,
        "accounts/set_password.html",
        {"form": form, "profile": getattr(user, "staff_profile", None), "title": _("Set your password")},
    )


def _signed_in_message(user) -> str:
    profile = getattr(user, "staff_profile", None)
    if profile is None:
        return _("Your password is set.")
    return _(
        "Your password is set. From now on, sign in with your employee number %(number)s or your mobile number."
    ) % {"number": profile.employee_number}


@never_cache
@require_http_methods(["GET", "POST"])
def recover_view(request: HttpRequest) -> HttpResponse:
    """Forgotten password, step 1: a sign-in name. The next page is the same for everyone."""
    form = RecoveryRequestForm()
    if request.method == "POST":
        if (limited := _limited(request, "recovery_request", count=True)) is not None:
            return limited
        form = RecoveryRequestForm(request.POST)
        if form.is_valid():
            reset_id = password_reset_request(identifier=form.cleaned_data["identifier"])
            request.session[RECOVERY_KEY] = {"id": reset_id, "verified": False}
            return redirect("accounts:recover_code")
    return render(request, "accounts/recover.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def recover_code_view(request: HttpRequest) -> HttpResponse:
    """Step 2: the code from the text message."""
    state = request.session.get(RECOVERY_KEY)
    if state is None:
        return redirect("accounts:recover")
    form = RecoveryCodeForm()
    if request.method == "POST":
        if (limited := _limited(request, "recovery_code", count=False)) is not None:
            return limited
        form = RecoveryCodeForm(request.POST)
        if form.is_valid():
            try:
                password_reset_code_check(reset_code_id=state.get("id"), code=form.cleaned_data["code"])
            except RecoveryCodeInvalid:
                _failure_count(request, "recovery_code")
                form.add_error(
                    "code", _("The code is wrong or no longer valid. Check the message, or ask for a new code.")
                )
            else:
                request.session[RECOVERY_KEY] = {**state, "verified": True}
                return redirect("accounts:recover_password")
    return render(request, "accounts/recover_code.html", {"form": form, "minutes": code_minutes()})


@never_cache
@require_http_methods(["GET", "POST"])
def recover_password_view(request: HttpRequest) -> HttpResponse:
    """Step 3: a new password, then signed in."""
    state = request.session.get(RECOVERY_KEY) or {}
    user = recovery_user(reset_code_id=state.get("id")) if state.get("verified") else None
    if user is None:
        return redirect("accounts:recover_code" if state else "accounts:recover")
    form = SetPasswordForm(user)
    if request.method == "POST":
        form = SetPasswordForm(user, request.POST)
        if form.is_valid():
            try:
                user = password_reset_complete(reset_code_id=state["id"], password=form.cleaned_data["new_password1"])
            except RecoveryCodeInvalid:
                request.session.pop(RECOVERY_KEY, None)
                messages.error(request, _("The code is no longer valid. Ask for a new code."))
                return redirect("accounts:recover")
            request.session.pop(RECOVERY_KEY, None)
            _sign_in(request, user)
            messages.success(request, _signed_in_message(user))
            return redirect("home")
    return render(
        request,
        "accounts/set_password.html",
        {"form": form, "profile": getattr(user, "staff_profile", None), "title": _("Choose a new password")},
    )
