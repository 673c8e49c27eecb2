"""Renderers: one result object, drawn as JSON, plain text or a rich card."""
