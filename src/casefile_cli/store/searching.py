"""Full-text search over `documents`: the best hits for some words without
reading every document that holds them.

FTS5's `ORDER BY rank` scores every match before it returns one, so a word in
most of a million summaries costs seconds. Instead, each case file's
documents are one run of rowids, the record told of in most sections first
(store/writer.py), and FTS5 reads a word's matches in rowid order: for each
word, and for all the words together, the first WORD_CANDIDATES matches in
each case file are read, and the scan stops there. Those candidates are
scored with FTS5's own BM25 formula, a case file's documents taken as the
collection (their number and length from `document_ranges`, how many of
them hold the word counted up to COUNT_LIMIT and estimated past it): a case
file ranks the same whatever else the database holds, and a case file with
fewer matches than the bound gets exactly the scores of `bm25()`. Past the
bound, a candidate that holds a word beyond that word's first matches (known
from all the words' matches, or read by rowid) counts it once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from casefile_cli.models import SearchHit
from casefile_cli.record import Record
from casefile_cli.store.limits import INDEXED_CHARACTERS
from casefile_cli.store.query import Query, placeholders

# Matches read per word (and for all words) in each case file. Fixed, not
# taken from --limit, so that pages of one query (--offset) agree.
WORD_CANDIDATES = 500
# How many matches of a word are counted exactly for its BM25 weight.
COUNT_LIMIT = 5000
# FTS5's bm25() constants (fts5_aux.c).
_K1, _B = 1.2, 0.75
# What highlight() puts before each match: counting them gives a word's hits.
_MARK = "\x02"
_HITS = "highlight(documents_fts, 0, char(2), ''), highlight(documents_fts, 1, char(2), '')"
_NO_HITS = "'', ''"
# The work allowed to find the documents holding every word (see _every_word).
EVERY_WORD_WORK = 20_000
# Reading a match's rowid in order costs about a hundredth of a seek: which of
# some documents hold a word is read in order while that is cheaper.
SCAN_PER_SEEK = 100
# Rowids per `IN (...)`: far inside SQLite's limit on a statement's parameters.
_CHUNK = 500


class CaseRange(Record):
    """A case file's documents: rowids first..last, how many, their tokens."""

    casefile: str
    first: int
    last: int
    documents: int
    tokens: int


class Candidate(Record):
    id: int
    casefile: str
    kind: str
    record_id: str
    name: str


def _varints(blob: bytes) -> list[int]:
    """The numbers of an FTS5 record (SQLite varints: 7 bits a byte, high bit set
    on all but the last; never the 9-byte form for counts this small)."""
    numbers, value = [], 0
    for byte in blob:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            numbers.append(value)
            value = 0
    return numbers


def document_tokens(sizes: bytes | None) -> int:
    """Tokens of one document, from FTS5's docsize blob (a varint per column)."""
    return sum(_varints(sizes or b""))


def bm25(frequencies: dict[str, int], length: int, weights: dict[str, float], mean: float):
    """FTS5's bm25() of one document (positive: higher is better)."""
    norm = _K1 * (1 - _B + _B * length / mean) if mean else _K1
    return sum(weights[t] * f * (_K1 + 1) / (f + norm) for t, f in frequencies.items())


def word_weight(documents: int, holding: float) -> float:
    """BM25's inverse document frequency, floored as FTS5 floors it."""
    idf = math.log((documents - holding + 0.5) / (holding + 0.5))
    return idf if idf > 0 else 1e-6


def shared_between_case_files(hits: list[SearchHit]) -> list[SearchHit]:
    """Full-text hits, best first, taking turns between case files among
    those matching as many words: a case file of a million records and one
    of a hundred each show their best. Name hits (no case file) lead."""
    tiers: dict[int, dict[str, list[SearchHit]]] = {}
    for hit in hits:
        tiers.setdefault(len(hit.matched_words), {}).setdefault(hit.casefile, []).append(hit)
    shared = []
    for tier in sorted(tiers, reverse=True):
        by_file = tiers[tier]
        shared.extend(by_file.pop("", []))
        queues = list(by_file.values())
        for turn in range(max((len(q) for q in queues), default=0)):
            shared.extend(q[turn] for q in queues if turn < len(q))
    return shared


# A snippet's work grows with the square of a document's hits: a body longer
# than a build indexes (an older or foreign database) shows its opening words.
_SNIPPETS = f"""SELECT d.id, CASE WHEN length(d.body) <= {INDEXED_CHARACTERS} THEN
                       snippet(documents_fts, 1, '[', ']', '…', 12)
                       ELSE substr(d.body, 1, 80) || '…' END
                FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
                WHERE documents_fts MATCH ? AND documents_fts.rowid IN ({{}})"""


def _quoted(term: str) -> str:
    return f'"{term}"'


class SearchQueries(Query):
    def full_text_words(
        self, terms: list[str], limit: int = 20, case: str | None = None
    ) -> list[SearchHit]:
        """The best `limit` hits of `text_hits`, with their snippets."""
        return self.with_snippets(self.text_hits(terms, case)[:limit], terms)

    def text_hits(self, terms: Sequence[str], case: str | None = None) -> list[SearchHit]:
        """Documents matching any of `terms` (words, never FTS syntax), best
        first: most words matched, then BM25, taking turns between case
        files. Read from a bounded set of candidates (WORD_CANDIDATES per
        word and case file); snippets are left empty (`with_snippets`)."""
        terms = _words(terms)
        if not terms:
            return []
        hits: list[SearchHit] = []
        for scope in self._case_ranges(case):
            hits.extend(self._ranked_in(scope, terms))
        hits.sort(key=lambda h: (-len(h.matched_words), -h.score))
        return shared_between_case_files(hits)

    def with_snippets(self, hits: list[SearchHit], terms: Sequence[str]) -> list[SearchHit]:
        """`hits` with a snippet of the text around the words found, for the
        full-text hits that have none yet."""
        terms = _words(terms)
        ids = [h.document for h in hits if h.document is not None and not h.snippet]
        if not ids or not terms:
            return hits
        match = " OR ".join(map(_quoted, terms))
        snippets = {}
        for part in _chunks(ids):
            snippets.update(self._all(_SNIPPETS.format(placeholders(part)), [match, *part]))
        return [
            h._replace(snippet=snippets.get(h.document, "")) if h.document in snippets else h
            for h in hits
        ]

    def _case_ranges(self, case: str | None) -> list[CaseRange]:
        """The case files to search and their documents' range. A database
        that lacks a case file's row (an older build, or one edited by hand)
        has it counted here instead."""
        stored = {}
        if self._one("SELECT 1 FROM sqlite_master WHERE name = 'document_ranges'"):
            stored = {
                r[0]: CaseRange(*r)
                for r in self._all(
                    "SELECT casefile, first_id, last_id, documents, tokens FROM document_ranges "
                    "WHERE ? IS NULL OR casefile = ?",
                    (case, case),
                )
            }
        numbers = [
            r[0]
            for r in self._all(
                "SELECT number FROM casefiles WHERE ? IS NULL OR number = ? ORDER BY number",
                (case, case),
            )
        ]
        ranges = []
        for number in numbers:
            found = stored.get(number) or self._counted_range(number)
            if found is not None:
                ranges.append(found)
        return ranges

    def _counted_range(self, number: str) -> CaseRange | None:
        """A case file's range counted from `documents`, its length taken
        as the whole index's mean (FTS5's averages record)."""
        row = self._one(
            "SELECT min(id), max(id), count(*) FROM documents WHERE casefile = ?", (number,)
        )
        if row is None or not row[2]:
            return None
        averages = self._one("SELECT block FROM documents_fts_data WHERE id = 1")
        counts = _varints(averages[0]) if averages else []
        mean = sum(counts[1:]) / counts[0] if counts and counts[0] else 0
        return CaseRange(number, row[0], row[1], row[2], round(mean * row[2]))

    def _ranked_in(self, scope: CaseRange, terms: list[str]) -> list[SearchHit]:
        """One case file's candidates for `terms`, scored by BM25."""
        found: dict[int, dict[str, int]] = {}  # rowid: {term: hits}
        read_to: dict[str, int] = {}  # each term's matches are all known up to this rowid
        weights: dict[str, float] = {}
        holding: dict[str, float] = {}
        for term in terms:
            rows = self._matches(scope, _quoted(term))
            for rowid, hits in rows:
                found.setdefault(rowid, {})[term] = hits
            read_to[term] = rows[-1][0] if len(rows) == WORD_CANDIDATES else scope.last
            holding[term] = self._holding(scope, term)
            weights[term] = word_weight(scope.documents, holding[term])
        every = set()
        if len(terms) > 1 and all(read_to[t] == scope.last for t in terms):
            # Every word's matches are all known: those holding every word are too.
            every = {i for i, words in found.items() if len(words) == len(terms)}
        elif len(terms) > 1 and min(holding.values()) > 0:
            every = self._every_word(scope, terms, holding)
        for term in terms:
            beyond = [
                i
                for i in found.keys() | every
                if i > read_to[term] and term not in found.get(i, ())
            ]
            for rowid in every.intersection(beyond):  # holds every word: counted once
                found.setdefault(rowid, {})[term] = 1
            unknown = [i for i in beyond if i not in every]
            for rowid, hits in self._hits_among(scope, term, unknown, holding[term]):
                found[rowid][term] = hits
        if not found:
            return []
        mean = scope.tokens / scope.documents
        lengths, records = self._candidates(list(found))
        return [
            SearchHit(
                record.kind,
                record.record_id,
                record.name,
                "",
                round(bm25(found[rowid], lengths.get(rowid, 0), weights, mean), 3),
                tuple(t for t in terms if found[rowid].get(t)),
                record.casefile,
                rowid,
            )
            for rowid, record in records.items()
            if record.casefile == scope.casefile
        ]

    def _every_word(self, scope: CaseRange, terms: list[str], holding: dict[str, float]):
        """The first WORD_CANDIDATES documents holding all `terms`. FTS5 steps
        through the words' matches to find them (past the end of the range,
        to the next such document), which costs seconds when many common words
        are rarely all in one document: past EVERY_WORD_WORK (the rarest word's
        documents times the words), only the start of the range that keeps the
        work within it is searched."""
        work = min(holding.values()) * len(terms)
        if work > EVERY_WORD_WORK:
            share = EVERY_WORD_WORK / work
            scope = scope._replace(last=scope.first + int((scope.last - scope.first) * share))
        match = " AND ".join(map(_quoted, terms))
        return {rowid for rowid, _ in self._matches(scope, match, counted=False)}

    def _matches(self, scope: CaseRange, match: str, *, counted: bool = True) -> list:
        """(rowid, hits) of the first WORD_CANDIDATES matches in the case file's
        range, in rowid order: hits, how often the match occurs, only if
        `counted` (else 0)."""
        rows = self._all(
            f"SELECT rowid, {_HITS if counted else _NO_HITS} FROM documents_fts "
            "WHERE documents_fts MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?",
            (match, scope.first, scope.last, WORD_CANDIDATES),
        )
        return [(r[0], r[1].count(_MARK) + r[2].count(_MARK)) for r in rows]

    def _hits_among(self, scope: CaseRange, term: str, rowids: list[int], holding: float):
        """(rowid, hits) of the documents among `rowids` that hold `term`: a
        seek for each (hits counted), or when the term's matches between the
        first and last of them are few enough to be cheaper, those matches'
        rowids read in order (each document found counts the term once)."""
        if not rowids:
            return []
        low, high = min(rowids), max(rowids)
        between = holding * (high - low + 1) / (scope.last - scope.first + 1)
        if between <= SCAN_PER_SEEK * len(rowids):
            asked = set(rowids)
            rows = self._all(
                "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? "
                "AND rowid BETWEEN ? AND ?",
                (_quoted(term), low, high),
            )
            return [(r[0], 1) for r in rows if r[0] in asked]
        rows = [
            row
            for part in _chunks(rowids)
            for row in self._all(
                f"SELECT rowid, {_HITS} FROM documents_fts "
                f"WHERE documents_fts MATCH ? AND rowid IN ({placeholders(part)})",
                [_quoted(term), *part],
            )
        ]
        return [(r[0], r[1].count(_MARK) + r[2].count(_MARK)) for r in rows]

    def _holding(self, scope: CaseRange, term: str) -> float:
        """How many of the case file's documents hold `term`: counted up to
        COUNT_LIMIT, past that estimated from how far into the range the
        last one counted lies."""
        row = self._one(
            "SELECT count(*), max(rowid) FROM (SELECT rowid FROM documents_fts "
            "WHERE documents_fts MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?)",
            (_quoted(term), scope.first, scope.last, COUNT_LIMIT),
        )
        counted, last = (row[0], row[1]) if row else (0, None)
        if counted < COUNT_LIMIT or last is None:
            return counted
        share = (last - scope.first + 1) / (scope.last - scope.first + 1)
        return min(scope.documents, counted / share)

    def _candidates(self, rowids: list[int]) -> tuple[dict[int, int], dict[int, Candidate]]:
        """Each candidate's length in tokens, and its record."""
        lengths: dict[int, int] = {}
        records: dict[int, Candidate] = {}
        for part in _chunks(sorted(rowids)):
            marks = placeholders(part)
            for r in self._all(
                f"SELECT id, sz FROM documents_fts_docsize WHERE id IN ({marks})", part
            ):
                lengths[r[0]] = document_tokens(r[1])
            for r in self._all(
                "SELECT id, casefile, record_kind, record_id, name FROM documents "
                f"WHERE id IN ({marks})",
                part,
            ):
                records[r[0]] = Candidate(*r)
        return lengths, records


def _chunks(rowids: list[int]) -> list[list[int]]:
    return [rowids[i : i + _CHUNK] for i in range(0, len(rowids), _CHUNK)]


def _words(terms: Sequence[str]) -> list[str]:
    """The terms as FTS5 words: no quotes, no repeats, none empty."""
    return [t for t in dict.fromkeys(t.replace('"', "") for t in terms) if t]
