from django.urls import path

from criteria import views

app_name = "criteria"
urlpatterns = [
    path("", views.criteria_sets, name="list"),
    path("<int:pk>/", views.matrix_page, name="matrix"),
    path("<int:pk>/units/<int:unit_pk>/", views.scorecard_page, name="scorecard"),
    path("<int:pk>/units/<int:unit_pk>/report/", views.criterion_report, name="report"),
]
