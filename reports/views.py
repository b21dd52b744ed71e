from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from reports import exports, selectors
from reports.charts import dashboard_charts
from reports.corrections import snapshot_correction
from reports.forms import DashboardFilterForm, DocumentFilterForm, TaskListForm, drill_query
from reports.selectors import DashboardFilters
from reports.spreadsheets import export_query, tables_download, wants_xlsx
from resolutions.permissions import documents_visible_to, sees_every_unit, units_visible_to
from tasks.listing import with_row_figures
from tasks.paging import TaskPaginator
from tasks.selectors import tasks_visible_to

TASKS_PER_PAGE = 50


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _page(request: HtmxHttpRequest, template: str, partial: str, context: dict) -> HttpResponse:
    """The whole page, or only its `partial` when htmx asks for it."""
    return render(request, f"{template}#{partial}" if request.htmx else template, context)


@login_required
def home(request: HtmxHttpRequest) -> HttpResponse:
    """The overview: every active document with its figures on a day and the change since
    the end of the previous month, for the tasks the user may see."""
    form = DashboardFilterForm(request.GET, user=request.user)
    as_of = form.filters().as_of
    previous = selectors.previous_period_end(as_of)
    rows = selectors.document_overview(
        tasks_visible_to(request.user), user=request.user, as_of=as_of, previous=previous
    )
    if wants_xlsx(request):
        return tables_download([exports.documents_table(rows)], _("Documents"), as_of)
    context = {"rows": rows, "as_of": as_of, "previous": previous, "form": form}
    context["export_query"] = export_query(request)
    return _page(request, "reports/home.html", "documents", context)


def _dashboard_context(
    request: HttpRequest, dashboard: selectors.Dashboard, form, filters, **drill
) -> dict:
    """What both dashboards render; `drill` links each figure to the tasks behind it."""
    return {
        "dashboard": dashboard,
        "form": form,
        "charts": dashboard_charts(dashboard),
        "drill": drill_query(filters, **drill),
        "drill_units": drill_query(replace(filters, parent=None), **drill),
        "export_query": export_query(request),
    }


@login_required
def document_dashboard(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(documents_visible_to(request.user), pk=pk)
    form = DocumentFilterForm(request.GET, user=request.user)
    filters = form.filters()
    dashboard = selectors.document_dashboard(
        document, tasks_visible_to(request.user), filters=filters
    )
    if wants_xlsx(request):
        return tables_download(exports.dashboard_tables(dashboard), document.code, filters.as_of)
    context = _dashboard_context(request, dashboard, form, filters, document=document.pk)
    # the snapshot holds the whole document's figures: compared only when those are shown
    if sees_every_unit(request.user) and filters == DashboardFilters(as_of=filters.as_of):
        context["correction"] = snapshot_correction(document, dashboard.counts, as_of=filters.as_of)
    return _page(request, "reports/dashboard.html", "figures", context)


@login_required
def unit_dashboard(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(units_visible_to(request.user), pk=pk)
    form = DashboardFilterForm(request.GET, user=request.user)
    filters = replace(form.filters(), parent=unit)
    visible = tasks_visible_to(request.user)
    dashboard = selectors.unit_dashboard(unit, visible, filters=filters)
    if wants_xlsx(request):
        return tables_download(exports.dashboard_tables(dashboard), unit.code, filters.as_of)
    context = _dashboard_context(request, dashboard, form, filters)
    tasks = selectors.drill_down(visible, filters=filters)[:TASKS_PER_PAGE]
    context["tasks"] = with_row_figures(tasks, as_of=filters.as_of)
    return _page(request, "reports/dashboard.html", "figures", context)


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    """The tasks behind a figure of a dashboard (drill-down), read-only."""
    form = TaskListForm(request.GET, user=request.user)
    filters = form.filters()
    data = form.cleaned_data
    tasks = selectors.drill_down(
        tasks_visible_to(request.user),
        filters=filters,
        document=data.get("document"),
        state=data.get("state") or None,
    )
    if wants_xlsx(request):
        rows = exports.tasks_table(tasks[: exports.EXPORT_MAX_TASKS], as_of=filters.as_of)
        return tables_download([rows], _("Tasks"), filters.as_of)
    page = TaskPaginator(tasks, TASKS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = with_row_figures(page.object_list, as_of=filters.as_of)
    context = {
        "export_query": export_query(request),
        "page": page,
        "form": form,
        "filters": filters,
        "document": data.get("document"),
        "state": data.get("state"),
        "today": timezone.localdate(),
    }
    return render(request, "reports/task_list.html", context)
