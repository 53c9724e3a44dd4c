"""Bar charts drawn on the server as SVG: no script, mirrored for right-to-left pages."""

from dataclasses import dataclass
from html import escape

from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

LABEL_GAP = 8
VALUE_SPACE = 56


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: int
    y: float
    text_y: float
    bar_x: float
    bar_width: float
    label_x: float
    value_x: float


@dataclass(frozen=True)
class BarChart:
    bars: list
    width: int
    height: int
    bar_height: int
    direction: str  # "ltr" or "rtl": the side bars grow from and where labels stand
    label_anchor: str = "end"
    value_anchor: str = "start"

    @property
    def is_empty(self):
        return not self.bars

    # The rows are written here rather than in includes/bar_chart.html: a template spent about
    # 60 function calls on each of the 6 attributes of each bar (the statistics page draws
    # over 300 bars).

    def svg_bars(self):
        """The <g> of each bar: its label, its bar and its value."""
        parts = []
        for bar in self.bars:
            label = escape(Truncator(bar.label).chars(24))
            common = f'y="{bar.text_y}" direction="{self.direction}"'
            parts.append(
                f"<g>"
                f'<text x="{bar.label_x}" {common} text-anchor="{self.label_anchor}" '
                f'dominant-baseline="middle" class="chart__label">{label}</text>'
                f'<rect x="{bar.bar_x}" y="{bar.y}" width="{bar.bar_width}" '
                f'height="{self.bar_height}" class="chart__bar"></rect>'
                f'<text x="{bar.value_x}" {common} text-anchor="{self.value_anchor}" '
                f'dominant-baseline="middle" class="chart__value">{localize(bar.value)}</text>'
                f"</g>"
            )
        return mark_safe("".join(parts))  # noqa: S308 - labels escaped, the rest numbers

    def table_rows(self):
        """The chart's data as the <tr> of its table."""
        parts = []
        for bar in self.bars:
            acronym = "" if " " in bar.label else ' class="acronym"'
            parts.append(
                f'<tr><th scope="row"><bdi{acronym}>{escape(bar.label)}</bdi></th>'
                f"<td>{localize(bar.value)}</td></tr>"
            )
        return mark_safe("".join(parts))  # noqa: S308 - labels escaped, the rest numbers


def horizontal_bar_chart(rows, *, rtl=False, width=640, row_height=30, label_width=220):
    """Geometry of a horizontal bar chart of (label, value) rows, in reading order.

    Bars start at the inline-start side (left, or right on Arabic pages), their labels
    stand before them and the values after them, so the chart reads like the page.
    """
    rows = [(str(label), int(value or 0)) for label, value in rows]
    largest = max((value for _label, value in rows), default=0) or 1
    bar_height = row_height - 10
    track = width - label_width - VALUE_SPACE
    bars = []
    for index, (label, value) in enumerate(rows):
        length = track * value / largest
        y = index * row_height + 5
        if rtl:
            bar_start = width - label_width
            bar_x = bar_start - length
            label_x, value_x = bar_start + LABEL_GAP, bar_x - 6
        else:
            bar_x, label_x, value_x = label_width, label_width - LABEL_GAP, label_width + length + 6
        bars.append(
            ChartBar(
                label=label,
                value=value,
                y=round(y, 1),
                text_y=round(y + bar_height / 2, 1),
                bar_x=round(bar_x, 1),
                bar_width=round(length, 1),
                label_x=round(label_x, 1),
                value_x=round(value_x, 1),
            )
        )
    return BarChart(
        bars=bars,
        width=width,
        height=max(row_height, len(rows) * row_height),
        bar_height=bar_height,
        direction="rtl" if rtl else "ltr",
    )
