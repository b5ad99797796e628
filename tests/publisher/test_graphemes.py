"""Grapheme clusters and the other text measures providers apply."""

from __future__ import annotations

import random

import pytest

from services.publisher.domain.graphemes import grapheme_count, graphemes
from services.publisher.domain.text_metrics import mastodon_length, utf8_bytes, utf16_units

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # man woman girl boy
FLAG_FR = "\U0001f1eb\U0001f1f7"
THUMB_DARK = "\U0001f44d\U0001f3ff"
HEART_VS16 = "\u2764\ufe0f"
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("hello", 5),
        ("e\u0301", 1),  # e + combining acute
        ("a\u0308\u0301\u0323", 1),  # several combining marks stay with their base
        (FAMILY, 1),  # ZWJ sequence
        (FLAG_FR, 1),  # regional-indicator pair
        (FLAG_FR + "\U0001f1fa\U0001f1f8" + "\U0001f1e9", 3),  # FR, US, then a lone D
        (THUMB_DARK, 1),  # skin-tone modifier
        (HEART_VS16, 1),  # variation selector
        (SCOTLAND, 1),  # tag sequence
        ("\u1100\u1161\u11a8", 1),  # Hangul L V T jamo
        ("한국어", 3),  # precomposed syllables
        ("\r\n", 1),
        ("\n\r", 2),
        ("a\u200db", 2),  # ZWJ between letters joins nothing
        ("\u0e01\u0e33", 1),  # Thai SARA AM is a spacing mark
        ("\u0600\u0645", 1),  # Arabic number sign prepends
    ],
)
def test_grapheme_clusters_are_counted_as_people_see_them(text: str, count: int) -> None:
    assert grapheme_count(text) == count


def test_graphemes_agree_with_the_regex_module_on_random_emoji_and_mark_soup() -> None:
    regex = pytest.importorskip("regex")  # present only as a tool dependency; an oracle here
    pool = [*"aZ9 ,\r\n", "\u0301", "\u200d", "\ufe0f", "\u200c", "\U0001f3fb", "\U0001f1eb",
            "\U0001f1f7", "\U0001f468", "\U0001f469", "\u2764", "\U0001f3f4", "\U000e0067",
            "\U000e007f", "\u1100", "\u1161", "\u11a8", "\uac00", "\uac01", "\u0e01", "\u0e33",
            "\u0600", "\U0001f600", "\u00a9", "\u0903", "\u200b", "\u00ad"]  # fmt: skip
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 10)))
        assert graphemes(text) == regex.findall(r"\X", text), [hex(ord(c)) for c in text]


def test_utf16_units_count_astral_characters_twice() -> None:
    assert utf16_units("abc") == 3
    assert utf16_units("\U0001f600") == 2
    assert utf16_units(FAMILY) == 11  # 4 astral emoji (8) + 3 ZWJ


def test_utf8_bytes() -> None:
    assert utf8_bytes("é") == 2
    assert utf8_bytes("\U0001f600") == 4


def test_mastodon_counts_every_url_as_23_and_remote_mentions_without_their_domain() -> None:
    long_url = "https://example.com/" + "x" * 200
    assert mastodon_length(f"read {long_url}") == len("read ") + 23
    assert mastodon_length("hi @alice@mastodon.example") == len("hi @alice")
    assert mastodon_length(FAMILY + FLAG_FR) == 2
