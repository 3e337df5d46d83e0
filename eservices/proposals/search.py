"""The list's search: proposals whose title or text has every word asked for.

Each word is matched from its start (``cyk`` finds ``cykelbana``), without regard to
case; å, ä and ö are letters of their own (``bank`` does not find ``bänk``). The index
behind it is made by migration 0021, in each database's own way: on PostgreSQL, words are
also matched by their Swedish stem (``bänkar`` finds ``bänken``).

What a visitor types is never read as search syntax: only its words (letters and digits)
are searched, each quoted, so quotes, operators and stray punctuation are ignored.
"""

import re

from sqlalchemy import false, func, literal, literal_column, select, table

from eservices.extensions import db
from eservices.proposals.models import Proposal

_WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 10
# The expression of the GIN index search_proposals on PostgreSQL, which a query must repeat
# for the index to answer it.
_DOCUMENT = "proposals.title || ' ' || proposals.body"
_PG_WORDS = literal_column(
    f"(to_tsvector('swedish', {_DOCUMENT}) || to_tsvector('simple', {_DOCUMENT}))"
)


def words(query):
    """The words of ``query`` that are searched for."""
    return _WORD.findall(query)[:MAX_WORDS]


def matching(query):
    """A condition on Proposal: its title or text has every word of ``query``."""
    found = words(query)
    if not found:
        return false()
    if db.session.get_bind().dialect.name == "postgresql":
        return _PG_WORDS.op("@@")(_pg_query(found))
    index = table("search_proposals")
    phrase = " ".join(f'"{word}"*' for word in found)
    ids = select(literal_column("rowid")).select_from(index)
    return Proposal.id.in_(ids.where(literal_column("search_proposals").op("MATCH")(phrase)))


def _pg_query(found):
    # Each word as a Swedish stem or as written, from its start; every word must be there.
    # A word the Swedish dictionary drops ("och") is still found as written.
    combined = None
    for word in found:
        term = literal(f"'{word}':*")
        either = func.to_tsquery(literal_column("'swedish'"), term).op("||")(
            func.to_tsquery(literal_column("'simple'"), term)
        )
        combined = either if combined is None else combined.op("&&")(either)
    return combined
