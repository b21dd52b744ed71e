"""The installable app's server side (issue 19): manifest, service worker, and the sign-out
that tells the browser to drop what it kept for offline use."""

import json
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_the_manifest_opens_the_task_list_standalone_with_two_icons(client):
    response = client.get(reverse("manifest"))
    manifest = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert (manifest["start_url"], manifest["display"]) == ("/tasks/", "standalone")
    assert [icon["sizes"] for icon in manifest["icons"]] == ["192x192", "512x512"]


def test_the_manifest_icons_are_static_pngs(client):
    for icon in json.loads(client.get(reverse("manifest")).content)["icons"]:
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        assert Path(path).read_bytes().startswith(b"\x89PNG")


def test_the_service_worker_is_served_from_the_root_never_cached(client):
    response = client.get("/sw.js")
    assert response["Content-Type"] == "text/javascript"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert b'addEventListener("fetch"' in response.content


def test_signing_out_clears_the_site_data_kept_offline(client, staff):
    client.force_login(staff)
    response = client.post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_other_answers_do_not_clear_the_site_data(client, staff):
    client.force_login(staff)
    assert "Clear-Site-Data" not in client.get(reverse("tasks:list"))


def test_pages_name_the_signed_in_user_for_the_offline_queue(client, staff):
    client.force_login(staff)
    html = client.get(reverse("tasks:list")).content.decode()
    assert f'data-user="{staff.pk}"' in html
    assert 'data-served="network"' in html


def test_the_task_list_links_tasks_to_keep_offline(client, today, staff, unit):
    task = TaskFactory(lead_unit=unit)
    client.force_login(staff)
    html = client.get(reverse("tasks:list")).content.decode()
    assert f'href="/tasks/{task.pk}/" class="fw-semibold" data-keep-offline' in html


def test_a_session_ended_by_the_idle_timeout_clears_the_site_data_too(client, staff, settings):
    settings.SESSION_IDLE_TIMEOUT = 30
    with time_machine.travel("2025-09-30 10:00 +07:00", tick=False) as traveller:
        client.force_login(staff)
        client.get(reverse("tasks:list"))
        traveller.shift(31 * 60)
        response = client.get(reverse("tasks:list"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'
