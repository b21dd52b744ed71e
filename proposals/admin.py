from django.contrib import admin

from proposals.models import ExplanationRequest, Proposal, ProposalStep


class ProposalStepInline(admin.TabularInline):
    model = ProposalStep
    extra = 0
    can_delete = False
    readonly_fields = ["from_state", "to_state", "on", "by", "at", "details"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Proposals move only through proposals.services, which keeps each step: the workflow's
    fields are read here, not edited."""

    list_display = ["title", "from_unit", "to_unit", "state", "submitted_on"]
    list_filter = ["state"]
    list_select_related = ["from_unit", "to_unit"]
    search_fields = ["title"]
    inlines = [ProposalStepInline]
    readonly_fields = ["from_unit", "to_unit", "task", "target", "document", "state"]
    readonly_fields += ["submitted_on", "raised_by", "meeting_name", "meeting_on", "conclusion"]
    readonly_fields += ["responsible_unit", "handle_by", "rejection_reason", "closed_on"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ExplanationRequest)
class ExplanationRequestAdmin(admin.ModelAdmin):
    """Asked and answered through proposals.explanations, which tells the people concerned:
    read here."""

    list_display = ["unit", "question", "answer_by", "answered_on"]
    list_select_related = ["unit"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
