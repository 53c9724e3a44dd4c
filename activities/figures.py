"""Key figures of what the programmes achieved: activities that took place, and their reach."""

from collections import Counter

from django.db import connections
from django.db.models import Count, Max, Sum

from .models import Activity


def reached_countries(activities) -> Counter:
    """How many of `activities` reached each member country: {code: activities}.

    One query. On PostgreSQL the database splits the stored lists ("TR,SN") and counts, so the
    answer is a row per country however many activities there are; elsewhere (SQLite for
    `make run`) the lists are read and counted here.
    """
    listed = activities.exclude(member_countries="").order_by()
    connection = connections[listed.db]
    if connection.vendor != "postgresql":
        reached = Counter()
        for codes in listed.values_list("member_countries", flat=True):
            # values_list() hands back the stored text ("TR,SN"), not the field's list.
            reached.update({code for code in str(codes).split(",") if code})
        return reached
    inner, params = listed.values("id", "member_countries").query.sql_with_params()
    sql = (
        "SELECT code, COUNT(DISTINCT listed.id) "  # noqa: S608 - the ORM's own SQL and params
        f"FROM ({inner}) AS listed, "
        "unnest(string_to_array(listed.member_countries, ',')) AS code "
        "WHERE code <> '' GROUP BY code"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return Counter(dict(cursor.fetchall()))


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
    listed = reached_countries(held)
    return {
        "activities": totals["activities"],
        "participants": totals["participants"] or 0,
        "countries": max(len(listed), totals["widest"] or 0),
    }
