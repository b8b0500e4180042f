"""Charts drawn on the server as SVG, for people who look rather than read: a heat map, bars, a
line over time and a sparkline. No script and no CDN; the same SVG is on the page, in the PDF and
in the download. They read in black and white: grey tones, numbers written in the cells and at
the points, a dashed reference line. Every chart has a title and an accessible name; the page
shows its data as a table next to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 320
MARGIN = 48
FONT = 'font-family="sans-serif"'


@dataclass(frozen=True)
class Cell:
    row: str
    column: str
    observed: int
    expected: float

    @property
    def ratio(self) -> float:
        return self.observed / self.expected if self.expected else 0.0


def _svg(title: str, body: str, width: int = WIDTH, height: int = HEIGHT) -> Markup:
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
                  f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">'
                  f'<title>{escape(title)}</title><rect width="{width}" height="{height}" fill="#ffffff"/>'
                  f'{body}</svg>')


def _grey(ratio: float) -> str:
    """Darker where observed is far below expected; white at or above it."""
    level = max(0.0, min(1.0, ratio))
    value = int(90 + 165 * level)
    return f"#{value:02x}{value:02x}{value:02x}"


def heat_map(title: str, labels: list[str], cells: list[Cell]) -> Markup:
    """Domain x domain: each cell observed / expected ties, darker where fewer than expected."""
    size = 64
    left, top = 270, 40
    width, height = left + size * len(labels) + 20, top + size * len(labels) + 20
    by_pair = {(c.row, c.column): c for c in cells} | {(c.column, c.row): c for c in cells}
    parts = []
    for i, label in enumerate(labels):
        parts.append(f'<text x="{left - 8}" y="{top + i * size + size / 2 + 5}" text-anchor="end" font-size="14" {FONT}>'
                     f'{escape(label)}</text>')
        parts.append(f'<text x="{left + i * size + size / 2}" y="{top - 10}" text-anchor="middle" font-size="12" {FONT}>'
                     f'{escape(label[:10])}</text>')
        for j, other in enumerate(labels):
            cell = by_pair.get((label, other))
            if cell is None:
                continue
            x, y = left + j * size, top + i * size
            ink = "#ffffff" if cell.ratio < 0.45 else "#111111"
            parts.append(f'<rect x="{x}" y="{y}" width="{size}" height="{size}" fill="{_grey(cell.ratio)}" '
                         f'stroke="#333333"/><text x="{x + size / 2}" y="{y + size / 2 + 5}" text-anchor="middle" '
                         f'font-size="14" fill="{ink}" {FONT}>{cell.observed}/{cell.expected:.1f}</text>')
    return _svg(title, "".join(parts), width, height)


def bars(title: str, items: list[tuple[str, float]], reference: float | None = None, digits: int = 2) -> Markup:
    """One horizontal bar per item, the value written at its end; `reference` as a dashed line."""
    left, row = 220, 34
    height = MARGIN + row * max(1, len(items))
    top_value = max([v for _, v in items] + [reference or 0.0, 1e-9])
    scale = (WIDTH - left - 70) / top_value
    parts = []
    for i, (label, value) in enumerate(items):
        y = 20 + i * row
        parts.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" font-size="14" {FONT}>{escape(label[:30])}</text>'
                     f'<rect x="{left}" y="{y}" width="{max(1.0, value * scale):.1f}" height="{row - 10}" fill="#4a4a4a"/>'
                     f'<text x="{left + value * scale + 6:.1f}" y="{y + 17}" font-size="14" {FONT}>{value:.{digits}f}</text>')
    if reference is not None:
        x = left + reference * scale
        parts.append(f'<line x1="{x:.1f}" y1="10" x2="{x:.1f}" y2="{height - 10}" stroke="#111111" stroke-width="2" '
                     f'stroke-dasharray="6 4"/>')
    return _svg(title, "".join(parts), WIDTH, height)


def line(title: str, points: list[tuple[str, float]], digits: int = 2) -> Markup:
    """A figure over time: the value written at every point, the dates along the bottom."""
    if not points:
        return _svg(title, "")
    values = [v for _, v in points]
    low, high = min(values + [0.0]), max(values + [1e-9])
    span = (high - low) or 1.0
    step = (WIDTH - 2 * MARGIN) / max(1, len(points) - 1)

    def xy(i: int, value: float) -> tuple[float, float]:
        return MARGIN + i * step, HEIGHT - MARGIN - (value - low) / span * (HEIGHT - 2 * MARGIN)

    coordinates = [xy(i, v) for i, v in enumerate(values)]
    parts = [f'<line x1="{MARGIN}" y1="{HEIGHT - MARGIN}" x2="{WIDTH - MARGIN}" y2="{HEIGHT - MARGIN}" stroke="#777777"/>',
             '<polyline fill="none" stroke="#111111" stroke-width="3" points="'
             + " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates) + '"/>']
    for (label, value), (x, y) in zip(points, coordinates):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#111111"/>'
                     f'<text x="{x:.1f}" y="{y - 12:.1f}" text-anchor="middle" font-size="14" {FONT}>{value:.{digits}f}</text>'
                     f'<text x="{x:.1f}" y="{HEIGHT - MARGIN + 22}" text-anchor="middle" font-size="12" {FONT}>'
                     f'{escape(label)}</text>')
    return _svg(title, "".join(parts))


def sparkline(title: str, values: list[float]) -> Markup:
    """A small line in a table cell (its numbers are in the row's own cells and in the charts)."""
    width, height = 90, 24
    if len(values) < 2:
        return _svg(title, "", width, height)
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 6) / (len(values) - 1)
    points = " ".join(f"{3 + i * step:.1f},{height - 3 - (v - low) / span * (height - 6):.1f}" for i, v in enumerate(values))
    return _svg(title, f'<polyline fill="none" stroke="#111111" stroke-width="2" points="{points}"/>', width, height)
