"""Share links: each network's own "share" address, reached by a plain link.

No third-party script, widget or image is loaded, so nothing is sent to a network unless the
reader follows the link.
"""

from dataclasses import dataclass

from django.utils.http import urlencode
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ShareLink:
    name: str
    url: str
    external: bool = True


def share_links(page_url, title):
    return [
        ShareLink(
            _("E-mail"),
            "mailto:?" + urlencode({"subject": title, "body": page_url}).replace("+", "%20"),
            external=False,
        ),
        ShareLink(
            "X", "https://twitter.com/intent/tweet?" + urlencode({"url": page_url, "text": title})
        ),
        ShareLink(
            "Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": page_url})
        ),
        ShareLink(
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": page_url}),
        ),
    ]
