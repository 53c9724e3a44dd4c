"""One call per export or download of personal data: `record(request, action, what, rows)`.

Call it in the view, before the response is returned: the row is written in the request's
transaction (ATOMIC_REQUESTS), so a download that fails records nothing and one that is served
cannot go unrecorded.
"""

from core.admin_login import client_address

from .models import AuditEntry

Action = AuditEntry.Action


def record(request, action, what, rows=None):
    user = request.user
    return AuditEntry.objects.create(
        user_id=user.pk,
        username=user.get_username(),
        action=action,
        what=str(what)[:500],
        rows=rows,
        address=client_address(request),
    )
