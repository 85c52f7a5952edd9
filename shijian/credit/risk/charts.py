"""A server-side SVG bar chart (no script, no CDN): problem rate per group with its Wilson interval."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from shijian.credit.risk.domain import Rate


def rate_bars_svg(rates: Sequence[Rate], *, title: str, width: int = 560, height: int = 240) -> str:
    """Bars of the problem-found rate (0-100 %) per group, with the 95 % interval as a whisker."""
    left, bottom, top = 40, 30, 24
    plot_h = height - bottom - top
    slot = (width - left - 10) / max(len(rates), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f'<text x="{left}" y="16" font-size="13">{escape(title)}</text>',
    ]
    for pct in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - pct / 100)
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{pct}%</text>')
    for i, r in enumerate(rates):
        x = left + i * slot + slot * 0.2
        w = slot * 0.6
        h = plot_h * r.rate
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{w:.1f}" height="{h:.1f}" fill="#3b6ea5">'
            f"<title>{escape(r.group)}: {r.problems}/{r.inspections}</title></rect>"
        )
        if r.inspections:
            cx = x + w / 2
            y1, y2 = top + plot_h * (1 - r.high), top + plot_h * (1 - r.low)
            parts.append(f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{y1:.1f}" y2="{y2:.1f}" stroke="#222"/>')
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{height - 12}" font-size="10" text-anchor="middle">'
            f"{escape(r.group)} (n={r.inspections})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
