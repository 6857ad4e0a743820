"""The pipeline stages, in order: clean -> blocks -> classify -> build (see docs/architecture.md)."""
