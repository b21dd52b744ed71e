"""What the audit trail hears: Django's sign-in signals, django-axes' lockouts, and every
save and delete of the audited models, whichever door (web, API, admin, job) wrote them.
Bulk `update()`/`bulk_create()` send no signals: services that use them record their
own event (see accounts.audit.record)."""

from typing import Any

from axes.signals import user_locked_out
from celery.signals import task_postrun, task_prerun
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_save

from accounts import audit, services

Action = audit.Action
# Apps whose every model is audited, plus single models of Django's and DRF's apps.
AUDITED_APPS = ("resolutions", "tasks", "reports")
AUDITED_MODELS = ("auth.User", "auth.Group", "django_celery_beat.PeriodicTask")
SNAPSHOT = "_audit_snapshot"
_jobs: dict[str, Any] = {}


def audited_models() -> list[type[models.Model]]:
    chosen = [m for name in AUDITED_APPS for m in apps.get_app_config(name).get_models()]
    return chosen + [apps.get_model(label) for label in AUDITED_MODELS]


def _remember(sender, instance: models.Model, **kwargs) -> None:
    """The row as loaded, so a later save can say what changed without a query: a copy of
    its attributes (one C-level copy: every row a page reads passes here, issue 17), read
    field by field only when it is saved."""
    instance.__dict__[SNAPSHOT] = instance.__dict__.copy()


def _flag_password_change(sender, instance, **kwargs) -> None:
    # set_password() leaves the raw password in `_password` until the next save.
    instance.__dict__["_audit_password_set"] = getattr(instance, "_password", None) is not None


def _saved(sender, instance: models.Model, created: bool, update_fields=None, **kwargs) -> None:
    if update_fields and set(update_fields) <= audit.HIDDEN_FIELDS:
        return
    after = audit.values_of(instance)
    if created:
        audit.record(action=Action.CREATED, obj=instance, summary=audit.values_summary(after))
    else:
        summary = audit.changes_summary(instance.__dict__.get(SNAPSHOT, {}), after)
        if summary:
            audit.record(action=Action.CHANGED, obj=instance, summary=summary)
    instance.__dict__[SNAPSHOT] = after
    if instance.__dict__.pop("_audit_password_set", False):
        by = audit.current_actor()
        services.password_was_set(user=instance, by=by)  # type: ignore[arg-type]


def _deleted(sender, instance: models.Model, **kwargs) -> None:
    audit.record(
        action=Action.DELETED, obj=instance, summary=audit.values_summary(audit.values_of(instance))
    )


def _m2m(sender, instance, action: str, model, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if type(instance) not in _audited_set:
        return
    field = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender), ""
    )
    sign = {"post_add": "+", "post_remove": "−", "post_clear": "∅"}[action]
    ids = ", ".join(str(pk) for pk in sorted(pk_set or []))
    audit.record(action=Action.CHANGED, obj=instance, summary=f"{field}: {sign}{ids}")


def _logged_in(sender, request, user, **kwargs) -> None:
    services.session_started(request=request, user=user)
    audit.record(action=Action.LOGIN, obj=user, actor=user, request=request)


def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit.record(action=Action.LOGOUT, obj=user, actor=user, request=request)


def _login_failed(sender, credentials: dict, request=None, **kwargs) -> None:
    audit.record(
        action=Action.LOGIN_FAILED,
        actor_name=str(credentials.get("username", "")),
        request=request,
        summary=request.path if request is not None else "",
    )


def _locked_out(sender, request, username: str, ip_address: str, **kwargs) -> None:
    audit.record(
        action=Action.LOCKOUT,
        actor_name=username or "",
        request=request,
        summary=f"{username} @ {ip_address}",
    )


def _token_saved(sender, instance, created: bool, **kwargs) -> None:
    if created:
        audit.record(action=Action.TOKEN_ISSUED, obj=instance.user, summary="API token")


def _token_deleted(sender, instance, **kwargs) -> None:
    audit.record(action=Action.TOKEN_REVOKED, obj=instance.user, summary="API token")


def _job_started(sender=None, task_id=None, task=None, **kwargs) -> None:
    context = audit.job_context(task.name if task is not None else "job")
    context.__enter__()
    _jobs[task_id] = context


def _job_finished(sender=None, task_id=None, task=None, retval=None, **kwargs) -> None:
    """A job that did something says what it returned: bulk updates (the overdue sweep)
    send no per-row signal."""
    context = _jobs.pop(task_id, None)
    if retval and not isinstance(retval, Exception) and task is not None:
        audit.record(action=Action.JOB, summary=f"{task.name}: {audit.shown(retval)}")
    if context is not None:
        context.__exit__(None, None, None)


_audited_set: set[type[models.Model]] = set()


def connect() -> None:
    """Called once from AccountsConfig.ready()."""
    from rest_framework.authtoken.models import Token

    for model in audited_models():
        _audited_set.add(model)
        post_init.connect(_remember, sender=model, dispatch_uid=f"audit-init-{model._meta.label}")
        post_save.connect(_saved, sender=model, dispatch_uid=f"audit-save-{model._meta.label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"audit-del-{model._meta.label}")
    pre_save.connect(_flag_password_change, sender=get_user_model(), dispatch_uid="audit-pw")
    m2m_changed.connect(_m2m, dispatch_uid="audit-m2m")
    user_logged_in.connect(_logged_in, dispatch_uid="audit-login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
    user_locked_out.connect(_locked_out, dispatch_uid="audit-lockout")
    post_save.connect(_token_saved, sender=Token, dispatch_uid="audit-token-save")
    post_delete.connect(_token_deleted, sender=Token, dispatch_uid="audit-token-del")
    task_prerun.connect(_job_started, dispatch_uid="audit-job-start", weak=False)
    task_postrun.connect(_job_finished, dispatch_uid="audit-job-end", weak=False)
