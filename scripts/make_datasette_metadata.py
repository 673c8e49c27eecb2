#!/usr/bin/env python3
"""Write src/casefile_cli/datasette-metadata.json from the packaged database.

    python scripts/make_datasette_metadata.py           # write the file
    python scripts/make_datasette_metadata.py --check   # exit 1 if it is stale

`casefile serve` builds the same metadata for whatever database it serves;
this copy ships with the package for `datasette casefiles.db -m ...`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from casefile_cli.web import SHIPPED_METADATA, metadata_text  # noqa: E402

DATABASE = ROOT / "data" / "casefiles.db"


def main(argv: list[str]) -> int:
    text = metadata_text(DATABASE)
    if "--check" in argv:
        current = SHIPPED_METADATA.exists() and SHIPPED_METADATA.read_text("utf-8") == text
        if not current:
            print(f"{SHIPPED_METADATA} is stale: python {sys.argv[0]}", file=sys.stderr)
        return 0 if current else 1
    SHIPPED_METADATA.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
