"""Content model (framework, institutions, commitments) and document model."""
