"""Generates every Vietnamese syllable from the phonotactics in patterns/phonotactics.json.

Written by hand because no packaged generator spells syllables with old-style tone placement (hóa, thủy)
under the c/k/q, g/gh, ng/ngh and gi/qu spelling rules; the data, not this code, says what is valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cchc_extract.patterns import load_pattern_file
from cchc_extract.vietnamese import place_tone


@dataclass(frozen=True)
class Phonotactics:
    onsets: tuple[str, ...]
    rhymes: tuple[str, ...]
    tones: tuple[str, ...]
    stop_codas: tuple[str, ...]
    stop_tones: tuple[str, ...]
    front_vowels: tuple[str, ...]
    before_front: dict[str, str]
    only_before_front: frozenset[str]
    qu_drops_glide: tuple[str, ...]


def load_phonotactics() -> Phonotactics:
    data = load_pattern_file("phonotactics")
    spelling = data["spelling"]
    return Phonotactics(
        onsets=tuple(data["onsets"]),
        rhymes=tuple(data["rhymes"]),
        tones=tuple(data["tones"]),
        stop_codas=tuple(data["stop_codas"]),
        stop_tones=tuple(data["stop_tones"]),
        front_vowels=tuple(data["front_vowels"]),
        before_front=dict(spelling["before_front"]),
        only_before_front=frozenset(spelling["only_before_front"]),
        qu_drops_glide=tuple(spelling["qu_drops_glide"]),
    )


def spell(onset: str, rhyme: str, p: Phonotactics) -> str | None:
    """Onset + toneless rhyme as written, or None where the spelling rules forbid the pair."""
    if rhyme.startswith(p.front_vowels):
        onset = p.before_front.get(onset, onset)
    elif onset in p.only_before_front:
        return None
    if onset == "qu":
        if rhyme.startswith(p.qu_drops_glide):
            rhyme = rhyme[1:]  # qu + oa -> qua, qu + uyên -> quyên
        elif rhyme[0] in "ou":
            return None
    if onset == "gi" and rhyme.startswith("i"):
        rhyme = rhyme[1:]  # gi + in -> gin (gìn), gi + iêng -> giêng
    return onset + rhyme


def syllable_inventory(p: Phonotactics) -> frozenset[str]:
    """Every spelled syllable with every allowed tone, lowercase NFC, old-style tone placement."""
    out: set[str] = set()
    for onset in p.onsets:
        for rhyme in p.rhymes:
            base = spell(onset, rhyme, p)
            if base is not None:
                tones = p.stop_tones if rhyme.endswith(p.stop_codas) else p.tones
                out.update(place_tone(base, tone) for tone in tones)
    return frozenset(out)


@lru_cache(maxsize=1)
def default_inventory() -> frozenset[str]:
    return syllable_inventory(load_phonotactics())
