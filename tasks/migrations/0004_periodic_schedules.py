"""The periodic jobs as data (django-celery-beat): an administrator changes their times in
the admin, and this migration, run once, never overwrites those changes."""

from django.db import migrations

TIMEZONE = "Asia/Ho_Chi_Minh"
# name: (task, crontab minute, hour, day of week)
CRONTABS = {
    "Overdue sweep": ("tasks.tasks.sweep_overdue", "5", "0", "*"),
    "Daily snapshot": ("reports.tasks.record_daily_snapshot", "15", "0", "*"),
    "Deadline and extension reminders": ("tasks.tasks.send_reminders", "30", "6", "*"),
    "Weekly digest for leaders": ("reports.tasks.send_weekly_digest", "0", "7", "1"),
}
DELIVERY = ("Deliver pending notifications", "tasks.tasks.deliver_notifications", 10)


def add_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, (task, minute, hour, day_of_week) in CRONTABS.items():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week=day_of_week,
            day_of_month="*",
            month_of_year="*",
            timezone=TIMEZONE,
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})
    name, task, minutes = DELIVERY
    interval, _ = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
    PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": interval})


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[*CRONTABS, DELIVERY[0]]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0003_search_key_trigram_index"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedules, remove_schedules)]
