"""Bar charts drawn as SVG on the server: the geometry here, the markup in templates/includes/chart.html.

No JavaScript and no chart library: the page arrives with its charts drawn, and every chart carries a
one-sentence summary (its SVG description) and the figures as a table beside it.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

# Units of the SVG's own coordinate system; CSS scales the drawing to the width it is given.
BAR_CHART_WIDTH = 560
BAR_ROW_HEIGHT = 46  # room for a label above each bar, also at the larger size phones get
BAR_THICKNESS = 16
BAR_LABEL_SPACE = 60  # room kept right of the longest bar for its value
COLUMN_CHART_WIDTH = 640
COLUMN_CHART_HEIGHT = 260
AXIS_SPACE = 44  # left of the columns, for the scale
LABEL_SPACE = 58  # under the columns, for month and year


@dataclass(frozen=True)
class Row:
    """One figure of a chart: what it is about, how many, and where the table may link to."""

    label: str
    value: int
    url: str = ""
    # Under a column, where there is little room: "Mar" for "March 2026".
    short_label: str = ""
    # A second line under a column's label, such as the year under January.
    note: str = ""


@dataclass(frozen=True)
class Bar:
    row: Row
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    show_label: bool = True
    show_value: bool = True
    note_y: float = 0


@dataclass(frozen=True)
class Gridline:
    value: int
    position: float


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    category_label: str
    value_label: str
    summary: str
    rows: list[Row]
    # "bars" run across, one labelled row each; "columns" stand up, one per period.
    orientation: str
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    gridlines: list[Gridline] = field(default_factory=list)
    baseline: float = 0
    # Columns: where the plot starts, right of the scale, and where the scale's numbers end.
    plot_left: float = 0
    scale_right: float = 0

    @property
    def total(self) -> int:
        return sum(row.value for row in self.rows)


def nice_ceiling(value: int) -> int:
    """The smallest round number (1, 2 or 5 times a power of ten) at least `value`, and at least 1."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    raise AssertionError("unreachable")


def scale_steps(top: int) -> list[int]:
    """Four or five evenly spaced whole values from 0 to `top` for the gridlines."""
    for parts in (4, 5, 2, 1):
        if top % parts == 0:
            return [top * index // parts for index in range(parts + 1)]
    return [0, top]


def summarise(rows: Sequence[Row], *, what: str, over_time: bool) -> str:
    """A sentence a screen reader can read instead of looking at the chart."""
    total = sum(row.value for row in rows)
    if not total:
        return _("No %(what)s in this period.") % {"what": what}
    largest = max(rows, key=lambda row: row.value)
    figures = {
        "total": intcomma(total),
        "what": what,
        "label": largest.label,
        "value": intcomma(largest.value),
    }
    if over_time:
        return _("%(total)s %(what)s in all; the most in %(label)s: %(value)s.") % figures
    return _("The most %(what)s: %(label)s, %(value)s.") % figures


def bar_chart(
    rows: Sequence[Row],
    *,
    key: str,
    title: str,
    category_label: str,
    value_label: str,
    what: str,
    most: int = 15,
    others_label: str = "",
) -> Chart:
    """Horizontal bars, largest first, each with its label above it: readable on a narrow phone.

    Beyond `most` rows, the smallest are drawn as one bar named `others_label`; the table keeps them all.
    """
    ordered = sorted(rows, key=lambda row: (-row.value, row.label))
    drawn = ordered
    if len(ordered) > most:
        rest = ordered[most - 1 :]
        drawn = [*ordered[: most - 1], Row(others_label % {"count": len(rest)}, sum(r.value for r in rest))]
    top = nice_ceiling(max((row.value for row in drawn), default=0))
    room = BAR_CHART_WIDTH - BAR_LABEL_SPACE
    bars = []
    for index, row in enumerate(drawn):
        top_of_row = index * BAR_ROW_HEIGHT
        width = room * row.value / top
        bar_y = top_of_row + BAR_ROW_HEIGHT - BAR_THICKNESS - 4
        bars.append(
            Bar(
                row=row,
                x=0,
                y=bar_y,
                width=round(width, 1),
                height=BAR_THICKNESS,
                label_x=0,
                label_y=bar_y - 6,
                value_x=round(width + 6, 1),
                value_y=bar_y + BAR_THICKNESS - 3,
            )
        )
    height = max(len(drawn), 1) * BAR_ROW_HEIGHT
    return Chart(
        key=key,
        title=title,
        category_label=category_label,
        value_label=value_label,
        summary=summarise(ordered, what=what, over_time=False),
        rows=ordered,
        orientation="bars",
        width=BAR_CHART_WIDTH,
        height=height,
        bars=bars,
        gridlines=[Gridline(value, round(room * value / top, 1)) for value in scale_steps(top)],
        baseline=height,
    )


def column_chart(
    rows: Sequence[Row], *, key: str, title: str, category_label: str, value_label: str, what: str
) -> Chart:
    """Vertical columns in the given order (periods of time), with a scale on the left.

    Labels are thinned out when there are many columns, so that they never overlap; notes (a year)
    are always shown.
    """
    plot_height = COLUMN_CHART_HEIGHT - LABEL_SPACE - 10
    plot_width = COLUMN_CHART_WIDTH - AXIS_SPACE
    top = nice_ceiling(max((row.value for row in rows), default=0))
    slot = plot_width / max(len(rows), 1)
    every = math.ceil(len(rows) / 12) if rows else 1
    baseline = 10 + plot_height
    bars = []
    for index, row in enumerate(rows):
        height = plot_height * row.value / top
        x = AXIS_SPACE + index * slot
        bars.append(
            Bar(
                row=row,
                x=round(x + slot * 0.15, 1),
                y=round(baseline - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label_x=round(x + slot / 2, 1),
                label_y=baseline + 20,
                note_y=baseline + 44,
                value_x=round(x + slot / 2, 1),
                value_y=round(baseline - height - 4, 1),
                show_label=index % every == 0,
                # Above two years of columns the numbers would overlap: the table has them.
                show_value=len(rows) <= 24 and row.value > 0,
            )
        )
    return Chart(
        key=key,
        title=title,
        category_label=category_label,
        value_label=value_label,
        summary=summarise(rows, what=what, over_time=True),
        rows=list(rows),
        orientation="columns",
        width=COLUMN_CHART_WIDTH,
        height=COLUMN_CHART_HEIGHT,
        bars=bars,
        gridlines=[
            Gridline(value, round(baseline - plot_height * value / top, 1)) for value in scale_steps(top)
        ],
        baseline=baseline,
        plot_left=AXIS_SPACE - 4,
        scale_right=AXIS_SPACE - 10,
    )
