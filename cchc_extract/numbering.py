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
import re
from dataclasses import dataclass
from functools import cache

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


def roman_readings(token: str, settings: NumberingSettings = SETTINGS) -> list[tuple[int, float]]:
    """(value, cost) of each Roman numeral the OCR'd token may stand for, cheapest first, costs relative to the
    likeliest: 'II' -> [(2, 0.0), (3, 3.0), (1, 3.0)], 'Il' -> [(2, 0.0), …], '1' -> [(1, 0.0), (2, 3.0)]."""
    token = token.strip().rstrip(".,:;)")
    if not token or len(token) > 6:
        return []
    return list(_roman_readings(token))[: settings.max_readings]


@cache
def _roman_readings(token: str) -> tuple[tuple[int, float], ...]:
    conf = _confusions()
    options: list[list[tuple[str, float]]] = []
    for ch in token:
        choices = [(ch, 0.0)] if ch in "IVX" else []
        choices += conf.get(ch, [])
        if not choices:
            return ()
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
        return ()
    low = min(best.values())  # costs given that the token is a numeral: how likely it is one is the caller's evidence
    return tuple(sorted(((v, c - low) for v, c in best.items()), key=lambda vc: vc[1]))


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
