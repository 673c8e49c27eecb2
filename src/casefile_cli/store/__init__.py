"""Every SQL statement casefile runs lives in this package.

- `connect`: finding and opening a database (read-only, checked).
- `reader`: `Database`, the read queries lookups make, composed from
  `names` (the name index), `records` (a whole figure, operation,
  organisation or place), `parts` (what records share: positions, fates,
  events...), `ties` (edges between people), `timeline` (dates and offices)
  and `lists` (lists, full text, contradictions), all on `query.Query`.
- `writer`: the build's writes into a fresh file.
- `admin`: integrity checks, the read-only SQL sandbox, schema description.

This file imports nothing, so that a lookup loads only what it uses.
"""
