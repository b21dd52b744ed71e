from django.contrib import admin

from resolutions.admin import ScopedAdmin
from resolutions.permissions import documents_visible_to, tasks_visible_to
from tasks.models import (
    AssignmentBatch,
    Blocker,
    ChangeRequest,
    Evidence,
    Extension,
    IdempotencyKey,
    Notification,
    Task,
    TaskChange,
    TaskImport,
)
from tasks.selectors import search_filter
from tasks.services import task_update
from tracker.admin_paging import LargeTablePaginator


def _of_visible_tasks(model):
    """The rows of `model` (with a `task`) whose task the user sees."""

    def visible(user):
        return model.objects.filter(task__in=tasks_visible_to(user))

    return staticmethod(visible)


# Status, percent, dates, deadlines, lead unit and document change through the services only.
HISTORY_FIELDS = [
    "document",
    "lead_unit",
    "assigned_on",
    "original_deadline",
    "deadline",
    "status",
    "percent",
    "started_on",
    "completed_on",
    "completion_confirmed_at",
    "cancelled_on",
    "extension_count",
    "overdue_since",
    "version",
]


class TaskChangeInline(admin.TabularInline):
    model = TaskChange
    extra = 0
    can_delete = False
    readonly_fields = ["changed_at", "changed_by", "field", "before", "after", "note"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Task)
class TaskAdmin(ScopedAdmin):
    """The fields that carry history are read-only here; what stays editable (title,
    description, supporting units) is saved through `task_update`, with history and a new
    version. Tasks are created, reported and decided on the app's pages."""

    list_display = ["title", "document", "lead_unit", "deadline", "status", "percent"]
    list_filter = ["status", "document"]
    search_fields = ["title"]  # read by get_search_results, which searches as the app does
    autocomplete_fields = ["supporting_units"]
    # issue 20: 1,000,000 tasks open in one page, no full count
    paginator = LargeTablePaginator
    show_full_result_count = False
    fields = ["title", "description", "supporting_units", *HISTORY_FIELDS]
    readonly_fields = HISTORY_FIELDS
    inlines = [TaskChangeInline]
    visible_to = staticmethod(tasks_visible_to)

    def has_add_permission(self, request) -> bool:
        return False

    def get_search_results(self, request, queryset, search_term):
        """The app's search (folded title or document code, from the trigram index), here
        and in the autocomplete of other models' task fields; never a scan of every title."""
        if not search_term.strip():
            return queryset, False
        return queryset.filter(search_filter(search_term)), False

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        stored = Task.objects.get(pk=obj.pk)
        task_update(
            user=request.user,
            task=stored,
            title=data["title"],
            description=data["description"],
            deadline=stored.deadline,
            supporting_units=data["supporting_units"],
        )

    def save_related(self, request, form, formsets, change) -> None:
        """The service saved the supporting units; only the (read-only) inlines remain."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(TaskChange)
class TaskChangeAdmin(ScopedAdmin):
    """Read-only: the history is append-only."""

    visible_to = _of_visible_tasks(TaskChange)

    list_display = ["task", "field", "before", "after", "changed_by", "changed_at"]
    list_filter = ["field"]  # the (field, changed_at, id) index serves it
    paginator = LargeTablePaginator
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ScopedAdmin):
    """Rows that move a task's figures or history: made and decided on the app's pages,
    through the services, and only read here."""

    paginator = LargeTablePaginator
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Extension)
class ExtensionAdmin(ReadOnlyAdmin):
    visible_to = _of_visible_tasks(Extension)
    list_display = ["task", "requested_deadline", "status", "requested_at", "decided_on"]
    list_filter = ["status"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdmin):
    visible_to = _of_visible_tasks(ChangeRequest)
    list_display = ["task", "kind", "status", "requested_by", "requested_at", "decided_on"]
    list_filter = ["kind", "status"]


@admin.register(Blocker)
class BlockerAdmin(ReadOnlyAdmin):
    visible_to = _of_visible_tasks(Blocker)
    list_display = ["task", "raised_on", "raised_by", "resolved_on", "resolved_by"]
    list_filter = ["raised_on", "resolved_on"]


@admin.register(Evidence)
class EvidenceAdmin(ScopedAdmin):
    visible_to = _of_visible_tasks(Evidence)
    list_display = ["original_name", "task", "size", "uploaded_by", "uploaded_at"]
    autocomplete_fields = ["task", "uploaded_by"]  # never a menu of every task


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    autocomplete_fields = ["recipient", "task"]
    paginator = LargeTablePaginator
    show_full_result_count = False


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(admin.ModelAdmin):
    """Read-only: written with the change it stands for (tasks/idempotency.py)."""

    list_display = ["created_at", "user", "action", "result_id"]
    list_filter = ["action"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TaskImport)
class TaskImportAdmin(admin.ModelAdmin):
    """Read-only: imports are made and confirmed on the import page or through the API."""

    list_display = ["file_name", "created_by", "created_at", "status", "created_count"]
    list_filter = ["status"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AssignmentBatch)
class AssignmentBatchAdmin(ReadOnlyAdmin):
    """Read-only: batches are made by the task form and undone on their task list."""

    list_display = ["title", "document", "created_by", "created_at", "undone_at"]
    exclude = ["tasks"]

    @staticmethod
    def visible_to(user):
        # a batch is seen with its document (issue 13's scope), never another province's
        return AssignmentBatch.objects.filter(document__in=documents_visible_to(user))
