"""Search of the enterprise directory: Swedish words, typed loosely, ranked by relevance.

One interface (``search_queryset``, reached through ``Enterprise.objects.search(text)``)
with a backend per database:

* PostgreSQL: full-text search on a stored ``tsvector`` (a generated column of
  ``SearchDocument`` with a GIN index; text search configuration ``stodplattform_search``
  with ``unaccent``), ranked by ``ts_rank`` with the weights name > offers > description;
  typos are corrected against the vocabulary with trigram similarity (``pg_trgm``).
* SQLite: an FTS5 table over ``SearchDocument`` (``unicode61 remove_diacritics 2``),
  ranked by ``bm25`` with the same weights; typos corrected with ``difflib``.

The Swedish words are reduced on the Python side, the same way for both databases, so a
query finds the same enterprises on either: lower case, the Swedish Snowball stemmer (the
algorithm of PostgreSQL's ``swedish`` dictionary), one more Swedish rule (``möbel`` and
``möbler`` share the stem ``möbl``), then accents removed (å, ä → a, ö → o, é → e). The
stored document holds these reduced words; a query is reduced the same way, each word
also matches as a prefix (``hund`` finds ``hunddagis``), the coordinators' synonyms add
alternatives, and a word that is in no document is replaced by the closest indexed words.

A query can never carry an operator of either database: only letters and digits
survive the reduction, and the backends quote every word themselves.
"""

from __future__ import annotations

import difflib
import functools
import re
import threading
import unicodedata
from dataclasses import dataclass, field

import snowballstemmer
from django.db import connection
from django.db.models import F, FloatField, Func
from django.db.models.expressions import RawSQL

from stodplattform.core.pagecache import bump_generation

MAX_WORDS = 8
# Words this short are matched exactly; a prefix of one or two letters would match almost all.
MIN_PREFIX = 3
MIN_TYPO = 4
# The longest word whose tails are indexed ("arbetsmarknadsutbildningsanordnare" has 34 letters).
MAX_COMPOUND = 40
WEIGHTS = {"name": 10.0, "offers": 4.0, "body": 1.0}
PG_CONFIG = "stodplattform_search"
FTS_TABLE = "enterprises_search_fts"

WORD = re.compile(r"[^\W_]+")
VOWELS = set("aeiouyåäöé")
_stemmer = snowballstemmer.stemmer("swedish")
_stemmer_lock = threading.Lock()


def fold(text: str) -> str:
    """Lower case without accents: "Kaféet Åsen" → "kafeet asen"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=50_000)
def term(word: str) -> str:
    """The searchable form of one word: stemmed, the -el/-er/-en rule, accents removed."""
    word = word.lower()
    with _stemmer_lock:  # a Snowball stemmer object keeps state while it works
        stem = _stemmer.stemWord(word)
    # Swedish drops the e of -el, -er, -en before an ending: möbel/möbler, cykel/cyklar,
    # fågel/fåglar, regel/regler. Fold both to the form without e.
    # Only where the stemmer left the word whole, so that a stem is never cut twice.
    if stem == word and len(stem) >= 5 and stem[-2] == "e" and stem[-1] in "lrn" and stem[-3] not in VOWELS:
        stem = stem[:-2] + stem[-1]
    return fold(stem)


def words(text: str) -> list[str]:
    """The words of a text, with their letters as typed."""
    return WORD.findall(text or "")


def terms(text: str) -> list[str]:
    return [term(w) for w in words(text)]


def index_text(*texts: str) -> str:
    """What the search document stores for some texts: their terms, space-separated."""
    return " ".join(t for text in texts for t in terms(text))


def document_texts(
    *, name, goods, services, description, industries=(), city="", municipality=""
) -> dict[str, str]:
    """The three weighted parts of an enterprise's search document."""
    texts = {
        "name": index_text(name),
        "offers": index_text(goods, services, *industries),
        "body": index_text(description, city, municipality),
    }
    # Swedish joins words: "skötsel" should find "trädgårdsskötsel", "dagis" "hunddagis". The
    # tails (4 letters or more, after at least 3) of long words go into the description part,
    # so such a match ranks lowest.
    # Longer "words" than MAX_COMPOUND are no language (a row of x's, a pasted address) and
    # would give thousands of tails: PostgreSQL refuses a tsvector over 1 MB.
    tails = {
        t[i:]
        for text in texts.values()
        for t in text.split()
        if 7 <= len(t) <= MAX_COMPOUND
        for i in range(3, len(t) - 3)
    }
    if tails:
        texts["body"] = " ".join([texts["body"], *sorted(tails)]).strip()
    return texts


# ---------------------------------------------------------------------------- the query


@dataclass(frozen=True)
class Alternative:
    """One way to match a query word: a term, or a phrase of terms (from a synonym)."""

    terms: tuple[str, ...]
    prefix: bool = False


@dataclass
class Query:
    """A parsed query: every group must match, any alternative of a group will do."""

    groups: list[list[Alternative]] = field(default_factory=list)
    # Indexes of the groups that are one word as typed (not a synonym): typos are corrected there.
    plain: list[int] = field(default_factory=list)

    @property
    def highlight(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """(terms to mark, prefixes to mark) for the highlight filter."""
        exact: set[str] = set()
        prefixes: set[str] = set()
        for group in self.groups:
            for alt in group:
                exact.update(alt.terms)
                if alt.prefix:
                    prefixes.add(alt.terms[-1])
        return frozenset(exact), tuple(sorted(prefixes))


def synonym_phrases(text: str) -> list[tuple[str, ...]]:
    """The phrases of a synonym group as typed by a coordinator: "loppis, second hand"."""
    phrases = []
    for part in re.split(r"[,;\n]", text or ""):
        phrase = tuple(terms(part))
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return phrases


def parse(text: str, synonym_groups: list[list[tuple[str, ...]]]) -> Query:
    """Terms of the query, with synonyms; typos are corrected later, by the backend's vocabulary."""
    tokens = []
    for t in terms(text):
        if t not in tokens:
            tokens.append(t)
    tokens = tokens[:MAX_WORDS]
    query = Query()
    i = 0
    while i < len(tokens):
        best: tuple[int, list[tuple[str, ...]]] = (0, [])
        for phrases in synonym_groups:
            for phrase in phrases:
                n = len(phrase)
                if n > best[0] and tuple(tokens[i : i + n]) == phrase:
                    best = (n, list(phrases))
                elif n == best[0] and n and tuple(tokens[i : i + n]) == phrase:
                    best[1].extend(p for p in phrases if p not in best[1])
        if best[0]:
            # Each synonym, like any word, also matches as a prefix (tvätteri → tvätteriet).
            group = [Alternative(p, prefix=len(p[-1]) >= MIN_PREFIX) for p in best[1]]
            query.groups.append(group)
            i += best[0]
            continue
        token = tokens[i]
        # A prefix covers the word itself; ranking then favours where it stands (name first)
        # rather than how rare the exact word is.
        group = [Alternative((token,), prefix=len(token) >= MIN_PREFIX)]
        query.plain.append(len(query.groups))
        query.groups.append(group)
        i += 1
    return query


# ---------------------------------------------------------------------------- backends


class Backend:
    """What differs between the databases: the match expression, the index's SQL, the vocabulary."""

    def match_sql(self, query: Query) -> str:
        raise NotImplementedError

    def narrow(self, queryset, match: str):
        """The queryset narrowed to where the index matches ``match``, annotated with
        ``search_rank`` (higher is better)."""
        return queryset.filter(pk__in=RawSQL(self.matching_ids_sql, [match])).annotate(
            search_rank=RowSubquery(self.rank_sql, [match], output_field=FloatField())
        )

    # SELECT the ids of the enterprises whose document matches the bound match expression.
    matching_ids_sql = ""
    # SELECT the rank of the enterprise {id} for the bound match expression.
    rank_sql = ""

    def similar_terms(self, token: str) -> list[str]:
        raise NotImplementedError


class RowSubquery(Func):
    """A scalar subquery about each row: ``sql`` names the row's id as {id}, which Django
    compiles (so the enterprise table may carry any alias); ``params`` bind the %s in ``sql``."""

    def __init__(self, sql: str, params: list, output_field):
        super().__init__(F("pk"), output_field=output_field)
        self.sql, self.sql_params = sql, params

    def as_sql(self, compiler, connection, **extra_context):
        (row,) = self.get_source_expressions()
        row_sql, row_params = compiler.compile(row)
        return "(" + self.sql.replace("{id}", row_sql) + ")", [*self.sql_params, *row_params]


W = WEIGHTS


class SQLiteBackend(Backend):
    matching_ids_sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    # bm25 is lower for a better match; the same weights as PostgreSQL's.
    rank_sql = (
        f"SELECT -bm25({FTS_TABLE}, {W['name']}, {W['offers']}, {W['body']}) FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = {{id}}"
    )

    @staticmethod
    def _alt(alt: Alternative) -> str:
        # Terms are letters and digits only; quoting makes FTS5 read AND/OR/NEAR as words.
        phrase = '"' + " ".join(alt.terms) + '"'
        return phrase + "*" if alt.prefix else phrase

    def match_sql(self, query: Query) -> str:
        return " AND ".join("(" + " OR ".join(self._alt(a) for a in group) + ")" for group in query.groups)

    def similar_terms(self, token: str) -> list[str]:
        from django.db.models import Q
        from django.db.models.functions import Length, Substr

        from .models import SearchTerm

        # Words of about the same length that share the first or the second letter (kafe, cafe).
        candidates = list(
            SearchTerm.objects.annotate(n=Length("term"), second=Substr("term", 2, 1))
            .filter(n__gte=len(token) - 2, n__lte=len(token) + 2)
            .filter(Q(term__startswith=token[0]) | Q(second=token[1]))
            .values_list("term", flat=True)
        )
        return difflib.get_close_matches(token, candidates, n=3, cutoff=0.75)


class PostgreSQLBackend(Backend):
    TSQUERY = f"to_tsquery('{PG_CONFIG}', %s)"
    matching_ids_sql = f"SELECT enterprise_id FROM enterprises_searchdocument WHERE vector @@ {TSQUERY}"
    # ts_rank's weights are {D, C, B, A}: description D, offers B, name A.
    rank_sql = (
        f"SELECT ts_rank('{{{W['body'] / 10}, 0, {W['offers'] / 10}, {W['name'] / 10}}}', vector, {TSQUERY}) "
        "FROM enterprises_searchdocument WHERE enterprise_id = {id}"
    )

    @staticmethod
    def _alt(alt: Alternative) -> str:
        parts = [f"'{t}'" for t in alt.terms]
        if alt.prefix:
            parts[-1] += ":*"
        return "(" + " <-> ".join(parts) + ")" if len(parts) > 1 else parts[0]

    def match_sql(self, query: Query) -> str:
        return " & ".join("(" + " | ".join(self._alt(a) for a in group) + ")" for group in query.groups)

    def similar_terms(self, token: str) -> list[str]:
        from django.contrib.postgres.search import TrigramSimilarity

        from .models import SearchTerm

        return list(
            SearchTerm.objects.filter(term__trigram_similar=token)
            .annotate(similarity=TrigramSimilarity("term", token))
            .filter(similarity__gte=0.4)
            .order_by("-similarity", "term")
            .values_list("term", flat=True)[:3]
        )


def backend() -> Backend:
    return PostgreSQLBackend() if connection.vendor == "postgresql" else SQLiteBackend()


# ---------------------------------------------------------------------------- entry points


def synonym_groups() -> list[list[tuple[str, ...]]]:
    """Every platform's synonyms (one query): the directory is national (docs/architecture.md, Search)."""
    from .models import Synonym

    return [p for p in (synonym_phrases(w) for w in Synonym.objects.values_list("words", flat=True)) if p]


def correct_typos(query: Query, engine: Backend) -> None:
    """A word found in no document (not even as a prefix) also matches the closest indexed words.

    One query for all the words, then two per unknown word: bounded by MAX_WORDS, not by data.
    """
    from .models import SearchTerm

    if not query.plain:
        return
    singles = [query.groups[i][0].terms[0] for i in query.plain]
    known = set(SearchTerm.objects.filter(term__in=singles).values_list("term", flat=True))
    for i in query.plain:
        group = query.groups[i]
        token = group[0].terms[0]
        if token in known or len(token) < MIN_TYPO or token.isdigit():
            continue
        if SearchTerm.objects.filter(term__startswith=token).exists():
            continue
        group.extend(Alternative((t,)) for t in engine.similar_terms(token) if t != token)


def search_queryset(queryset, text: str):
    """The queryset narrowed to enterprises matching ``text``, annotated with ``search_rank``
    (higher is better) and carrying the parsed query as ``search_query`` for highlighting."""
    query = parse(text, synonym_groups())
    if not query.groups:
        # Nothing searchable (only punctuation or symbols): nothing matches.
        result = queryset.none()
        result.search_query = query
        return result
    engine = backend()
    correct_typos(query, engine)
    match = engine.match_sql(query)
    result = engine.narrow(queryset, match)
    result.search_query = query
    return result


def update_document(enterprise) -> None:
    """Store an enterprise's search document and its words in the vocabulary."""
    from .models import SearchDocument, SearchTerm

    texts = document_texts(
        name=enterprise.name,
        goods=enterprise.offers_goods,
        services=enterprise.offers_services,
        description=enterprise.description,
        industries=[n for pair in enterprise.industries.values_list("name", "name_en") for n in pair if n]
        # What it offers the public sector, with the everyday words buyers use ("städning").
        + [w for row in enterprise.offers.values_list("name", "name_en", "synonyms") for w in row if w],
        city=enterprise.city,
        municipality=enterprise.municipality.name if enterprise.municipality_id else "",
    )
    SearchDocument.objects.update_or_create(enterprise_id=enterprise.pk, defaults=texts)
    vocabulary = {t for text in texts.values() for t in text.split()}
    # In sorted order: two saves adding the same new words then lock them in the same order,
    # and wait for each other instead of deadlocking (PostgreSQL aborts one of a deadlock).
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=t) for t in sorted({t[:100] for t in vocabulary})], ignore_conflicts=True
    )


def rebuild(enterprises=None) -> int:
    """Rebuild the search documents (all, or of the given enterprises); returns how many."""
    from .models import Enterprise

    count = 0
    queryset = enterprises if enterprises is not None else Enterprise.objects.all()
    for enterprise in queryset.select_related("municipality").iterator(chunk_size=500):
        update_document(enterprise)
        count += 1
    # What the directory finds may have changed (after a bulk import that bypassed the signals).
    bump_generation()
    return count


def highlight_words(text: str, query: Query | None):
    """(word, marked) pieces of ``text``: the words a query matched are marked, the rest kept as is."""
    if not query or not query.groups:
        return [(text, False)]
    exact, prefixes = query.highlight
    pieces = []
    last = 0
    for m in WORD.finditer(text):
        t = term(m.group())
        if t in exact or any(t.startswith(p) for p in prefixes) or any(len(x) >= 5 and x in t for x in exact):
            if m.start() > last:
                pieces.append((text[last : m.start()], False))
            pieces.append((m.group(), True))
            last = m.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces
