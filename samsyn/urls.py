from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language

from samsyn.api.urls import api_patterns
from samsyn.core import account_views, administration_views, signin_views
from samsyn.core import views as core_views

partnership_patterns: list[URLPattern | URLResolver] = [
    path("", core_views.home, name="home"),
    path("personer/", core_views.person_list, name="person_list"),
    path("personer/<int:pk>/bjud-in/", core_views.person_invite, name="person_invite"),
    path("historik/", core_views.audit_history, name="audit"),
    path("administration/", administration_views.index, name="administration"),
    path("administration/partnerskapet/", administration_views.partnership_edit, name="administration_partnership"),
    path(
        "administration/personer/<int:pk>/inloggning/ta-bort/",
        administration_views.person_login_remove,
        name="administration_login_remove",
    ),
    path("administration/<slug:path>/", administration_views.register_list, name="administration_list"),
    path("administration/<slug:path>/ny/", administration_views.register_edit, name="administration_new"),
    path("administration/<slug:path>/<int:pk>/", administration_views.register_edit, name="administration_edit"),
    path(
        "administration/<slug:path>/<int:pk>/ta-bort/",
        administration_views.register_delete,
        name="administration_delete",
    ),
    path("", include("samsyn.portfolio.urls")),
    path("ekonomi/", include("samsyn.economy.urls")),
    path("styrning/", include("samsyn.governance.urls")),
    path("uppfoljning/", include("samsyn.followup.urls")),
    # The archive's front page and the related pages are search's; its documents the archive's.
    path("arkiv/", include("samsyn.search.urls")),
    path("arkiv/", include("samsyn.archive.urls")),
    path("hubb/", include("samsyn.hub.urls")),
    path("", include("samsyn.api.urls")),
]

# The error page shows the request's id ("Felkod"), for the user to quote to IT support.
handler500 = "samsyn.core.logs.server_error"

urlpatterns = [
    path("", core_views.start, name="start"),
    # The password form and a button per sign-in service (OpenID Connect, core/signin_views.py).
    path("logga-in/", signin_views.LoginView.as_view(), name="login"),
    path("logga-in/extern/<int:pk>/", signin_views.signin_start, name="signin_start"),
    path("logga-in/extern/svar/", signin_views.signin_callback, name="signin_callback"),
    path("logga-ut/", signin_views.logout_view, name="logout"),
    # A person's own password: an invitation's link, a forgotten password, a change.
    path("inbjudan/<uidb64>/<token>/", account_views.InvitationAcceptView.as_view(), name="invitation_accept"),
    path("glomt-losenord/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("glomt-losenord/skickat/", account_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "nytt-losenord/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("byt-losenord/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("sprak/", set_language, name="set_language"),
    # Answering an evaluation by link: outside the partnership pages, no login needed.
    path("svara/", include("samsyn.followup.urls.public")),
    # A person's meetings as an iCal feed, by secret link.
    path("kalender/", include("samsyn.governance.urls.public")),
    # The public hubs (samhällshubben): what partnerships publish, for everyone, no login.
    path("hubb/", include("samsyn.hub.urls.public")),
    # The JSON API with its OpenAPI document and documentation (samsyn.api).
    path("api/v1/", include(api_patterns)),
    path("<slug:partnership_slug>/", include(partnership_patterns)),
]
