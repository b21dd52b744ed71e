from django.urls import path

from resolutions import views

app_name = "resolutions"
urlpatterns = [
    path("new/", views.document_new, name="new"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
]
