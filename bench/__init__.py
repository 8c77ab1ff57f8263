"""Benchmarks: accuracy and speed targets live here, never in timed tests."""
