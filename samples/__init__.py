"""Sample plans and the script that makes their PDFs (importable by the benchmarks)."""
