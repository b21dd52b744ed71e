"""POST /api/v1/imports/tasks/ (multipart `file`): check a spreadsheet of tasks;
POST /api/v1/imports/tasks/{id}/confirm/: create every row, or 400 and nothing."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from tasks.imports.selectors import imports_of
from tasks.imports.services import task_import_check, task_import_confirm
from tasks.models import TaskImport


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("The filled template (.xlsx)."))


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=_("Row number in the sheet (the header is row 1)."))
    column = serializers.CharField(help_text=_("Column header of the bad cell."))
    message = serializers.CharField(help_text=_("What is wrong with it."))


class ImportSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Numeric id of the import."))
    rows = serializers.IntegerField(source="row_count", help_text=_("Task rows read."))
    valid = serializers.IntegerField(source="valid_count", help_text=_("Rows without error."))
    errors = RowErrorSerializer(many=True, help_text=_("Every error, row by row."))
    status = serializers.CharField(help_text=_("checked, queued, done or failed."))
    created = serializers.IntegerField(source="created_count", help_text=_("Tasks created."))


class TaskImportViewSet(viewsets.GenericViewSet):
    serializer_class = ImportSerializer
    parser_classes = [MultiPartParser]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[TaskImport]:
        return imports_of(self.request.user)

    @extend_schema(
        summary="Check a spreadsheet of tasks",
        description="Reads and checks every row; creates nothing. Coordinators only.",
        request={"multipart/form-data": UploadSerializer},
        responses={201: ImportSerializer},
    )
    def create(self, request) -> Response:
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        task_import = task_import_check(
            user=request.user, upload=file, name=file.name, size=file.size
        )
        return Response(ImportSerializer(task_import).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Import the checked tasks",
        description="Creates every row in one transaction, or answers 400 and creates "
        "nothing when any row is bad (checked again now).",
        request=None,
        responses={200: ImportSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def confirm(self, request, pk: str) -> Response:
        task_import = task_import_confirm(user=request.user, task_import=self.get_object())
        return Response(ImportSerializer(task_import).data)
