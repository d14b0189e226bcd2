"""Accounts: Django's log-in view with failed-login throttling, and the optional sign-up page.

Log out, password change and password reset are Django's own views
(django.contrib.auth.urls), shown with the templates in templates/registration/.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from portal import throttle

THROTTLED = (
    "Too many failed log-in attempts for this account or from your network. "
    "Try again in %(minutes)s minute(s), or reset your password."
)


class ThrottleMixin:
    """Refuses attempts for a username or address that failed too often (portal.throttle).

    Mixed into the portal's log-in form and the admin's, so neither page is a way around it."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request)
        if lock := throttle.lockout(username, address):
            raise ValidationError(
                THROTTLED, code="throttled", params={"minutes": lock.minutes_left}
            )
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if getattr(error, "code", None) == "invalid_login":
                throttle.record_failure(username, address)
            raise
        throttle.record_success(username)
        return cleaned


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    pass


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(signup_open=settings.LECTERN_SELF_REGISTRATION, **kwargs)


class SignupForm(UserCreationForm):
    email = forms.EmailField(help_text="Used only to reset your password.")

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")


@sensitive_post_parameters("password1", "password2")
@csrf_protect
def signup(request):
    """Self-registration, only when LECTERN_SELF_REGISTRATION is on (404 otherwise)."""
    if not settings.LECTERN_SELF_REGISTRATION:
        raise Http404("Self-registration is off.")
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "registration/signup.html", {"form": form})
