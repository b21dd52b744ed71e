"""The base view of the API's resources."""

from typing import Any

from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from tracker.api import HasRole


class ServiceCreateViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, and create through the app's service (`create_with_service`): the
    serializer checks the payload's shape, the service the rules and permissions."""

    permission_classes = [IsAuthenticated, HasRole]
    lookup_value_regex = r"[0-9]+"

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = self.create_with_service(serializer.validated_data)
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)

    def create_with_service(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError
