"""The passes over a document once it is assembled: numbering (labels to
numbers) and references (labels to text)."""
