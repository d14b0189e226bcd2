from django.contrib import admin
from django.urls import include, path

from portal import accounts

# The admin keeps its own log-in page, throttled like the portal's.
admin.site.login_form = accounts.ThrottledAdminAuthenticationForm

urlpatterns = [
    path("admin/", admin.site.urls),
    # Our log-in view (throttled) comes before Django's others: log out (POST only),
    # password change and password reset by email.
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("papers.urls")),
]
