from django.urls import path

from proposals import explanation_views, views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_new, name="new"),
    path("<int:pk>/", views.proposal_page, name="detail"),
    path("<int:pk>/transition/", views.proposal_transition, name="transition"),
    path("explanations/", explanation_views.explanation_list, name="explanations"),
    path(
        "explanations/section/",
        explanation_views.explanation_section,
        name="explanation-section",
    ),
    path("explanations/ask/", explanation_views.explanation_ask, name="explanation-ask"),
    path(
        "explanations/<int:pk>/answer/",
        explanation_views.explanation_answer,
        name="explanation-answer",
    ),
]
