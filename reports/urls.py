from django.urls import path

from reports import views
from reports.periodic import views as periodic

app_name = "reports"
urlpatterns = [
    path("documents/<int:pk>/", views.document_dashboard, name="document"),
    path("units/<int:pk>/", views.unit_dashboard, name="unit"),
    path("tasks/", views.task_list, name="tasks"),
    path("periodic/", periodic.periodic_report_page, name="periodic"),
    path("periodic/issue/", periodic.periodic_report_issue_view, name="periodic_issue"),
    path("periodic/issued/<int:pk>/", periodic.issued_report_page, name="issued"),
    path(
        "periodic/issued/<int:pk>/<str:wanted>/",
        periodic.issued_report_file,
        name="issued_file",
    ),
]
