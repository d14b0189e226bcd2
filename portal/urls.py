from django.contrib import admin
from django.urls import include, path

from portal import accounts, health

# The admin keeps its own log-in page, throttled like the portal's.
admin.site.login_form = accounts.ThrottledAdminAuthenticationForm

# A database that does not answer is a 503 with a plain message (portal.middleware).
handler500 = "portal.middleware.server_error"

urlpatterns = [
    # For load balancers, `make run` and monitors: no login, no session.
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Our log-in view (throttled) comes before Django's others: log out (POST only),
    # password change and password reset by email.
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("papers.urls")),
]
