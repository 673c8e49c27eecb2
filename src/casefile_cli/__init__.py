"""casefile: look things up in historical case files."""

__version__ = "0.1.0"
