"""Standard romanisations of Russian names, made at build time with iuliia.

A reader may know a name from a German book (Jeschow), a French one (Iejov),
a library catalogue (Ežov) or a newspaper (Yezhov). The build stores each of
these as a generated alias, so a lookup needs no transliteration of its own;
only the build imports this module (and iuliia).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_VOWELS = "аеёиоуыэюяьъ"

# Letters that German and French readers write differently from English;
# iuliia has no scheme for either, so these follow Duden and the usual
# French press practice.
_GERMAN = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo",
    "ж": "sch", "з": "s", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja",
}  # fmt: skip
_FRENCH = {
    **_GERMAN,
    "в": "v", "ж": "j", "з": "z", "й": "i", "у": "ou", "х": "kh", "ц": "ts",
    "ч": "tch", "ш": "ch", "щ": "chtch", "ю": "iou", "я": "ia", "ё": "io",
}  # fmt: skip


@cache
def schemes() -> tuple:
    """The schemes used: BGN/PCGN, scientific, GOST 7.79, Wikipedia, German, French."""
    import iuliia
    from iuliia.schema import TranslitSchema

    # A word-initial е, or one after a vowel, is "je" in German, "ie" in French.
    after_vowel = {v + "е": "" for v in _VOWELS}
    german = TranslitSchema(
        name="german",
        mapping=_GERMAN,
        # ц after a vowel is "tz" (Trotzki), as Duden has it.
        prev_mapping={"е": "je", **{k: "je" for k in after_vowel}, **_after_vowels("ц", "tz")},
        ending_mapping={"ий": "i", "ый": "i"},
    )
    french = TranslitSchema(
        name="french",
        mapping=_FRENCH,
        prev_mapping={"е": "ie", **{k: "ie" for k in after_vowel}},
        ending_mapping={"ий": "i", "ый": "i"},
    )
    return (iuliia.BGN_PCGN, iuliia.SCIENTIFIC, iuliia.GOST_779, iuliia.WIKIPEDIA, german, french)


def _after_vowels(letter: str, written: str) -> dict[str, str]:
    return {vowel + letter: written for vowel in "аеёиоуыэюя"}


def is_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def romanisations(name: str, *, surname: bool) -> Iterator[str]:
    """Each standard romanisation of a Cyrillic `name` (and, for a person,
    of the surname alone, with the Cyrillic surname itself), in a fixed order."""
    if not is_cyrillic(name):
        return
    forms = [name]
    if surname and len(name.split()) > 1:
        forms.append(name.split()[-1])
        yield forms[-1]
    for form in forms:
        for scheme in schemes():
            yield scheme.translate(form)
