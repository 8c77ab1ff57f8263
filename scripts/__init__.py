"""Build scripts for the shipped models (run from the repository root)."""
