"""Key figures of what the programmes achieved: activities that took place, and their reach."""

from django.db.models import Count, Max, Sum

from .models import Activity


def achieved_figures(today=None):
    """Activities held so far, their participants and the member countries they reached.

    Two queries whatever the number of activities. Planned and undated activities are not
    achievements and are left out. Some activities record only how many countries took part,
    not which: the countries figure is then a floor (the larger of the two counts).
    """
    held = Activity.objects.published().past(today)
    totals = held.aggregate(
        activities=Count("id"), participants=Sum("participants"), widest=Max("countries_count")
    )
    listed = set()
    for codes in held.exclude(member_countries="").values_list("member_countries", flat=True):
        # values_list() hands back the stored text ("TR,SN"), not the field's list.
        listed.update(code for code in str(codes).split(",") if code)
    return {
        "activities": totals["activities"],
        "participants": totals["participants"] or 0,
        "countries": max(len(listed), totals["widest"] or 0),
    }
