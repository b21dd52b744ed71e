"""The installable app (issue 19): the web app manifest, the service worker served from the
root so it may control every page, and the sign-out that wipes what it kept.

The service worker's code lives in static/js/sw.js like every other script; this module only
serves it under /sw.js, where a browser lets it control the whole site."""

from collections.abc import Callable

from django.contrib.auth.signals import user_logged_out
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

SERVICE_WORKER = "js/sw.js"
THEME_COLOR = "#9b1c1c"


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """What a phone needs to add the tracker to its home screen; it opens on the task list."""
    icons = [
        {
            "src": static(f"icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any maskable",
        }
        for size in (192, 512)
    ]
    body = {
        "name": _("Resolution Tracker"),
        "short_name": _("Tracker"),
        "lang": "vi",
        "start_url": "/tasks/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": icons,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def _service_worker_source() -> bytes:
    """sw.js as collected (with its imports pointing at hashed names) when the static files
    were collected with a manifest, the source file otherwise (development, tests)."""
    if isinstance(staticfiles_storage, ManifestFilesMixin):
        with staticfiles_storage.open(staticfiles_storage.stored_name(SERVICE_WORKER)) as file:
            return file.read()
    path = finders.find(SERVICE_WORKER)
    if not isinstance(path, str):
        raise FileNotFoundError(SERVICE_WORKER)
    with open(path, "rb") as file:
        return file.read()


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker at the root of the site. Never cached by the browser, so a new
    release reaches phones on their next visit."""
    response = HttpResponse(_service_worker_source(), content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


def _mark_signed_out(sender, request: HttpRequest | None, **kwargs) -> None:
    if request is not None:
        request.signed_out = True  # type: ignore[attr-defined]


user_logged_out.connect(_mark_signed_out, dispatch_uid="pwa-signed-out")


class ClearSiteDataOnSignOut:
    """A response that signs the user out tells the browser to drop the pages and the queue
    kept for offline use (`Clear-Site-Data`), so nobody signing in next on the same phone
    sees them. Whatever view signs out (the sign-out page, an idle time-out) gets it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "signed_out", False):
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response
