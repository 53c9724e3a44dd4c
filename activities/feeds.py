from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.links import absolute_url

from .dates import format_date_range
from .models import Activity
from .venues import venue_text

FEED_SIZE = 30


class ActivitiesFeed(Feed):
    """The latest published activities, as Atom, in the language of the URL."""

    feed_type = Atom1Feed
    # Feed.language unset: Django then writes the active language (that of the URL).
    description_template = "activities/feed_item.html"
    # RFC 4287: a feed names its author unless every entry does.
    author_name = "SESRIC"
    author_link = "https://www.sesric.org/"  # the owner's site (seed 001)

    def title(self):
        return f"{settings.SITE_NAME} – {_('Activities')}"

    def subtitle(self):
        return _("New activities of SESRIC's capacity building programmes.")

    # Absolute links on SITE_URL: Django would otherwise prefix the request's Host header.
    def link(self):
        return absolute_url(reverse("activities:index"))

    def feed_url(self):
        return absolute_url(reverse("activities:feed"))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def items(self):
        return (
            Activity.objects.published()
            .select_related("programme")
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at or timezone.now()

    def item_categories(self, item):
        return [item.programme.acronym or item.programme.name, item.get_kind_display()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = kwargs["item"]
        context["dates"] = format_date_range(item.start_date, item.end_date)
        context["venue"] = venue_text(item)
        return context
