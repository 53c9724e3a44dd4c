"""Download counters: one download per client, document, language and day.

Anyone can fetch a file again and again; counting every request would let one visitor inflate
the figures. A download counts when this client (its address behind the trusted proxies, an
IPv6 /64 counting as one) has not fetched the same document in the same language today. The
address is never stored: the cache keeps a keyed hash (HMAC with SECRET_KEY) of the day, the
client, the document and the language, which expires at the end of the day.
"""

import datetime
import ipaddress

from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.net import client_ip


def count_downloads(request, document_ids, language) -> list[int]:
    """Add one download to each document this client did not fetch today; returns those."""
    from .models import Document

    now = timezone.localtime()
    client = _client(request)
    tomorrow = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=now.tzinfo
    )
    seconds_left = max(60, int((tomorrow - now).total_seconds()))
    counted = [
        pk
        for pk in document_ids
        # add() is atomic (SET NX in Redis): of two simultaneous requests only one counts. While
        # Redis is down it answers None (django-redis ignores the error): count then.
        if cache.add(_key(now.date(), client, pk, language), 1, seconds_left) is not False
    ]
    if counted:
        field = f"downloads_{language}"
        Document.objects.filter(pk__in=counted).update(**{field: F(field) + 1})
    return counted


def _client(request) -> str:
    """The client's address; for IPv6 its /64 network (one subscriber usually holds all of it)."""
    address = client_ip(request)
    if ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return address


def _key(day, client, document_id, language) -> str:
    digest = salted_hmac(
        "programmes.download", f"{day.isoformat()}|{client}|{document_id}|{language}"
    ).hexdigest()
    return f"download:{digest[:32]}"
