"""cchc-extract: structured data from Vietnamese administrative-reform plans; the public API lives here."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cchc-extract")
except PackageNotFoundError:  # running from a source checkout without install
    __version__ = "0.0.0+source"

__all__ = ["__version__", "extract", "extract_many"]


def __getattr__(name: str) -> object:
    # Lazy so that `import cchc_extract` stays cheap (the CLI imports it for --version).
    if name == "extract":
        from cchc_extract.pipeline import extract

        return extract
    if name == "extract_many":
        from cchc_extract.batch import extract_many

        return extract_many
    raise AttributeError(name)
