"""Assemblers: one module per document kind, building documents from content."""
