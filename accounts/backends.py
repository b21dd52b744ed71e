"""Django's password backend, reading a signed-in user with their membership and its unit in
the one query every request makes (issue 17): each page and API call asks the role and
the unit (resolutions.selectors.role_of, unit_of), which otherwise cost two more."""

from django.contrib.auth import backends, get_user_model


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("membership__unit")
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
