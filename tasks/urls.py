from django.urls import path

from tasks import lifecycle_views, views

app_name = "tasks"
urlpatterns = [
    path("", views.task_list_page, name="list"),
    path("new/", views.task_new, name="new"),
    path("review/", views.review_queue, name="review"),
    path("<int:pk>/", views.task_page, name="detail"),
    path("<int:pk>/edit/", views.task_edit, name="edit"),
    path("<int:pk>/progress/", views.task_progress, name="progress"),
    path("<int:pk>/extensions/", views.extension_request, name="extension_request"),
    path("<int:pk>/blockers/", views.blocker_raise, name="blocker_raise"),
    path("blockers/<int:pk>/resolve/", views.blocker_resolve, name="blocker_resolve"),
    path("<int:pk>/completion/", views.task_decide_completion, name="completion"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("<int:pk>/cancel/", lifecycle_views.task_cancel, name="cancel"),
    path("<int:pk>/reopen/", lifecycle_views.task_reopen, name="reopen"),
    path("<int:pk>/requests/", lifecycle_views.change_request, name="change_request"),
    path("requests/<int:pk>/decide/", lifecycle_views.change_request_decide, name="change_decide"),
]
