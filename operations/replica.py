"""Reads that may lag a second (dashboards, summaries, exports) go to a PostgreSQL
streaming replica when DATABASE_REPLICA_URL is set; everything else reads the primary.

A browser that has just written (a POST, PUT, PATCH or DELETE other than signing in or
out) reads the primary for
REPLICA_PIN_SECONDS after it, so the writer's own next page shows the write. Accounts,
sessions and tokens are always read on the primary: a token issued a moment ago works."""

import contextvars
import time

from django.conf import settings

REPLICA = "replica"
# view names whose reads may lag: the figures leaders read, and their downloads
REPLICA_VIEWS = frozenset(
    {
        "home",
        "reports:document",
        "reports:unit",
        "reports:tasks",
        "reports:periodic",
        "api:summary",
        "api:periodic-report",
    }
)
# the apps whose rows make the figures; auth, sessions, tokens and the audit trail stay
FIGURE_APPS = frozenset(
    {"resolutions", "tasks", "reports", "targets", "criteria", "proposals", "directions"}
)
# writes that change no figure: signing in does not pin the leader's dashboards
UNPINNED_VIEWS = frozenset({"login", "logout", "set_language", "api:token"})
PIN_COOKIE = "tracker_primary_until"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

_reads_may_lag = contextvars.ContextVar("reads_may_lag", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Figures read on the replica inside a view of REPLICA_VIEWS; all writes, and every
    read elsewhere, on the primary. Migrations run on the primary only (the replica copies)."""

    def db_for_read(self, model, **hints):
        if _reads_may_lag.get() and model._meta.app_label in FIGURE_APPS:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"  # even for a row read on the replica

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def _pinned(request) -> bool:
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


class ReplicaMiddleware:
    """Opens the replica to a view of REPLICA_VIEWS for the length of one GET; pins a
    browser that writes to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads_may_lag.set(False)
        try:
            response = self.get_response(request)
        finally:
            _reads_may_lag.reset(token)
        if getattr(request, "_replica_pin", False):
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + seconds:.3f}",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not replica_configured():
            return
        view = request.resolver_match.view_name
        if request.method not in SAFE_METHODS:
            request._replica_pin = view not in UNPINNED_VIEWS
        elif view in REPLICA_VIEWS and not _pinned(request):
            _reads_may_lag.set(True)
