"""The app's URLs plus the floor of bench/constant_costs.py: a plain Django view returning a
cached body of the summary's size (benchmarks only, never in the app's URLs)."""

from django.core.cache import cache
from django.http import HttpResponse
from django.urls import include, path

FLOOR_KEY = "bench17:floor"


def plain_view(request):
    return HttpResponse(cache.get(FLOOR_KEY), content_type="application/json")


urlpatterns = [path("bench/plain/", plain_view), path("", include("tracker.urls"))]
