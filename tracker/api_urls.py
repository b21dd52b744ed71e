"""/api/v1/: the REST API, its OpenAPI schema and its offline docs."""

from django.urls import include, path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from accounts.api import AuditEventViewSet, UserViewSet, token_obtain
from criteria.api import CriteriaSetViewSet
from directions.api import DirectionViewSet
from proposals.api import ProposalViewSet
from proposals.explanation_api import ExplanationRequestViewSet
from reports.api import SummaryView
from reports.periodic.api import PeriodicReportView
from resolutions.api import DocumentViewSet, UnitViewSet
from targets.api import TargetViewSet
from tasks.api import ExtensionViewSet, TaskViewSet
from tasks.api_lifecycle import ChangeRequestViewSet
from tasks.imports.api import TaskImportViewSet
from tracker.api import TokenRateThrottle

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("documents", DocumentViewSet, basename="document")
router.register("tasks", TaskViewSet, basename="task")
router.register("extensions", ExtensionViewSet, basename="extension")
router.register("targets", TargetViewSet, basename="target")
router.register("change-requests", ChangeRequestViewSet, basename="change-request")
router.register("imports/tasks", TaskImportViewSet, basename="task-import")
router.register("users", UserViewSet, basename="user")
router.register("audit-events", AuditEventViewSet, basename="audit-event")
router.register("proposals", ProposalViewSet, basename="proposal")  # issue 15
router.register("criteria-sets", CriteriaSetViewSet, basename="criteria-set")  # issue 15
router.register(
    "explanation-requests", ExplanationRequestViewSet, basename="explanation-request"
)  # issue 15
router.register("directions", DirectionViewSet, basename="direction")  # issue 15


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="The user's login name.")
    password = serializers.CharField(help_text="The user's password.")


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text="Send it as `Authorization: Token <token>`; an administrator can revoke it."
    )


class TokenView(ObtainAuthToken):
    """Throttled per address like every anonymous request; password guessing is locked out
    by django-axes with the same counter as the login page, and told so (429)."""

    throttle_classes = [TokenRateThrottle]

    @extend_schema(
        summary="Get a token",
        description="The token of a user or service account, created on first request.",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="Wrong credentials."),
            403: OpenApiResponse(description="The password must first be changed on the web."),
            429: OpenApiResponse(description="The account is locked after too many failures."),
        },
    )
    def post(self, request, *args, **kwargs):
        return token_obtain(request, serializer=self.get_serializer(data=request.data))


app_name = "api"
urlpatterns = [
    # first: REST clients poll it the most, and Django tries the router's ~80 patterns in turn
    path("summary/", SummaryView.as_view(), name="summary"),
    path("", include(router.urls)),
    path("reports/periodic/", PeriodicReportView.as_view(), name="periodic-report"),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script under our CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
