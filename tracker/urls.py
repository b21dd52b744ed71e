from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from reports import views as report_views
from tasks import notification_views
from tracker import pwa

urlpatterns = [
    # first: API clients poll the most, and a path is matched pattern after pattern
    path("api/v1/", include("tracker.api_urls")),
    path("", report_views.home, name="home"),
    path("reports/", include("reports.urls")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("tasks/", include("tasks.urls")),
    path("documents/", include("resolutions.urls")),
    path("targets/", include("targets.urls")),  # issue 15
    path("proposals/", include("proposals.urls")),  # issue 15
    path("criteria/", include("criteria.urls")),  # issue 15
    path("directions/", include("directions.urls")),  # issue 15
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("notifications/badge/", notification_views.notification_badge, name="notification-badge"),
    path(
        "notifications/<int:pk>/read/",
        notification_views.notification_read,
        name="notification-read",
    ),
    path(
        "notifications/read-all/",
        notification_views.notifications_read_all,
        name="notifications-read-all",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # issue 19: the installable app
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("", include("operations.urls")),  # issue 18: /healthz, /metrics
    # issue 16: browsers ask for it on pages without a <link rel="icon"> (the API's JSON)
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}icons/favicon.svg")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
