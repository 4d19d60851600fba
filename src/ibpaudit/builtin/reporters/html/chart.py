"""Geometry for the report's inline SVG: the level-per-domain bar chart and the trend
sparklines. Only numbers are computed here; the template draws them, so every text in a
chart is escaped like any other."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MAX_LEVEL = 5


@dataclass(frozen=True)
class Bar:
    """One domain's row: its bar ends at ``x + width``; ``level`` None is "no level";
    ``state`` is how it is drawn: ``at`` or ``below`` the target, ``waived`` (below it
    but covered by waivers) or ``none``."""

    y: float
    text_y: float
    width: float
    level: int | None
    state: str
    domain: str

    @property
    def below(self) -> bool:
        return self.state == "below"


@dataclass(frozen=True)
class BarChart:
    """The level-per-domain chart: its size, axis, target line and bars."""

    width: int
    height: int
    label_width: int
    bar_x: int
    unit: float
    bar_height: float
    axis_y: float
    target_x: float
    ticks: tuple[tuple[float, int], ...]
    bars: tuple[Bar, ...]

    @property
    def end_x(self) -> float:
        return self.bar_x + MAX_LEVEL * self.unit


def bar_chart(
    rows: Sequence[tuple[str, int | None, str]], target: int, *, row_height: int = 30
) -> BarChart:
    """Horizontal bars of level 0–5 for ``(domain id, level, state)`` rows, with a target
    line."""
    label_width, unit, top = 320, 64.0, 44
    bar_height = row_height * 0.6
    bars = tuple(
        Bar(
            y=top + i * row_height + (row_height - bar_height) / 2,
            text_y=top + i * row_height + row_height / 2 + 5,
            width=unit * (level or 0),
            level=level,
            state=state,
            domain=domain,
        )
        for i, (domain, level, state) in enumerate(rows)
    )
    return BarChart(
        width=label_width + int(MAX_LEVEL * unit) + 240,
        height=top + len(rows) * row_height + 10,
        label_width=label_width,
        bar_x=label_width,
        unit=unit,
        bar_height=bar_height,
        axis_y=top - 12,
        target_x=label_width + unit * target,
        ticks=tuple((label_width + unit * n, n) for n in range(MAX_LEVEL + 1)),
        bars=bars,
    )


@dataclass(frozen=True)
class Sparkline:
    """A small line of levels over time, with a dot per known level."""

    width: int
    height: int
    points: str
    dots: tuple[tuple[float, float], ...]
    target_y: float


def sparkline(levels: Sequence[int | None], target: int) -> Sparkline:
    """A small line of levels over time; an audit without a level leaves a gap in the dots
    and is drawn at 0 in the line."""
    width, height, pad = 120, 30, 4.0
    step = (width - 2 * pad) / max(len(levels) - 1, 1)

    def y(level: int) -> float:
        return height - pad - (height - 2 * pad) * level / MAX_LEVEL

    coords = [(pad + i * step, y(level or 0)) for i, level in enumerate(levels)]
    return Sparkline(
        width=width,
        height=height,
        points=" ".join(f"{px:.1f},{py:.1f}" for px, py in coords),
        dots=tuple(c for c, level in zip(coords, levels, strict=True) if level is not None),
        target_y=y(target),
    )
