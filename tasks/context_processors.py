"""What every page may ask of the lifecycle, so templates never restate a role."""

from django.http import HttpRequest

from resolutions.permissions import can_manage


def lifecycle(request: HttpRequest) -> dict[str, bool]:
    """`may_manage`: the user enters documents and tasks and decides requests (the nav
    shows the review queue and the "Add" menu)."""
    return {"may_manage": can_manage(request.user)}
