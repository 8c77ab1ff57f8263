"""Document warnings a user acts on: tasks read at low confidence are flagged, not silently mixed in."""

from __future__ import annotations

from pathlib import Path

from cchc_extract.pipeline import extract


def test_tasks_rebuilt_from_run_together_text_carry_a_warning() -> None:
    seed = next((Path(__file__).parent.parent / "samples" / "seeds").glob("002_*.txt"))
    plan = extract(seed)
    codes = [w.code for w in plan.warnings]
    assert plan.tasks and sum(t.confidence < 0.6 for t in plan.tasks) * 2 >= len(plan.tasks)
    assert "low-task-confidence" in codes
