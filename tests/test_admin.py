"""Every model of the apps is in the admin, and its pages open for an administrator."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

APPS = ("resolutions", "tasks", "reports", "accounts")


def test_every_model_is_registered():
    models = [model for name in APPS for model in apps.get_app_config(name).get_models()]
    assert [model for model in models if model not in admin.site._registry] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model",
    [m for name in APPS for m in apps.get_app_config(name).get_models()],
    ids=lambda m: m._meta.label,
)
def test_admin_list_and_add_pages_open_in_vietnamese(client, admin_user, model):
    client.force_login(admin_user)
    opts = model._meta
    listing = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert listing.status_code == 200
    assert "Quản trị" in listing.content.decode() or "quản trị" in listing.content.decode()
    adding = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert adding.status_code in (200, 403)  # the append-only history refuses additions
