"""Small horizontal bar charts as inline SVG, drawn at build time: no script, work offline."""

from __future__ import annotations

from html import escape

MAX_BARS = 10
BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 190
BAR_WIDTH = 220
VALUE_WIDTH = 40
WIDTH = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
LABEL_CHARS = 28
BAR_COLOUR = "#4a6fa5"


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def bar_chart(title: str, values: list[tuple[str, int]]) -> str:
    """A titled <figure> holding one SVG bar per (label, count), in the order given."""
    values = values[:MAX_BARS]
    top = max((count for _, count in values), default=0) or 1
    height = len(values) * (BAR_HEIGHT + GAP) + GAP
    rows = []
    for i, (label, count) in enumerate(values):
        y = GAP + i * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT / 2
        width = max(1, round(BAR_WIDTH * count / top))
        rows.append(
            f'<g><title>{escape(label)}: {count}</title>'
            f'<text x="{LABEL_WIDTH - 6}" y="{middle}" text-anchor="end" dominant-baseline="middle">'
            f'{escape(_label(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" rx="2" fill="{BAR_COLOUR}"></rect>'
            f'<text x="{LABEL_WIDTH + width + 4}" y="{middle}" dominant-baseline="middle">{count}</text></g>'
        )
    return (
        f'<figure class="archive-chart"><figcaption>{escape(title)}</figcaption>'
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" fill="currentColor" font-size="12">'
        + "".join(rows) + "</svg></figure>"
    )
