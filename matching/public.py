"""What the matching adds to an activity's public page (settings.ACTIVITY_PAGE_EXTRAS)."""

from experts.models import Expert

from .models import ActivityExpert


def activity_page_extras(activity):
    """The experts who served and agreed to be named (one query)."""
    rows = (
        ActivityExpert.objects.filter(
            activity=activity,
            expert__status=Expert.Status.APPROVED,
            expert__erased_at__isnull=True,  # an erased expert is never named
            expert__naming_consent__withdrawn_at__isnull=True,
            expert__naming_consent__isnull=False,
        )
        .select_related("expert")
        .order_by("role", "expert__family_name", "expert__given_name")
    )
    return {"named_experts": list(rows)}
