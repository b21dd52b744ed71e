from django.contrib import admin

from resolutions.models import Document, Membership, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["parent", "successor"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["code", "issued_on", "title", "is_active"]
    list_filter = ["doc_type", "issuer", "is_active"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["parent"]
    date_hierarchy = "issued_on"


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]
