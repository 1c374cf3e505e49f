"""Charts drawn with text: a calendar heatmap of answers and a bar chart of what falls due."""

from __future__ import annotations

from datetime import date, timedelta

from textual.content import Content

from studytool.core.text import count

SHADES = " ░▒▓█"
BARS = " ▁▂▃▄▅▆▇█"
WEEKDAYS = ["Mon", "", "Wed", "", "Fri", "", "Sun"]


def heatmap(per_day: dict[date, int], today: date, weeks: int = 26) -> Content:
    """Weeks as columns (oldest left), weekdays as rows, darker for more answers."""
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    busiest = max(per_day.values(), default=0)
    months = [" "] * (weeks * 2 + 3)  # room for a label in the last week
    for week in range(weeks):
        first = start + timedelta(days=7 * week)
        if first.day <= 7:
            label = first.strftime("%b")
            months[week * 2 : week * 2 + len(label)] = list(label)
    lines: list[Content | str] = ["    " + "".join(months).rstrip() + "\n"]
    for weekday in range(7):
        cells: list[Content | str] = [f"{WEEKDAYS[weekday]:<4}"]
        for week in range(weeks):
            day = start + timedelta(days=7 * week + weekday)
            if day > today:
                cells.append("  ")
                continue
            answers = per_day.get(day, 0)
            level = 0 if not answers else 1 + min(3, (answers * 4 - 1) // max(busiest, 1))
            shade = SHADES[level] * 2 if level else "··"
            cells.append(Content.styled(shade, "$success" if level else "$text-disabled"))
        lines.append(Content.assemble(*cells, "\n"))
    lines.append(f"    less {SHADES[1:]} more   (busiest day: {count(busiest, 'answer')})")
    return Content.assemble(*lines)


def bar_chart(values: list[int], start: date, height: int = 4) -> Content:
    """Vertical bars, one per day, ``height`` rows tall, with the top value and day labels."""
    top = max(values, default=0)
    rows: list[Content | str] = []
    for row in range(height, 0, -1):
        label = f"{top:>4} " if row == height else "     "
        cells = []
        for value in values:
            filled = value * height * 8 // top if top else 0
            part = max(0, min(8, filled - (row - 1) * 8))
            cells.append(BARS[part] * 2)
        rows.append(Content.assemble(label, Content.styled("".join(cells), "$accent"), "\n"))
    ticks = "".join(
        f"{(start + timedelta(days=i)).day:<2}" if i % 7 == 0 else "  " for i in range(len(values))
    )
    rows.append(f"     {ticks}")
    return Content.assemble(*rows)
