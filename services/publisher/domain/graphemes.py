"""Extended grapheme clusters (UAX #29) from the standard library's Unicode data.

The `regex` module's `\\X` would do this, but it is not a dependency. What follows implements
rules GB3-GB13 and GB999; GB9c (Indic conjunct clusters, Unicode 15.1) is not applied, so a
conjunct such as क्ष counts as two user-perceived characters instead of one: Bluesky limits
are then enforced slightly conservatively for those scripts, never loosely.
"""

from __future__ import annotations

import enum
import unicodedata


class Gcb(enum.Enum):
    """The Grapheme_Cluster_Break property values that the rules distinguish."""

    CR = enum.auto()
    LF = enum.auto()
    CONTROL = enum.auto()
    EXTEND = enum.auto()
    ZWJ = enum.auto()
    REGIONAL = enum.auto()
    PREPEND = enum.auto()
    SPACING_MARK = enum.auto()
    L = enum.auto()
    V = enum.auto()
    T = enum.auto()
    LV = enum.auto()
    LVT = enum.auto()
    PICTOGRAPHIC = enum.auto()
    OTHER = enum.auto()


# Spacing marks (Mc) that Unicode lists as Grapheme_Extend rather than SpacingMark.
_MC_EXTEND = frozenset(
    [
        *(0x09BE, 0x09D7, 0x0B3E, 0x0B57, 0x0BBE, 0x0BD7, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E),
        *(0x0D57, 0x0DCF, 0x0DDF, 0x1B35, 0x302E, 0x302F, 0x1133E, 0x11357, 0x114B0, 0x114BD),
        *(0x115AF, 0x11930, 0x1D165, *range(0x1D16E, 0x1D173)),
    ]
)
_PREPEND = frozenset(
    [
        *(*range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x0D4E, 0x110BD),
        *(0x110CD, 0x111C2, 0x111C3, 0x1193F, 0x11941, 0x11A3A, *range(0x11A84, 0x11A8A)),
        0x11D46,
    ]
)
# Extended_Pictographic, condensed from emoji-data.txt (the blocks emoji sequences use).
_PICTOGRAPHIC = (
    (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2122),
    (0x2139, 0x2139), (0x2194, 0x2199), (0x21A9, 0x21AA), (0x231A, 0x231B), (0x2328, 0x2328),
    (0x2388, 0x2388), (0x23CF, 0x23CF), (0x23E9, 0x23F3), (0x23F8, 0x23FA), (0x24C2, 0x24C2),
    (0x25AA, 0x25AB), (0x25B6, 0x25B6), (0x25C0, 0x25C0), (0x25FB, 0x25FE), (0x2600, 0x2605),
    (0x2607, 0x2612), (0x2614, 0x2685), (0x2690, 0x2705), (0x2708, 0x2712), (0x2714, 0x2714),
    (0x2716, 0x2716), (0x271D, 0x271D), (0x2721, 0x2721), (0x2728, 0x2728), (0x2733, 0x2734),
    (0x2744, 0x2744), (0x2747, 0x2747), (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755),
    (0x2757, 0x2757), (0x2763, 0x2767), (0x2795, 0x2797), (0x27A1, 0x27A1), (0x27B0, 0x27B0),
    (0x27BF, 0x27BF), (0x2934, 0x2935), (0x2B05, 0x2B07), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50),
    (0x2B55, 0x2B55), (0x3030, 0x3030), (0x303D, 0x303D), (0x3297, 0x3297), (0x3299, 0x3299),
    (0x1F000, 0x1F0FF), (0x1F10D, 0x1F10F), (0x1F12F, 0x1F12F), (0x1F16C, 0x1F171),
    (0x1F17E, 0x1F17F), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F1AD, 0x1F1E5),
    (0x1F201, 0x1F20F), (0x1F21A, 0x1F21A), (0x1F22F, 0x1F22F), (0x1F232, 0x1F23A),
    (0x1F23C, 0x1F23F), (0x1F249, 0x1F3FA), (0x1F400, 0x1F53D), (0x1F546, 0x1F64F),
    (0x1F680, 0x1F6FF), (0x1F774, 0x1F77F), (0x1F7D5, 0x1F7FF), (0x1F80C, 0x1F80F),
    (0x1F848, 0x1F84F), (0x1F85A, 0x1F85F), (0x1F888, 0x1F88F), (0x1F8AE, 0x1F8FF),
    (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1FAFF), (0x1FC00, 0x1FFFD),
)  # fmt: skip


def _pictographic(cp: int) -> bool:
    return any(low <= cp <= high for low, high in _PICTOGRAPHIC)


def _hangul(cp: int) -> Gcb | None:
    if 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        return Gcb.L
    if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        return Gcb.V
    if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        return Gcb.T
    if 0xAC00 <= cp <= 0xD7A3:
        return Gcb.LV if (cp - 0xAC00) % 28 == 0 else Gcb.LVT
    return None


def _special(cp: int) -> Gcb | None:
    """Properties decided by code point alone, before the general category is consulted."""
    if cp == 0x0D:
        return Gcb.CR
    if cp == 0x0A:
        return Gcb.LF
    if cp == 0x200D:
        return Gcb.ZWJ
    if cp == 0x200C or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F:
        return Gcb.EXTEND  # ZWNJ, emoji skin-tone modifiers, emoji tag characters
    if 0x1F1E6 <= cp <= 0x1F1FF:
        return Gcb.REGIONAL
    if cp in _PREPEND:
        return Gcb.PREPEND
    if cp in (0x0E33, 0x0EB3):
        return Gcb.SPACING_MARK  # Thai and Lao SARA AM
    if cp in (0xFF9E, 0xFF9F):
        return Gcb.EXTEND  # halfwidth katakana voiced sound marks
    return _hangul(cp)


def gcb(char: str) -> Gcb:
    """The Grapheme_Cluster_Break property of one code point."""
    cp = ord(char)
    special = _special(cp)
    if special is not None:
        return special
    category = unicodedata.category(char)
    if category in ("Mn", "Me") or cp in _MC_EXTEND:
        return Gcb.EXTEND
    if category == "Mc":
        return Gcb.SPACING_MARK
    if category in ("Cc", "Cf", "Zl", "Zp", "Cs"):
        return Gcb.CONTROL
    if _pictographic(cp):
        return Gcb.PICTOGRAPHIC
    return Gcb.OTHER


_BREAK_AROUND = frozenset({Gcb.CR, Gcb.LF, Gcb.CONTROL})
_HANGUL_NO_BREAK = frozenset(
    {
        (Gcb.L, Gcb.L), (Gcb.L, Gcb.V), (Gcb.L, Gcb.LV), (Gcb.L, Gcb.LVT),
        (Gcb.LV, Gcb.V), (Gcb.LV, Gcb.T), (Gcb.V, Gcb.V), (Gcb.V, Gcb.T),
        (Gcb.LVT, Gcb.T), (Gcb.T, Gcb.T),
    }
)  # fmt: skip


def _is_break(prev: Gcb, cur: Gcb, *, emoji_zwj: bool, odd_regionals: bool) -> bool:
    """UAX #29 GB3-GB13 between two code points, given the state of the cluster so far."""
    if prev is Gcb.CR and cur is Gcb.LF:
        return False  # GB3
    if prev in _BREAK_AROUND or cur in _BREAK_AROUND:
        return True  # GB4, GB5
    if (prev, cur) in _HANGUL_NO_BREAK:
        return False  # GB6-GB8
    if cur in (Gcb.EXTEND, Gcb.ZWJ, Gcb.SPACING_MARK) or prev is Gcb.PREPEND:
        return False  # GB9, GB9a, GB9b
    if prev is Gcb.ZWJ and cur is Gcb.PICTOGRAPHIC and emoji_zwj:
        return False  # GB11
    return not (prev is Gcb.REGIONAL and cur is Gcb.REGIONAL and odd_regionals)  # GB12, GB13


def graphemes(text: str) -> list[str]:
    """Split `text` into extended grapheme clusters."""
    clusters: list[str] = []
    start, prev = 0, None
    pictographic_run = False  # inside ExtPict Extend* (ZWJ)?
    emoji_zwj = False  # did the previous ZWJ follow ExtPict Extend*?
    regionals = 0  # regional indicators in the current run
    for index, char in enumerate(text):
        cur = gcb(char)
        if prev is not None and _is_break(
            prev, cur, emoji_zwj=emoji_zwj, odd_regionals=regionals % 2 == 1
        ):
            clusters.append(text[start:index])
            start = index
        emoji_zwj = cur is Gcb.ZWJ and pictographic_run
        if cur is Gcb.PICTOGRAPHIC:
            pictographic_run = True
        elif cur is not Gcb.EXTEND:
            pictographic_run = False
        regionals = regionals + 1 if cur is Gcb.REGIONAL else 0
        prev = cur
    if prev is not None:
        clusters.append(text[start:])
    return clusters


def grapheme_count(text: str) -> int:
    """How many user-perceived characters `text` holds."""
    return len(graphemes(text))
