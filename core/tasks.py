"""The site's one mechanism for background work: a queue stored in the database.

django-tasks with its database backend (django-tasks-db): `enqueue()` INSERTs a row in the
current transaction, so a request that rolls back queues nothing and one that commits never
loses its task; `manage.py db_worker` runs the rows after the commit. Redis keeps nothing on
disk here, which is why the queue does not live there.

E-mail goes through `queue_mail()`: the message is built by the worker, when it is sent (so no
signed link or personal data waits in the task table), and a refused or unanswered attempt is
tried again later, a bounded number of times; the last failure is logged and recorded as a
failed task, which staff see under "Task results" in the admin.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

logger = logging.getLogger(__name__)


def mail_builder(function):
    """Mark a function as one that `queue_mail` may name.

    It is called by the worker with the JSON arguments given to `queue_mail` and returns the
    EmailMessage objects to send (none when, meanwhile, there is nothing to say).
    """
    function.is_mail_builder = True
    return function


def _builder(path):
    function = import_string(path)
    if not getattr(function, "is_mail_builder", False):
        raise ValueError(f"{path} is not a mail builder")
    return function


def queue_mail(builder_path: str, **arguments):
    """Queue the messages `builder_path` will build, in the current transaction."""
    _builder(builder_path)  # a typo fails here, in the request, not later in the worker
    return send_mail.enqueue(builder_path, arguments)


class MailNotSent(Exception):
    """The last attempt failed too: the task is recorded as failed."""


def retry_delay(attempt: int) -> int:
    """Seconds before attempt `attempt + 1`: MAIL_RETRY_DELAY, doubled after each failure."""
    return settings.MAIL_RETRY_DELAY * 2 ** (attempt - 1)


@task()
def send_mail(builder_path: str, arguments: dict, attempt: int = 1):
    messages = _builder(builder_path)(**arguments)
    if not messages:
        return "nothing to send"
    try:
        # The SMTP backend waits at most EMAIL_TIMEOUT seconds for the server.
        with get_connection() as connection:
            connection.send_messages(messages)
    except (OSError, smtplib.SMTPException) as error:
        if attempt >= settings.MAIL_MAX_ATTEMPTS:
            logger.error(
                "Mail %s not sent after %d attempts, giving up: %r",
                builder_path,
                attempt,
                error,
            )
            raise MailNotSent(f"{builder_path}: {attempt} attempts failed") from error
        delay = retry_delay(attempt)
        send_mail.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
            builder_path, arguments, attempt + 1
        )
        logger.warning(
            "Mail %s not sent (attempt %d): %r; trying again in %d s",
            builder_path,
            attempt,
            error,
            delay,
        )
        return f"attempt {attempt} failed, retry queued"
    return f"sent {len(messages)}"
