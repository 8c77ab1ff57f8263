"""One model of a plan's numbering: what may come after a number, how OCR misreads a marker, and which reading
of a whole sequence of markers is most likely, so a numeral read wrong once ("II." for "III.") costs a little
probability, never the document.

Hand-written because no library decodes outline numbering: the decoder is a small dynamic programme (Viterbi over
the last number taken) whose costs are negative log probabilities; character confusions are data in
patterns/numbering.json, measured on the corpus by scripts/measure_numbering.py.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal, NamedTuple

from cchc_extract.patterns import load_pattern_file

ROMAN = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
    "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
]  # fmt: skip


# the glyphs a Roman numeral is printed or misread with: a line whose first token is made of them may be a heading
NUMERAL_GLYPHS = r"IVXLHUTivxl1|!\[\]"


@dataclass(frozen=True)
class NumberingSettings:
    """Costs in nats (negative log probabilities)."""

    gap: float = 3.0  # each number a sequence skips (a heading lost entirely)
    max_readings: int = 6  # readings kept per marker, cheapest first


SETTINGS = NumberingSettings()


@cache
def _confusions() -> dict[str, list[tuple[str, float]]]:
    """OCR string -> (printed string, cost) for the characters of Roman numerals and item numbers."""
    data = load_pattern_file("numbering")
    out: dict[str, list[tuple[str, float]]] = {}
    for seen, printed in data["confusions"].items():
        out[seen] = [(p, -math.log(max(prob, 1e-6))) for p, prob in printed.items()]
    return out


def letter_sequence() -> list[str]:
    return str(load_pattern_file("fields")["letter_sequence"]).split()


# --- what comes next ---------------------------------------------------------------------------------------


def next_roman(numeral: str | None) -> str:
    """'II' -> 'III'; None (nothing yet) -> 'I'."""
    if numeral is None or numeral not in ROMAN:
        return ROMAN[0]
    return ROMAN[min(ROMAN.index(numeral) + 1, len(ROMAN) - 1)]


def roman_value(numeral: str) -> int | None:
    return ROMAN.index(numeral) + 1 if numeral in ROMAN else None


def next_letter(letter: str | None) -> str:
    """'d' -> 'đ' -> 'e' (the Vietnamese sequence); None -> 'a'."""
    seq = letter_sequence()
    if letter is None or letter not in seq:
        return seq[0]
    return seq[min(seq.index(letter) + 1, len(seq) - 1)]


def next_upper(letter: str | None) -> str:
    """Group letters A, B, C…; None -> 'A'."""
    return "A" if not letter else chr(ord(letter[0].upper()) + 1)


def item_successors(number: str | None) -> list[str]:
    """Item numbers that may follow `number`, most likely first: its sibling, its first child, then a sibling of
    each ancestor ('1.2' -> ['1.3', '1.2.1', '2']); None -> ['1']."""
    if not number or not re.fullmatch(r"\d+(\.\d+)*", number):
        return ["1"]
    parts = [int(p) for p in number.split(".")]
    out = [".".join(map(str, [*parts[:-1], parts[-1] + 1])), f"{number}.1"]
    for k in range(len(parts) - 1, 0, -1):
        out.append(".".join(map(str, [*parts[: k - 1], parts[k - 1] + 1])))
    return out


# --- how a marker may have been printed --------------------------------------------------------------------


def roman_readings(
    token: str, settings: NumberingSettings = SETTINGS, absolute: bool = False
) -> list[tuple[int, float]]:
    """(value, cost) of each Roman numeral the OCR'd token may stand for, cheapest first, costs relative to the
    likeliest: 'II' -> [(2, 0.0), (3, 3.0), (1, 3.0)], 'Il' -> [(2, 0.0), …], '1' -> [(1, 0.0), (2, 3.0)].
    `absolute`: costs include how unlikely the glyphs are to be a numeral at all ('T' for I costs 3.0)."""
    token = token.strip().rstrip(".,:;)")
    if not token or len(token) > 6:
        return []
    readings, low = _roman_readings(token)
    return [(v, c + low if absolute else c) for v, c in readings][: settings.max_readings]


@cache
def _roman_readings(token: str) -> tuple[tuple[tuple[int, float], ...], float]:
    conf = _confusions()
    options: list[list[tuple[str, float]]] = []
    for ch in token:
        choices = [(ch, 0.0)] if ch in "IVX" else []
        choices += conf.get(ch, [])
        if not choices:
            return (), 0.0
        options.append(choices)
    drop = -math.log(float(load_pattern_file("numbering")["dropped_stroke"]))
    best: dict[int, float] = {}
    for combo in itertools.product(*options):
        text = "".join(p for p, _ in combo)
        cost = sum(c for _, c in combo)
        variants = [(text, cost), (text + "I", cost + drop)]
        if "I" in text:
            variants.append((text.replace("I", "", 1), cost + drop))
        for variant, c in variants:
            if variant in ROMAN:
                value = ROMAN.index(variant) + 1
                best[value] = min(best.get(value, math.inf), c)
    if not best:
        return (), 0.0
    low = min(best.values())  # costs given that the token is a numeral; `low`: how unlikely it is to be one
    return tuple(sorted(((v, c - low) for v, c in best.items()), key=lambda vc: vc[1])), low


# --- decoding a sequence -----------------------------------------------------------------------------------


def decode_sequence(
    options: list[list[tuple[int, float]]], skip: list[float], settings: NumberingSettings = SETTINGS
) -> tuple[list[int | None], float]:
    """The most likely assignment of numbers 1, 2, 3… to candidate lines in order.

    options[i] holds (value, cost) readings of candidate i; skip[i] is the cost of candidate i not belonging to
    the sequence. Taken values must rise; a rise by more than one costs `gap` per number skipped. Returns each
    candidate's value (None when skipped) and the cost of the whole path (nats)."""
    states: dict[int, float] = {0: 0.0}
    back: list[dict[int, tuple[int, int | None]]] = []  # per step: value -> (previous value, value taken or None)
    for opts, skip_cost in zip(options, skip, strict=True):
        new: dict[int, float] = {}
        ptr: dict[int, tuple[int, int | None]] = {}
        for last, cost in states.items():
            c = cost + skip_cost
            if c < new.get(last, math.inf):
                new[last], ptr[last] = c, (last, None)
            for value, read_cost in opts:
                if value <= last:
                    continue
                c = cost + read_cost + settings.gap * (value - last - 1)
                if c < new.get(value, math.inf):
                    new[value], ptr[value] = c, (last, value)
        states = new
        back.append(ptr)
    last = min(states, key=lambda v: states[v])
    total = states[last]
    taken: list[int | None] = []
    for ptr in reversed(back):
        last, choice = ptr[last]
        taken.append(choice)
    return taken[::-1], total


def read_item_number(token: str, previous: str | None) -> str:
    """An item number as printed, given the item number before it: '54' after '5.3' is '5.4' whose dot OCR lost;
    a number the sequence allows, or one no dot can mend, is kept."""
    allowed = item_successors(previous)
    if token in allowed or not token.isdigit() or len(token) > 3:
        return token
    dotted = [f"{token[:i]}.{token[i:]}" for i in range(1, len(token))]
    dotted += [f"{token[0]}.{token[1]}.{token[2]}"] if len(token) == 3 else []
    return next((d for d in allowed if d in dotted), token)


# --- the outline of a table's rows ---------------------------------------------------------------------------

MarkerKind = Literal["letter", "roman", "item"]


class Marker(NamedTuple):
    """A row's printed number: a group letter A, B (value (1,), (2,)), a Roman numeral, or an item 1.2 ((1, 2))."""

    kind: MarkerKind
    value: tuple[int, ...]

    @property
    def label(self) -> str:
        if self.kind == "letter":
            return chr(ord("A") + self.value[0] - 1)
        if self.kind == "roman":
            return ROMAN[min(self.value[0], len(ROMAN)) - 1]
        return ".".join(map(str, self.value))


GROUP_LETTER = re.compile(r"[A-HK-UWY]")  # a group letter as printed; I, V and X are read as Roman numerals


def letter_marker(token: str) -> Marker | None:
    """The group letter a token prints ('B' -> B), or None."""
    return Marker("letter", (ord(token) - ord("A") + 1,)) if GROUP_LETTER.fullmatch(token) else None


def marker_level(marker: Marker) -> int:
    """A marker's depth in a table's outline: 0 a group letter, 1 a Roman numeral, 2 an item, 3 a sub-item…"""
    return {"letter": 0, "roman": 1}.get(marker.kind, 1 + len(marker.value))


class OutlineState(NamedTuple):
    """Where the outline stands: the last group letter, Roman numeral and item (0 and () for none yet); `fresh`
    while no item has come since the last heading."""

    letter: int = 0
    roman: int = 0
    item: tuple[int, ...] = ()
    fresh: bool = True


def _measured(kind: str, prior: float) -> float:
    """A transition cost measured on the corpus (patterns/outline.json, scripts/measure_outline.py), or the prior
    where the corpus's truth cannot show it."""
    return float(load_pattern_file("outline")["costs"].get(kind, prior))


@dataclass(frozen=True)
class OutlineSettings:
    """Costs in nats of the ways an outline goes on. Measured on the truth of the corpus's dev documents where it
    shows them (patterns/outline.json); the others are priors, tuned on the dev documents of the corpus bench."""

    gap: float = 3.0  # each number skipped: a row OCR lost, or whose number it misread beyond repair (prior)
    child: float = _measured("child", 0.5)  # an item's first sub-item (1.2 -> 1.2.1)
    up: float = 0.3  # back to a higher level (1.2.3 -> 1.3, 1.2 -> 2), after sub-items the truth lists as groups
    implied: float = _measured("first_implied", 1.5)  # a level whose number was never printed ('1.1' first)
    restart: float = _measured("restart", 3.0)  # items start again at 1 without a heading between
    continued: float = _measured("continued", 1.0)  # items numbered on across a heading (I: 1, 2; II: 3, 4)
    lost_heading: float = 3.0  # Roman numerals start again at I: the group letter above them was lost (prior)
    blank_heading: float = 3.0  # a row whose number is unreadable is a heading rather than an item (prior)
    under_start: float = 3.0  # ... or it stands right under a line that started a row (prior)
    late_heading: float = 0.0  # the first Roman numeral or letter after items that stood under none (prior)
    disorder: float = math.inf  # an item number the sequence never allows (3 after 5.4), kept as printed (prior)
    beam: int = 40  # outline states kept per line


OUTLINE = OutlineSettings()


def _extend_cost(rest: tuple[int, ...], first: float, s: OutlineSettings) -> float:
    """Cost of the levels `rest` below a number that was reached at cost `first`: each deeper level is implied."""
    return first + sum(s.implied + s.gap * (r - 1) for r in rest)


def item_cost(previous: tuple[int, ...], item: tuple[int, ...], s: OutlineSettings = OUTLINE) -> float:
    """Cost of item number `item` right after item `previous` (() for none)."""
    if not item or min(item) < 1:
        return math.inf
    if not previous:
        return _extend_cost(item[1:], s.gap * (item[0] - 1), s)
    same = 0
    while same < min(len(previous), len(item)) and previous[same] == item[same]:
        same += 1
    if same == len(item):
        return math.inf  # the same number again, or one of its ancestors
    if same == len(previous):  # a descendant
        return _extend_cost(item[same + 1 :], s.child + s.gap * (item[same] - 1), s)
    if item[same] > previous[same]:  # a sibling of the item or of an ancestor
        level = 0.0 if same == len(previous) - 1 else s.up
        return _extend_cost(item[same + 1 :], level + s.gap * (item[same] - previous[same] - 1), s)
    if same == 0 and item[0] == 1:
        return _extend_cost(item[1:], s.restart, s)
    return math.inf


def outline_step(state: OutlineState, marker: Marker, s: OutlineSettings = OUTLINE) -> tuple[float, OutlineState]:
    """Cost of `marker` coming next in `state`, and the state after it."""
    v = marker.value[0]
    if marker.kind == "letter":
        cost = s.gap * (v - state.letter - 1) if v > state.letter else math.inf
        late = s.late_heading if not state.letter and state.item else 0.0
        return cost + late, OutlineState(v, 0, state.item, True)
    if marker.kind == "roman":
        if v > state.roman:
            late = s.late_heading if not state.roman and state.item else 0.0
            return s.gap * (v - state.roman - 1) + late, OutlineState(state.letter, v, state.item, True)
        # numerals start again at I under a group letter OCR lost
        cost = s.lost_heading + s.gap * (v - 1) if state.letter else math.inf
        return cost, OutlineState(state.letter + 1, v, state.item, True)
    cost = min(item_cost(state.item, marker.value, s), s.disorder)
    if state.fresh:
        cost = min(s.continued + cost, item_cost((), marker.value, s))
    return cost, OutlineState(state.letter, state.roman, marker.value, False)


def outline_successors(state: OutlineState) -> list[Marker]:
    """The markers that may come next at no gap: for a row whose number cell is empty or unreadable."""
    items = [tuple(int(p) for p in n.split(".")) for n in item_successors(".".join(map(str, state.item)) or None)]
    if state.fresh:
        items.insert(0, (1,))
    out = [Marker("item", it) for it in items]
    return [*out, Marker("roman", (state.roman + 1,)), Marker("letter", (state.letter + 1,))]


@dataclass(frozen=True)
class Candidate:
    """A line that may start a row: readings of its marker with their costs, the cost of it starting none, and
    the cost of it starting the next row whatever its number (an empty or unreadable number cell; inf if not)."""

    readings: tuple[tuple[Marker, float], ...]
    skip: float
    blank: float = math.inf
    blank_heading: float = math.inf  # the same, as a heading's row (its title's shape weighed)
    first_child: float = math.inf  # a '1' whose parent's number OCR lost: the first sub-item of the item above


START = OutlineState()  # nothing numbered yet
Key = tuple[OutlineState, bool]  # the outline, and whether the line before started a row
Edge = tuple[Key, "Marker | None", float, Key]  # from, the line's marker (None: starts no row), cost, to


@dataclass(frozen=True)
class Decoded:
    """The likeliest marker of each line (None: the line starts no row), the outline state at the end, and the
    posterior probability of each line's decision (forward-backward over the decoder's lattice)."""

    markers: list[Marker | None]
    end: OutlineState
    posteriors: list[float]


def _edges(cand: Candidate, key: Key, s: OutlineSettings) -> list[tuple[Marker | None, float, Key]]:
    """The ways line `cand` may go from `key`: (marker, cost, next key)."""
    state, started = key
    options: list[tuple[Marker | None, float]] = [(None, cand.skip), *cand.readings]
    if cand.blank < math.inf:
        under = s.under_start if started else 0.0
        as_heading = cand.blank_heading + s.blank_heading
        options += [(m, under + (cand.blank if m.kind == "item" else as_heading)) for m in outline_successors(state)]
    if cand.first_child < math.inf and state.item:
        options.append((Marker("item", (*state.item, 1)), cand.first_child))
    out: list[tuple[Marker | None, float, Key]] = []
    for marker, read in options:
        step, after = (0.0, state) if marker is None else outline_step(state, marker, s)
        if read + step < math.inf:
            out.append((marker, read + step, (after, marker is not None)))
    return out


Same = Callable[["Marker | None", "Marker | None"], bool]  # decisions a posterior does not tell apart


def decode_outline(
    candidates: list[Candidate], start: OutlineState = START, s: OutlineSettings = OUTLINE, same: Same | None = None
) -> Decoded:
    """The likeliest markers of the lines by Viterbi over outline states (the states kept per line pruned to a
    beam), with each decision's posterior (of the marker itself, or of every marker `same` as it). A row whose
    number is unreadable right under a line that started a row is likelier that row's second line (`under_start`)."""
    states: dict[Key, float] = {(start, False): 0.0}
    back: list[dict[Key, tuple[Key, Marker | None]]] = []
    lattice: list[list[Edge]] = []
    for cand in candidates:
        new: dict[Key, float] = {}
        ptr: dict[Key, tuple[Key, Marker | None]] = {}
        edges: list[Edge] = []
        for key, cost in states.items():
            for marker, c, after in _edges(cand, key, s):
                edges.append((key, marker, c, after))
                if cost + c < new.get(after, math.inf):
                    new[after], ptr[after] = cost + c, (key, marker)
        kept = sorted(new, key=new.__getitem__)[: s.beam]
        states = {k: new[k] for k in kept}
        back.append(ptr)
        lattice.append([e for e in edges if e[3] in states])
    end = min(states, key=states.__getitem__)
    key, out = end, []
    for ptr in reversed(back):
        key, marker = ptr[key]
        out.append(marker)
    markers = out[::-1]
    return Decoded(markers, end[0], _posteriors(lattice, markers, (start, False), same or operator.eq))


def _logsumexp(values: list[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values)) if top > -math.inf else -math.inf


def _posteriors(lattice: list[list[Edge]], chosen: list[Marker | None], start: Key, same: Same) -> list[float]:
    """P(line t's decision is chosen[t]) by forward-backward (log space, scores = -cost) over the lattice."""
    alpha: list[dict[Key, float]] = [{start: 0.0}]
    for edges in lattice:
        into: dict[Key, list[float]] = {}
        for a, _, c, b in edges:
            if a in alpha[-1]:
                into.setdefault(b, []).append(alpha[-1][a] - c)
        alpha.append({k: _logsumexp(v) for k, v in into.items()})
    beta: dict[Key, float] = dict.fromkeys(alpha[-1], 0.0)
    total = _logsumexp(list(alpha[-1].values()))
    out: list[float] = []
    for t in range(len(lattice) - 1, -1, -1):
        back: dict[Key, list[float]] = {}
        mine: list[float] = []
        for a, marker, c, b in lattice[t]:
            if a not in alpha[t] or b not in beta:
                continue
            back.setdefault(a, []).append(beta[b] - c)
            if same(marker, chosen[t]):
                mine.append(alpha[t][a] - c + beta[b])
        out.append(math.exp(_logsumexp(mine) - total) if mine else 0.0)
        beta = {k: _logsumexp(v) for k, v in back.items()}
    return [min(1.0, p) for p in out[::-1]]
