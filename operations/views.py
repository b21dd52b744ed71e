"""/healthz for load balancers and monitors, /metrics for Prometheus."""

import ipaddress

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from operations import health as checks
from operations.metrics import exposition


def _moment(value):
    return value.isoformat() if value else None


@never_cache
@require_GET
def healthz(request):
    """200 when every check passes, 503 naming what fails; no sign-in (a monitor calls it)."""
    state = checks.health()
    failing = state.failing
    body = {
        "status": "unhealthy" if failing else "ok",
        "failing": failing,
        "checks": {name: {"ok": c.ok, "detail": c.detail} for name, c in state.checks.items()},
        "periodic_jobs": [
            {
                "name": job.name,
                "job": job.job,
                "last_sent_at": _moment(job.last_sent_at),
                "next_due_at": _moment(job.next_due_at),
                "stale": job.stale,
                "last_finished_at": _moment(job.last_finished_at),
                "last_seconds": job.last_seconds,
                "last_succeeded": job.last_succeeded,
            }
            for job in state.periodic_jobs
        ],
    }
    return JsonResponse(body, status=503 if failing else 200)


def _may_read_metrics(request) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        return constant_time_compare(given, f"Bearer {token}")
    return ipaddress.ip_address(request.META["REMOTE_ADDR"]).is_loopback


@never_cache
@require_GET
def metrics(request):
    """Prometheus text format; with METRICS_TOKEN set, for `Authorization: Bearer <token>`
    only, otherwise for scrapers on this machine (loopback) only."""
    if not _may_read_metrics(request):
        return HttpResponseForbidden()
    return HttpResponse(exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")
