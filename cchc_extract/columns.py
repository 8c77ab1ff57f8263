"""Column roles from header text, by the synonyms in patterns/columns.json: one home for the table readers
(ruled grids, unruled word boxes, run-together OCR text) and for ingest, which looks for unruled headers."""

from __future__ import annotations

import re

from cchc_extract.patterns import entries, rx
from cchc_extract.vietnamese import fold_lower


def header_roles(cells: list[str]) -> dict[int, str] | None:
    """Column index -> role for a header row's cells; None unless three roles, the description among them."""
    roles: dict[int, str] = {}
    for i, cell in enumerate(cells):
        folded = " ".join(fold_lower(cell).split())  # a header wrapped in its cell reads as one line
        if not folded:
            continue
        for role in entries("columns"):
            if rx("columns", role).search(folded) and role not in roles.values():
                roles[i] = role
                break
    if len(roles) >= 3 and "description" in roles.values():
        return roles
    return None


def roles_in(folded: str) -> list[tuple[int, str]]:
    """(position, role) of each column header word (patterns/columns.json) in a folded line, number aside."""
    found = []
    for role in entries("columns"):
        m = rx("columns", role).search(folded) if role != "number" else None
        if m:
            found.append((m.start(), role))
    return found


def header_in_line(text: str, minimum: int = 4) -> dict[int, str] | None:
    """A header whose cells run in one line (OCR joined them, or the columns are not ruled): column roles in the
    order they appear in the line, at least `minimum` of them with the description among them."""
    folded = fold_lower(text)
    found = roles_in(folded)
    if re.match(r"^\s*s?tt\b", folded):
        found.append((0, "number"))
    if len(found) < minimum or "description" not in {r for _, r in found} or len(text) > 200:
        return None
    return {i: role for i, (_, role) in enumerate(sorted(found))}
