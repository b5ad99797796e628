"""Text measures the providers apply: extended grapheme clusters (UAX #29, simplified)."""

from __future__ import annotations

import unicodedata

ZWJ = 0x200D
EXTEND_CATEGORIES = frozenset({"Mn", "Me", "Mc"})
REGIONAL = range(0x1F1E6, 0x1F200)
PICTOGRAPHIC = (range(0x1F000, 0x1FB00), range(0x2600, 0x27C0), range(0x2300, 0x2400))


def _is_extend(cp: int) -> bool:
    return (
        cp == ZWJ
        or 0xFE00 <= cp <= 0xFE0F
        or 0x1F3FB <= cp <= 0x1F3FF
        or 0xE0020 <= cp <= 0xE007F
        or 0xE0100 <= cp <= 0xE01EF
        or unicodedata.category(chr(cp)) in EXTEND_CATEGORIES
    )


def _hangul(cp: int) -> str:
    if 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        return "L"
    if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        return "V"
    if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        return "T"
    if 0xAC00 <= cp <= 0xD7A3:
        return "LV" if (cp - 0xAC00) % 28 == 0 else "LVT"
    return ""


HANGUL_JOINS = frozenset(
    {
        ("L", "L"),
        ("L", "V"),
        ("L", "LV"),
        ("L", "LVT"),
        ("LV", "V"),
        ("V", "V"),
        ("LV", "T"),
        ("V", "T"),
        ("LVT", "T"),
        ("T", "T"),
    }
)


def _joins(prev: int, cp: int, regional_run: int) -> bool:
    """Whether `cp` continues the cluster that `prev` belongs to (no break between them)."""
    if prev == 0x0D and cp == 0x0A:
        return True
    if prev in (0x0A, 0x0D) or cp in (0x0A, 0x0D):
        return False
    if _is_extend(cp):
        return True
    if prev == ZWJ and any(cp in r for r in PICTOGRAPHIC):
        return True
    if cp in REGIONAL and prev in REGIONAL:
        return regional_run % 2 == 1
    return (_hangul(prev), _hangul(cp)) in HANGUL_JOINS


def grapheme_count(text: str) -> int:
    """How many user-perceived characters `text` holds (what Bluesky and Mastodon count)."""
    count, prev, regional_run = 0, -1, 0
    for char in text:
        cp = ord(char)
        if prev < 0 or not _joins(prev, cp, regional_run):
            count += 1
        regional_run = regional_run + 1 if cp in REGIONAL else 0
        prev = cp
    return count
