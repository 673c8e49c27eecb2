"""Plain text for pipes and dumb terminals: no colour, no box drawing."""

from __future__ import annotations

import textwrap

from casefile_cli.render.content import Card


def card_text(card: Card, width: int = 80) -> str:
    width = max(width, 20)
    lines = [card.title]
    if card.subtitle:
        lines.append(card.subtitle)
    lines.append("")
    for label, value in card.fields:
        lines.extend(textwrap.wrap(f"{label}: {value}", width, subsequent_indent="  ") or [""])
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
    for heading, paragraph in card.blocks:
        lines.append("")
        if heading:
            lines.append(heading)
        for part in paragraph.splitlines():
            lines.extend(textwrap.wrap(part, width) or [""])
    for text, who in card.quotes:
        lines.append("")
        lines.extend(textwrap.wrap(f'"{text}" ({who})', width))
    if card.source:
        lines += ["", *textwrap.wrap(f"source: {card.source}", width, subsequent_indent="  ")]
    if card.see_also:
        lines += ["", "see also:", *(f"  {command}" for command in card.see_also)]
    return "\n".join(lines) + "\n"
