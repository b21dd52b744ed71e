from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from reports.selectors import document_overview
from tasks.selectors import tasks_visible_to


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Every active document with its figures as of today, for the tasks the user may see."""
    as_of = timezone.localdate()
    rows = document_overview(tasks_visible_to(request.user), as_of=as_of)
    return render(request, "reports/home.html", {"rows": rows, "as_of": as_of})
