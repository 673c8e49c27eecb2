"""The README's links work on a package index page: every one is absolute,
and each that points into this repository names a file or heading that exists."""

import re

from .support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
HOME = "https://github.com/casefile-cli/casefile"
LINKS = re.findall(r"\]\(([^)\s]+)\)", README) + re.findall(r"<(https?://[^>\s]+)>", README)
LINKS += re.findall(r'(?:src|href)="([^"]+)"', README)


def _anchor(heading: str) -> str:
    """GitHub's id for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_readme_has_links():
    assert len(LINKS) >= 5


def test_every_link_is_absolute():
    relative = [link for link in LINKS if not re.match(r"(https?|mailto):", link)]
    assert relative == [], "make these absolute (a package index page has no files)"


def test_links_into_the_repository_exist():
    headings = {_anchor(h) for h in re.findall(r"^#+ (.+)$", README, re.M)}
    for link in LINKS:
        if not link.startswith(HOME):
            continue
        rest = link[len(HOME) :]
        if rest.startswith("#"):
            assert rest[1:] in headings, link
        elif rest:
            path = re.sub(r"^/(blob|tree|raw)/main/", "", rest).split("#")[0]
            assert path != rest and (ROOT / path).exists(), link
