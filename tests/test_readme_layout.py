"""The README's Development section names every file of the package."""

from .support import ROOT

PACKAGE = ROOT / "src" / "casefile_cli"
KINDS = ("*.py", "*.sql", "*.txt", "*.json")


def development_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("\n## Development\n", 1)[1].split("\n## ", 1)[0]


def test_every_module_is_named_in_the_development_section():
    section = development_section()
    files = [p for kind in KINDS for p in PACKAGE.rglob(kind) if p.name != "__init__.py"]
    assert len(files) > 40
    missing = [
        p.relative_to(PACKAGE).as_posix()
        for p in files
        # A file is named by its path, or within its package by its name.
        if f"`{p.relative_to(PACKAGE).as_posix()}`" not in section and f"`{p.name}`" not in section
    ]
    assert missing == []
