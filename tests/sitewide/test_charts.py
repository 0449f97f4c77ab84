"""The geometry of the server-drawn bar charts (sitewide/charts.py)."""

import pytest

from sitewide.charts import Row, bar_chart, column_chart, nice_ceiling, scale_steps


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 1), (1, 1), (3, 5), (7, 10), (10, 10), (11, 20), (180, 200), (2546, 5000)]
)
def test_the_scale_ends_on_a_round_number(value, ceiling):
    assert nice_ceiling(value) == ceiling


def test_gridlines_are_evenly_spaced_whole_numbers():
    assert scale_steps(20) == [0, 5, 10, 15, 20]
    assert scale_steps(5) == [0, 1, 2, 3, 4, 5]
    assert scale_steps(1) == [0, 1]


def chart(rows, **options):
    return bar_chart(
        rows, key="k", title="T", category_label="C", value_label="V", what="downloads", **options
    )


def test_bars_are_drawn_largest_first_in_proportion_to_their_values():
    drawn = chart([Row("Kobe", 5), Row("Toyama", 20), Row("Lima", 10)])

    assert [bar.row.label for bar in drawn.bars] == ["Toyama", "Lima", "Kobe"]
    assert drawn.bars[1].width / drawn.bars[0].width == pytest.approx(0.5)
    assert drawn.bars[2].width / drawn.bars[0].width == pytest.approx(0.25)
    # Each bar sits lower than the one before, with its label just above it.
    assert drawn.bars[0].y < drawn.bars[1].y < drawn.bars[2].y
    assert all(bar.label_y < bar.y for bar in drawn.bars)
    assert drawn.summary == "The most downloads: Toyama, 20."


def test_beyond_the_most_bars_the_smallest_are_drawn_as_one_but_all_stay_in_the_table():
    rows = [Row(f"City {number:02}", 100 - number) for number in range(20)]

    drawn = chart(rows, most=5, others_label="%(count)s other cities")

    assert [bar.row.label for bar in drawn.bars] == [
        "City 00",
        "City 01",
        "City 02",
        "City 03",
        "16 other cities",
    ]
    assert drawn.bars[-1].row.value == sum(100 - number for number in range(4, 20))
    assert len(drawn.rows) == 20


def test_a_column_chart_keeps_the_order_and_thins_out_labels_of_long_periods():
    rows = [Row(f"Month {number}", number % 3, short_label=f"M{number}") for number in range(36)]

    drawn = column_chart(rows, key="m", title="T", category_label="C", value_label="V", what="outputs")

    assert [bar.row.label for bar in drawn.bars] == [row.label for row in rows]
    assert [bar.row.label for bar in drawn.bars if bar.show_label] == [f"Month {n}" for n in range(0, 36, 3)]
    assert not any(bar.show_value for bar in drawn.bars)
    assert drawn.bars[1].x < drawn.bars[2].x
    assert drawn.summary == "36 outputs in all; the most in Month 2: 2."


def test_an_empty_chart_says_so():
    assert chart([Row("Toyama", 0)]).summary == "No downloads in this period."
