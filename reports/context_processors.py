"""What the menu may offer of the reports, asked of reports.permissions (never restated in
templates). A callable, so a page that does not show the menu asks nothing."""

from django.http import HttpRequest

from reports.permissions import may_write_periodic_report


def reports(request: HttpRequest) -> dict:
    return {"may_write_periodic_report": lambda: may_write_periodic_report(request.user)}
