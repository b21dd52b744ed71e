from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and audit")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from accounts import signals

        signals.connect()
        # Users are shown by their full name everywhere (history, extensions, admin lists),
        # as officials know each other; the project keeps Django's user model, so its
        # __str__ is the one place that decides how a person is named.
        get_user_model().__str__ = _person_name  # type: ignore[method-assign]


def _person_name(user) -> str:
    return user.get_full_name() or user.get_username()
