"""Normalisation and fuzzy name matching, shared by every command.

Both the query and every stored name form go through `normalise` (the build
stores the result), so "Ежов", "Ezhov", "YEZHOV" and "Yezhov" meet on equal
terms. Matching is word-level: each query word is compared with the words of
a name form, exactly, by a spelling-fold key (ts/tz → c, kh → h, j/y → i, ...)
that erases the usual transliteration differences, by prefix, and by edit
similarity. Candidate words come from the index's vocabulary, so the cost
grows with the number of distinct words, not the number of names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from casefile_cli.models import Match, NameForm
from casefile_cli.record import Record

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing

STOPWORDS = frozenset({"the", "of", "and", "a", "an", "s", "de", "von", "van", "der"})
# Below this a query word does not count as matched at all: keeps "Leningrad"
# from finding Lenin and "Third Reich" from finding Zinaida Reich.
WORD_THRESHOLD = 0.78
# A whole query must reach this to be a match.
MATCH_THRESHOLD = 0.80
# Records of one kind within this of the best are too close to call.
AMBIGUITY_MARGIN = 0.03
# A record's own names and the forms the case file prints count fully; a
# romanisation we added counts a little less, so "leon" is Leon Trotsky
# rather than Lev Sedov (also romanised "Leon Sedov").
# The build's own forms count less again: romanisations nobody wrote, and
# "<person> <kind>" phrases (so that "blokhin" is the man, not Katyn).
FORM_WEIGHT = {"transliteration": 0.96, "generated": 0.96, "kind": 0.9}

# Everyday words for what happened, by the kind of operation they describe
# (vocabulary.OPERATION_KINDS): "reiss murder" finds the Reiss assassination,
# "yagoda arrest" his downfall. One table for every record: a query word
# listed here also matches the kind's name and the kind's other words.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "assassination": ("murder", "murdered", "killing", "killed", "shooting", "shot",
                      "assassinated", "assassination", "death"),
    "attempted-assassination": ("attempt", "assassination", "murder", "shooting", "shot"),
    "execution": ("executed", "execution", "killing", "killed", "shooting", "shot", "murder",
                  "death"),
    "poisoning": ("poisoning", "poisoned", "poison", "murder", "murdered", "killing", "killed",
                  "death"),
    "massacre": ("massacre", "killing", "killings", "shooting", "murder", "executions"),
    "kidnapping": ("kidnapping", "kidnapped", "kidnap", "abduction", "abducted", "capture"),
    "arrest": ("arrest", "arrested", "capture", "captured"),
    "purge": ("purge", "purged", "fall", "downfall", "dismissal", "dismissed", "removal",
              "arrest", "arrested"),
    "show-trial": ("trial", "tried"),
    "forgery": ("forgery", "forged", "fake", "frame"),
    "deception": ("deception", "sting", "frame", "provocation"),
    "death": ("death", "died", "dies"),
    "raid": ("raid", "attack", "assault"),
    "infiltration": ("infiltration", "penetration"),
    "suppression": ("suppression", "crushing"),
    "terror": ("terror",),
}  # fmt: skip

_NON_WORD = re.compile(r"[^0-9a-z]+")
# Applied in order to a single word. Each rule removes a difference that
# romanisations of the same name commonly show.
_FOLD_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"shch|sch", "sh"),
        (r"tch", "ch"),
        (r"ts|tz|cz", "c"),
        (r"ks|x", "ks"),
        (r"kh", "h"),
        (r"zh", "z"),
        (r"ph", "f"),
        (r"ck", "k"),
        (r"c(?=[aou])", "k"),  # Mercader as Меркадер spells it, Cracow/Krakow
        (r"w", "v"),
        (r"j", "y"),
        (r"^ye", "e"),
        (r"y", "i"),
        (r"(?<=[aeou])i(?=[aeou])", ""),
        (r"(.)\1+", r"\1"),
    )
)


def normalise(text: str) -> str:
    """Lowercase ASCII words separated by single spaces.

    NFKC, then any script to ASCII (Cyrillic transliterated, accents dropped),
    casefold, and everything but letters and digits turned into spaces.
    """
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        from anyascii import anyascii

        text = anyascii(text)
    text = text.casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A spelling-insensitive key for one normalised word."""
    for pattern, replacement in _FOLD_RULES:
        word = pattern.sub(replacement, word)
    return word


def words(normalised: str) -> list[str]:
    """The words that count for matching: stopwords dropped unless that leaves none."""
    all_words = normalised.split()
    kept = [word for word in all_words if word not in STOPWORDS]
    return kept or all_words


def kind_alternatives(word: str) -> frozenset[str]:
    """The words a query word stands for when it says what happened
    ("murder": assassination, execution, poisoning...); empty for other words."""
    return _KIND_ALTERNATIVES.get(word, frozenset())


def _alternatives_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for kind, everyday in KIND_WORDS.items():
        meaning = {kind.split("-")[-1], *everyday}
        for word in {kind.split("-")[-1], *everyday}:
            table.setdefault(word, set()).update(meaning)
    return {word: frozenset(meaning - {word}) for word, meaning in table.items()}


_KIND_ALTERNATIVES = _alternatives_table()
# A word for what happened matching the operation's kind counts a little less
# than the very word ("reiss assassination" is surer than "reiss murder").
KIND_WORD_SCORE = 0.95


def _is_transposition(a: str, b: str) -> bool:
    """Whether `b` is `a` with one adjacent pair of letters swapped."""
    if len(a) != len(b) or len(a) < 5:
        return False
    differ = [i for i in range(len(a)) if a[i] != b[i]]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and a[differ[0]] == b[differ[1]]
        and a[differ[1]] == b[differ[0]]
    )


# Cached: a query's words meet the same name words again and again (a long
# query against many names that share their words).
@lru_cache(maxsize=65536)
def word_similarity(query_word: str, form_word: str) -> float:
    """How well one query word matches one word of a name (0 to 1)."""
    if query_word == form_word:
        return 1.0
    query_fold, form_fold = fold(query_word), fold(form_word)
    if query_fold == form_fold:
        return 0.97
    if _is_transposition(query_word, form_word):
        # The commonest typing slip ("trotksy", "blokihn"): surer than an
        # arbitrary edit of the same length.
        return 0.92
    if len(query_word) >= 3 and (
        form_word.startswith(query_word) or form_fold.startswith(query_fold)
    ):
        # A prefix is a good sign but less than the whole word: "leon"
        # prefers Leon Trotsky to Leonid Zakovsky.
        return 0.9 - 0.01 * min(len(form_word) - len(query_word), 5)
    # Short words: one edit is a large change ("koba" is not "lokoba").
    penalty = 0.1 if len(query_word) <= 4 else 0.0
    needed = WORD_THRESHOLD + penalty
    similarity = max(
        alignment_similarity(query_word, form_word, needed),
        alignment_similarity(query_fold, form_fold, needed),
    )
    similarity -= penalty
    return similarity * 0.95 if similarity >= WORD_THRESHOLD else 0.0


def alignment_similarity(a: str, b: str, needed: float = 0.0) -> float:
    """1 - d / (the longer length), d being the optimal string alignment
    distance: insertions, deletions, substitutions and a swap of two adjacent
    letters ("petrvo") count one edit each, no letter edited twice. The
    same number as rapidfuzz's OSA.normalized_similarity, whose import cost
    more than the few words a lookup compares. 0.0 when it is below `needed`."""
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    # The most edits that still reach `needed`; the margin leaves borderline
    # pairs to the exact sum.
    most = int((1.0 - needed) * longest + 1e-9)
    if most < max(1, abs(len(a) - len(b))):
        return 0.0
    distance = _one_edit(a, b) if most == 1 else _alignment_distance(a, b, most)
    return 0.0 if distance > most else 1.0 - distance / longest


def _one_edit(a: str, b: str) -> int:
    """1 if one edit makes `a` of `b` (they differ), else 2: the common case
    of the alignment distance, without the dynamic programme."""
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return 1 if a[i:] == b[i + 1 :] else 2
    if a[i + 1 :] == b[i + 1 :]:
        return 1
    swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i]
    return 1 if swapped and a[i + 2 :] == b[i + 2 :] else 2


def _alignment_distance(a: str, b: str, most: int) -> int:
    """The optimal string alignment distance, by the textbook dynamic
    programme over three rows; anything above `most` once it is certain
    (two rows past it: each cell comes from the two rows above)."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    above_most = False
    for i, letter in enumerate(a, 1):
        current = [i] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            edits = previous[j - 1] + (letter != other)
            if previous[j] < edits:
                edits = previous[j] + 1
            if current[j - 1] < edits:
                edits = current[j - 1] + 1
            if i > 1 and j > 1 and letter == b[j - 2] and a[i - 2] == other:
                edits = min(edits, before[j - 2] + 1)
            current[j] = edits
        if min(current) > most:
            if above_most:
                return most + 1
            above_most = True
        else:
            above_most = False
        before, previous = previous, current
    return previous[-1]


def _best_word_match(query_word: str, form_words: Sequence[str]) -> float:
    # An exact or fold-equal word cannot be beaten: skip the edit distances.
    key = fold(query_word)
    if query_word in form_words:
        return 1.0
    if any(fold(word) == key for word in form_words):
        return 0.97
    best = max(word_similarity(query_word, word) for word in form_words)
    alternatives = kind_alternatives(query_word)
    if best < KIND_WORD_SCORE and alternatives and not alternatives.isdisjoint(form_words):
        return KIND_WORD_SCORE
    return best


def score_form(query_words: Sequence[str], form_words: Sequence[str]) -> float:
    """Share of the query matched by the name form, with a small bonus for
    covering the form itself (so a full name beats a longer title)."""
    if not query_words or not form_words:
        return 0.0
    matched = [_best_word_match(q, form_words) for q in query_words]
    if min(matched) == 0.0 and len(query_words) > 1:
        # Every word the user typed must match something.
        matched = [m * 0.6 for m in matched]
    coverage = sum(matched) / len(query_words)
    form_share = min(len(query_words) / len(form_words), 1.0)
    return round(coverage * (0.9 + 0.1 * form_share), 4)


if TYPE_CHECKING:  # a Protocol only annotates: typing is not imported at run time
    from typing import Protocol

    class NameIndex(Protocol):
        """What matching needs from storage (see `store.names.NameQueries`)."""

        def folds_like(
            self, variants: Iterable[str], prefixes: Sequence[str], kinds: Sequence[str]
        ) -> set[str]: ...

        def forms_with_words(
            self, groups: Sequence[set[str]], kinds: Sequence[str], case: str | None, limit: int
        ) -> list[NameForm]: ...


class QueryWords(Record):
    text: str
    norm: str
    words: list[str]


def prepare(query: str) -> QueryWords:
    norm = normalise(query)
    return QueryWords(query, norm, words(norm))


# Words this short get exact and prefix matches only: their one-letter
# deletions ("iv", "ko") would match too much of a large vocabulary.
MIN_VARIANT = 4
CANDIDATE_LIMIT = 2000


def variants(key: str) -> set[str]:
    """A fold key and, for keys of MIN_VARIANT letters or more, every form of
    it with one letter deleted. Two words whose variants meet are within about
    two edits of each other (a symmetric-deletion index, as SymSpell uses)."""
    if len(key) < MIN_VARIANT:
        return {key}
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


def candidate_folds(
    query_words: Sequence[str], index: NameIndex, kinds: Sequence[str]
) -> list[set[str]]:
    """For each query word, the vocabulary folds close enough to it to be
    worth scoring: found by index seeks, so the cost does not grow with the
    vocabulary."""
    groups = []
    for word in dict.fromkeys(query_words):
        key = fold(word)
        prefixes = [key] if len(key) >= 3 else []
        group = index.folds_like(variants(key), prefixes, kinds)
        if key not in group and word != key:
            # Not a known word: look among the raw words too (the index holds
            # both), where a swapped pair of letters is one edit. A known word
            # skips this, so ordinary lookups cost no more.
            group |= index.folds_like(variants(word), [], kinds)
        alternatives = kind_alternatives(word)
        groups.append(group | alternatives | {fold(a) for a in alternatives})
    return groups


def rank(
    query: str,
    index: NameIndex,
    kinds: Sequence[str],
    limit: int = 10,
    case: str | None = None,
    candidates: int = CANDIDATE_LIMIT,
) -> list[Match]:
    """Records of the given kinds best matching `query`, best first, one per
    record, from at most `candidates` name forms."""
    prepared = prepare(query)
    if not prepared.words:
        return []
    folds = candidate_folds(prepared.words, index, kinds)
    best: dict[tuple[str, str], Match] = {}
    told: dict[tuple[str, str], int] = {}
    for form in index.forms_with_words(folds, kinds, case, candidates):
        score = score_form(prepared.words, words(form.norm)) * FORM_WEIGHT.get(form.form_kind, 1)
        score = round(score, 4)
        if score <= 0:
            continue
        key = (form.kind, form.record_id)
        told[key] = form.weight
        current = best.get(key)
        if current is None or score > current.score:
            best[key] = Match(
                form.kind, form.record_id, form.label, form.form, form.form_kind, score, form.detail
            )
    # Of records matched equally well, the one the case files tell most of
    # first: among a thousand synthetic "Ivan"s, Ivan Zaporozhets.
    ordered = sorted(best.values(), key=lambda m: (-m.score, -told[m.kind, m.record_id], m.label))
    return ordered[:limit]


# Words that carry no meaning in a description ("the man with the ice axe").
TEXT_STOPWORDS = STOPWORDS | frozenset(
    "a about after at before by for from had has he her him his in into is it its on or "
    "she that their them they this to was were what when where which who whom whose why "
    "with".split()
)


def text_terms(query: str) -> list[str]:
    """The words of a query worth looking for in the full text: stopwords
    dropped unless that leaves none."""
    all_words = list(dict.fromkeys(normalise(query).split()))
    return [w for w in all_words if w not in TEXT_STOPWORDS] or all_words


def matched_words(query: str, form: str) -> tuple[str, ...]:
    """The words of `query` that match a word of the name `form`."""
    form_words = words(normalise(form))
    return tuple(
        w for w in prepare(query).words if form_words and _best_word_match(w, form_words) > 0
    )


def split_matches(matches: list[Match]) -> tuple[list[Match], list[Match]]:
    """(matches good enough to count, near misses to suggest)."""
    good = [m for m in matches if m.score >= MATCH_THRESHOLD]
    near = [m for m in matches if m.score < MATCH_THRESHOLD]
    return good, near


def contenders(matches: list[Match]) -> list[Match]:
    """The matches too close to the best one to choose between."""
    if not matches:
        return []
    top = matches[0]
    return [m for m in matches if m.kind == top.kind and top.score - m.score < AMBIGUITY_MARGIN]
