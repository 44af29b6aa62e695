"""marco: documents of Chile's management-incentive cycle generated from content."""

__version__ = "0.1.0"
