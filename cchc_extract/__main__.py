"""Allows `python -m cchc_extract`, the same as the cchc-extract command."""

from cchc_extract.cli import main

main()
