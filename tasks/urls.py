from django.urls import path

from tasks import batch_views, lifecycle_views, manage_views, views
from tasks.imports import views as import_views

app_name = "tasks"
urlpatterns = [
    path("", views.task_list_page, name="list"),
    path("new/", manage_views.task_new, name="new"),
    path("review/", manage_views.review_queue, name="review"),
    path("review/confirm/", batch_views.completions_confirm, name="confirm_completions"),
    path("batches/<int:pk>/undo/", batch_views.batch_undo, name="batch_undo"),
    path("<int:pk>/", views.task_page, name="detail"),
    path("<int:pk>/edit/", manage_views.task_edit, name="edit"),
    path("<int:pk>/breakdown/", manage_views.task_breakdown, name="breakdown"),  # issue 13
    path("<int:pk>/rollup/", manage_views.task_rollup, name="rollup"),  # issue 13
    path("<int:pk>/progress/", views.task_progress, name="progress"),
    path("<int:pk>/extensions/", views.extension_request, name="extension_request"),
    path("<int:pk>/blockers/", views.blocker_raise, name="blocker_raise"),
    path("blockers/<int:pk>/resolve/", views.blocker_resolve, name="blocker_resolve"),
    path("<int:pk>/completion/", views.task_decide_completion, name="completion"),
    path("extensions/<int:pk>/decide/", manage_views.extension_decide, name="extension_decide"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("<int:pk>/cancel/", lifecycle_views.task_cancel, name="cancel"),
    path("<int:pk>/reopen/", lifecycle_views.task_reopen, name="reopen"),
    path("<int:pk>/requests/", lifecycle_views.change_request, name="change_request"),
    path("requests/<int:pk>/decide/", lifecycle_views.change_request_decide, name="change_decide"),
    path("import/", import_views.import_upload, name="import_upload"),
    path("import/template/", import_views.import_template_download, name="import_template"),
    path("import/<int:pk>/", import_views.import_preview, name="import"),
    path("import/<int:pk>/upload/", import_views.import_upload, name="import_reupload"),
    path("import/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/status/", import_views.import_status, name="import_status"),
]
