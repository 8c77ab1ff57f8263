"""Top-level entry point kept where the design card puts it: a thin shim over the package's Typer app."""

from cchc_extract.cli import main

if __name__ == "__main__":
    main()
