from django.urls import path

from reports import views
from reports.periodic.views import periodic_report_page

app_name = "reports"
urlpatterns = [
    path("documents/<int:pk>/", views.document_dashboard, name="document"),
    path("units/<int:pk>/", views.unit_dashboard, name="unit"),
    path("tasks/", views.task_list, name="tasks"),
    path("periodic/", periodic_report_page, name="periodic"),
]
