"""The daily step of the matching: scheduled requests whose activity is over (core.tasks
explains the queue). `manage.py mark_implemented_requests`, run daily from cron or a systemd
timer like the roster's purge, queues it; the worker runs it and records the outcome."""

from django_tasks import task


@task()
def mark_implemented_requests():
    from .services import implement_past_activities

    return f"{implement_past_activities()} request(s) implemented"
