"""The figures of the curators' dashboard: what was published, and how much it was used, in a period.

A period is a number of whole calendar months up to today (Tokyo time), or everything. "Published"
means published and public now, counted in the month of its `published_at`; views and downloads are
the daily counts of `OutputUsage` (see knowledge/usage.py) from the first day of the period.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from knowledge.models import Output, OutputUsage
from sitewide.charts import Chart, Row, bar_chart, column_chart

PERIODS = {
    "12": gettext_lazy("The last 12 months"),
    "24": gettext_lazy("The last 24 months"),
    "all": gettext_lazy("All time"),
}
DEFAULT_PERIOD = "12"
MOST_USED = 10


@dataclass(frozen=True)
class Period:
    key: str
    start: datetime.date
    end: datetime.date

    @property
    def start_moment(self) -> datetime.datetime:
        """Midnight at the start, in the site's time zone."""
        midnight = datetime.datetime.combine(self.start, datetime.time.min)
        return timezone.make_aware(midnight, timezone.get_current_timezone())

    @property
    def months(self) -> list[datetime.date]:
        """The first day of every month of the period, oldest first."""
        months, month = [], self.start
        while month <= self.end:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return months


def period(key: str, *, today: datetime.date | None = None) -> Period:
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    if key == "all":
        return Period(key, _first_month_with_figures() or this_month, today)
    start = this_month
    for _month in range(int(key) - 1):
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    return Period(key, start, today)


def published_in(period: Period):
    return Output.objects.published().filter(published_at__gte=period.start_moment)


def published_per_month(period: Period) -> list[Row]:
    counts = dict(
        published_in(period)
        .annotate(month=TruncMonth("published_at"))
        .values_list("month")
        .annotate(total=Count("pk"))
        .order_by()
    )
    counts = {timezone.localtime(month).date(): total for month, total in counts.items()}
    months = period.months
    return [
        Row(
            label=date_format(month, "YEAR_MONTH_FORMAT"),
            short_label=date_format(month, "M"),
            note=str(month.year) if _starts_a_year(months, index) else "",
            value=counts.get(month, 0),
        )
        for index, month in enumerate(months)
    ]


def _starts_a_year(months: list[datetime.date], index: int) -> bool:
    """Whether the year goes under this month: January, and the first month unless January follows."""
    if months[index].month == 1:
        return True
    return index == 0 and not (len(months) > 1 and months[1].month == 1)


def published_per_theme(period: Period) -> list[Row]:
    """Each theme with the number of outputs published in the period that carry it.

    An output with two themes counts for both; outputs without a theme have a row of their own.
    """
    outputs = published_in(period)
    rows = (
        Output.themes.through.objects.filter(output__in=outputs.values("pk"))
        .values_list("theme__name", "theme__slug")
        .annotate(total=Count("pk"))
        .order_by()
    )
    figures = [Row(name, total, url=_url("knowledge:theme_detail", slug)) for name, slug, total in rows]
    without_theme = outputs.filter(themes=None).count()
    if without_theme:
        figures.append(Row(_("No theme"), without_theme))
    return figures


def downloads_per_city(period: Period) -> list[Row]:
    """Each city with the downloads, in the period, of the outputs about it.

    A download of an output about two cities counts for both; outputs about no city have their own row.
    """
    rows = (
        OutputUsage.objects.filter(day__gte=period.start, downloads__gt=0)
        .values_list("output__cities__name", "output__cities__slug")
        .annotate(total=Sum("downloads"))
        .order_by()
    )
    return [
        Row(name, total, url=_url("cities:city_detail", slug)) if slug else Row(_("No city"), total)
        for name, slug, total in rows
    ]


def downloads_per_kind(period: Period) -> list[Row]:
    """Every kind of output with the downloads of its outputs in the period, kinds without any too."""
    totals = dict(
        OutputUsage.objects.filter(day__gte=period.start)
        .values_list("output__kind")
        .annotate(total=Sum("downloads"))
        .order_by()
    )
    return [Row(str(label), totals.get(kind) or 0) for kind, label in Output.Kind.choices]


def usage_totals(period: Period) -> dict[str, int]:
    return OutputUsage.objects.filter(day__gte=period.start).totals()


def most_used(period: Period):
    """The outputs viewed most in the period, with their views and downloads in it."""
    return (
        Output.objects.filter(usage__day__gte=period.start)
        .annotate(period_views=Sum("usage__views"), period_downloads=Sum("usage__downloads"))
        .order_by("-period_views", "-period_downloads", "title")
        .only("title", "slug", "language", "status", "published_at")[:MOST_USED]
    )


def _first_month_with_figures() -> datetime.date | None:
    first_published = Output.objects.published().aggregate(first=Min("published_at"))["first"]
    first_used = OutputUsage.objects.aggregate(first=Min("day"))["first"]
    firsts = [day for day in (first_published and timezone.localdate(first_published), first_used) if day]
    return min(firsts).replace(day=1) if firsts else None


def _url(name: str, slug: str) -> str:
    return reverse(name, kwargs={"slug": slug})


def dashboard_charts(period: Period) -> list[Chart]:
    """The dashboard's four charts: published per month and per theme, downloads per city and per kind."""
    return [
        column_chart(
            published_per_month(period),
            key="month",
            title=_("Outputs published per month"),
            category_label=_("Month"),
            value_label=_("Outputs published"),
            what=_("outputs published"),
        ),
        bar_chart(
            published_per_theme(period),
            key="theme",
            title=_("Outputs published per theme"),
            category_label=_("Theme"),
            value_label=_("Outputs published"),
            what=_("outputs published"),
            others_label=_("%(count)s other themes"),
        ),
        bar_chart(
            downloads_per_city(period),
            key="city",
            title=_("Downloads per city"),
            category_label=_("City"),
            value_label=_("Downloads"),
            what=_("downloads"),
            others_label=_("%(count)s other cities"),
        ),
        bar_chart(
            downloads_per_kind(period),
            key="kind",
            title=_("Downloads per kind of output"),
            category_label=_("Kind"),
            value_label=_("Downloads"),
            what=_("downloads"),
            others_label=_("%(count)s other kinds"),
        ),
    ]
