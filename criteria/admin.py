from django.contrib import admin

from criteria.models import CriteriaSet, Criterion, CriterionReport


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    """Criteria sets are configuration: coordinators enter them and their criteria here."""

    list_display = ["name", "parent"]
    autocomplete_fields = ["parent", "document"]
    inlines = [CriterionInline]


@admin.register(CriterionReport)
class CriterionReportAdmin(admin.ModelAdmin):
    """Units' reports are history, written by criteria.services: read-only here."""

    list_display = ["unit", "criterion", "met", "on", "reported_by"]
    list_filter = ["met"]
    list_select_related = ["unit", "criterion", "reported_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
