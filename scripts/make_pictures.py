#!/usr/bin/env python3
"""Draw the example pictures in docs/pictures/ from the committed database.

    python scripts/make_pictures.py

network-yezhov.svg: Nikolai Yezhov's ties, in the built-in layout (the one a
machine without Graphviz gets); secret-police-heads.svg and .txt: the heads
of the Cheka, GPU, OGPU and NKVD as bars on a year axis. The tenures come
from `casefile org NAME --json` (a promised shape), the network from the
Python API. Run it again after the data change; no test requires it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "pictures"
DATABASE = ROOT / "data" / "casefiles.db"
# The apparatus under its successive names; "heads" also lists deputies.
BODIES = ("cheka", "gpu", "ogpu", "nkvd")
HEAD_WORDS = ("Head of", "NKVD chief")


def heads() -> list[tuple[str, str | None, str | None, str]]:
    rows = []
    for body in BODIES:
        done = subprocess.run(
            [sys.executable, "-m", "casefile_cli", "--db", str(DATABASE), "org", body, "--json"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        card = json.loads(done.stdout)
        for head in card["heads"]:
            if any(word in head["title"] and "Deputy" not in head["title"] for word in HEAD_WORDS):
                label = f"{head['name']} ({card['name']})"
                rows.append((label, head["from"], head["to"], head["certainty"]))
    return rows


def main() -> int:
    from casefile_cli.network import network
    from casefile_cli.render.chart import chart_svg, chart_text, tenure_row
    from casefile_cli.render.svg import svg
    from casefile_cli.store.connect import open_database

    OUT.mkdir(parents=True, exist_ok=True)
    db = open_database(DATABASE)
    net = network(db, "nikolai-yezhov", 1)
    picture = svg(net.centre, net.nodes, net.edges, use_graphviz=False)
    (OUT / "network-yezhov.svg").write_text(picture, encoding="utf-8")
    rows = [tenure_row(*row) for row in heads()]
    title = "Heads of the Soviet secret police, as the case file dates them"
    (OUT / "secret-police-heads.svg").write_text(chart_svg(rows, title=title), encoding="utf-8")
    (OUT / "secret-police-heads.txt").write_text(chart_text(rows, width=60), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
