from django.urls import path

from proposals import views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_new, name="new"),
    path("<int:pk>/", views.proposal_page, name="detail"),
    path("<int:pk>/transition/", views.proposal_transition, name="transition"),
]
