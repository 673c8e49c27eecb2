"""Plain text for pipes and dumb terminals: no colour, no box drawing."""

from __future__ import annotations

import textwrap

from casefile_cli.render.content import Card


def _paragraphs(blocks: list[tuple[str, str]], width: int) -> list[str]:
    lines = []
    for heading, paragraph in blocks:
        lines.append("")
        if heading:
            lines.append(heading)
        for part in paragraph.splitlines():
            lines.extend(textwrap.wrap(part, width) or [""])
    return lines


def card_text(card: Card, width: int = 80) -> str:
    width = max(width, 20)
    lines = [card.title]
    if card.subtitle:
        lines.append(card.subtitle)
    lines.append("")
    for label, value in card.fields:
        lines.extend(textwrap.wrap(f"{label}: {value}", width, subsequent_indent="  ") or [""])
    lines.extend(_paragraphs(card.lead, width))
    for table in card.tables:
        lines += ["", table.title]
        # The header stays when piped, and an empty cell keeps its place, so
        # that a lone date still reads as a start or an end.
        if any(table.headers) and table.rows:
            lines.append("  " + " | ".join(table.headers))
        for row in table.rows:
            text = " | ".join(cell or "–" for cell in row) if any(table.headers) else (
                " | ".join(cell for cell in row if cell)
            )
            lines.extend(
                textwrap.wrap(text, width, initial_indent="  ", subsequent_indent="    ") or [""]
            )
    lines.extend(_paragraphs(card.blocks, width))
    for text, who in card.quotes:
        lines.append("")
        lines.extend(textwrap.wrap(f'"{text}" ({who})', width))
    if card.source:
        lines += ["", *textwrap.wrap(f"source: {card.source}", width, subsequent_indent="  ")]
    if card.see_also:
        lines += ["", "see also:", *(f"  {command}" for command in card.see_also)]
    # One blank line between parts, never two.
    kept = [line for i, line in enumerate(lines) if line or (i and lines[i - 1])]
    return "\n".join(kept) + "\n"
