"""Who provided and who benefited, per programme and year: the flows of the statistics page.

One query (the activities that record a provider country); the chart is drawn on the server
as SVG, two bars per programme and year: provider countries (plain) and beneficiary countries
(hatched), so that the two are told apart without colour. Mirrored on right-to-left pages.
"""

from dataclasses import dataclass
from html import escape

from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django_countries.fields import Country

from core.charts import LABEL_GAP, VALUE_SPACE
from core.collation import collation_key

SIDES = ("providers", "beneficiaries")
BAR_HEIGHT = 14
BAR_GAP = 3
ROW_GAP = 12
ROW_HEIGHT = 2 * BAR_HEIGHT + BAR_GAP + ROW_GAP


def flow_figures(activities):
    """The rows of the flows table, one per programme and year (one query): the programme,
    the year, the provider and beneficiary countries (by name, UCA order) and the activities."""
    rows = (
        activities.exclude(provider_countries="")
        .for_table()
        .order_by("programme__order", "programme_id", "-start_date")
    )
    flows = {}
    for activity in rows:
        flow = flows.setdefault(
            (activity.programme_id, activity.year),
            {
                "programme": activity.programme,
                "year": activity.year,
                "providers": set(),
                "beneficiaries": set(),
                "activities": 0,
            },
        )
        flow["providers"].update(country.code for country in activity.provider_countries)
        flow["beneficiaries"].update(country.code for country in activity.member_countries)
        flow["activities"] += 1
    for flow in flows.values():
        for side in SIDES:
            flow[side] = sorted(
                (Country(code) for code in flow[side]), key=lambda c: collation_key(str(c.name))
            )
    return list(flows.values())


def flow_label(flow):
    """The programme (acronym, else its name, shortened) and the year: the year always shows."""
    programme = flow["programme"]
    name = Truncator(programme.acronym or str(programme.name)).chars(18)
    return f"{name} {flow['year'] or '–'}"


@dataclass(frozen=True)
class FlowsChart:
    """Geometry of the flows chart; its rows are written in Python (see core.charts)."""

    flows: list
    rtl: bool
    width: int = 640
    label_width: int = 200

    @property
    def is_empty(self):
        return not self.flows

    @property
    def height(self):
        return max(ROW_HEIGHT, len(self.flows) * ROW_HEIGHT)

    def svg_rows(self):
        """A <g> per programme and year: its label, then a bar and a value for each side."""
        largest = max((len(flow[side]) for flow in self.flows for side in SIDES), default=0) or 1
        track = self.width - self.label_width - VALUE_SPACE
        direction = "rtl" if self.rtl else "ltr"
        bar_start = self.width - self.label_width if self.rtl else self.label_width
        label_x = bar_start + LABEL_GAP if self.rtl else bar_start - LABEL_GAP
        parts = []
        for index, flow in enumerate(self.flows):
            top = index * ROW_HEIGHT + ROW_GAP / 2
            label_y = round(top + BAR_HEIGHT + BAR_GAP / 2, 1)
            parts.append(
                f'<g><text x="{label_x}" y="{label_y}" direction="{direction}" text-anchor="end" '
                f'dominant-baseline="middle" class="chart__label">'
                f"{escape(flow_label(flow))}</text>"
            )
            for position, side in enumerate(SIDES):
                count = len(flow[side])
                length = round(track * count / largest, 1)
                y = round(top + position * (BAR_HEIGHT + BAR_GAP), 1)
                bar_x = round(bar_start - length, 1) if self.rtl else bar_start
                value_x = round(bar_x - 6 if self.rtl else bar_start + length + 6, 1)
                parts.append(
                    f'<rect x="{bar_x}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
                    f'class="flows-chart__bar flows-chart__bar--{side}"></rect>'
                    f'<text x="{value_x}" y="{round(y + BAR_HEIGHT / 2, 1)}" '
                    f'direction="{direction}" text-anchor="start" dominant-baseline="middle" '
                    f'class="chart__value">{localize(count)}</text>'
                )
            parts.append("</g>")
        return mark_safe("".join(parts))  # noqa: S308 - labels escaped, the rest numbers


def flows_chart(flows, *, rtl=False):
    return FlowsChart(flows=flows, rtl=rtl)
