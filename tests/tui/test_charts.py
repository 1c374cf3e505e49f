"""The text charts, checked character by character on small inputs."""

from __future__ import annotations

from datetime import date

from studytool.tui.widgets.charts import bar_chart, heatmap

TODAY = date(2026, 3, 4)  # a Wednesday


def test_bar_chart_heights_follow_the_values() -> None:
    lines = bar_chart([1, 1, 0, 2], TODAY, height=2).plain.splitlines()
    assert lines[0] == "   2       ██"
    assert lines[1] == "     ████  ██"
    assert lines[2].strip() == "4"


def test_heatmap_marks_days_by_how_busy_they_were() -> None:
    lines = heatmap({TODAY: 8, date(2026, 3, 2): 2}, TODAY, weeks=2).plain.splitlines()
    monday, wednesday, thursday = lines[1], lines[3], lines[4]
    assert monday == "Mon ··░░"  # 2 answers against the busiest day's 8: lightest
    assert wednesday == "Wed ··██"
    assert thursday.endswith("··  ")  # the future stays blank
    assert "busiest day: 8 answers" in lines[-1]
