"""Every source of a plan's task-table rows behind one interface (tables.base.RowSource) with a registry: ruled
and unruled grids (grid), tab-separated text (tabs), run-together OCR text (textrows), tried in that order."""

from cchc_extract.tables import grid, tabs, textrows  # noqa: F401  (each registers its source, in this order)
from cchc_extract.tables.base import SOURCES, FoundRows, Row, RowSource, TableInput, read_rows, register

__all__ = ["SOURCES", "FoundRows", "Row", "RowSource", "TableInput", "read_rows", "register"]
