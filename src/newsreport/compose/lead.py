"""The lead of an article: its opening sentences, for the briefing's executive summary."""

from __future__ import annotations

import re

from ..model import Article

LEAD_SENTENCES = 3
"""At most this many sentences…"""
LEAD_WORDS = 70
"""…and, after the second sentence, no more than this many words."""
_SENTENCE = re.compile(r".+?(?:[.!?؟。](?=\s|$)|$)", re.S)


def lead_text(article: Article) -> str | None:
    """Two or three opening sentences of the body (one when the first is already long)."""
    text = " ".join(paragraph.text for paragraph in article.paragraphs[:3])
    if not text:
        return None
    sentences = [match.strip() for match in _SENTENCE.findall(text) if match.strip()]
    lead: list[str] = []
    words = 0
    for sentence in sentences[:LEAD_SENTENCES]:
        count = len(sentence.split())
        if len(lead) >= 2 and words + count > LEAD_WORDS:
            break
        if lead and words + count > LEAD_WORDS * 1.5:
            break
        lead.append(sentence)
        words += count
    return " ".join(lead)
