"""Words patients might search for, in the form the site's search index can match.

Material's search (lunr) matches each tag as one whole token, and it matches every
word of a query, even small ones such as "what" or "I" (as word beginnings).
Keywords such as "what should I bring" are therefore indexed as their separate
words, so that a query in a patient's own words matches all of them.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def search_words(keywords: list[str]) -> list[str]:
    """Distinct words of the keywords, lowercased, in first-seen order."""
    words: list[str] = []
    for keyword in keywords:
        for word in WORD.findall(keyword.lower().replace("\u2019", "'")):
            if word not in words:
                words.append(word)
    return words
