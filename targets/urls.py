from django.urls import path

from targets import views

app_name = "targets"
urlpatterns = [
    path("", views.target_list, name="list"),
    path("<int:pk>/", views.target_page, name="detail"),
    path("<int:pk>/report/", views.target_report, name="report"),
    path("evidence/<int:pk>/", views.target_evidence, name="evidence"),
]
