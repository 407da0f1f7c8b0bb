"""Direction and language detection: ours to do, since WeasyPrint ignores dir="auto"."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreport import Direction, detect_direction, detect_language
from newsreport.ingest.language import strong_direction_counts, text_direction


@pytest.mark.parametrize(
    ("text", "language", "direction"),
    [
        ("افتتحت المكتبة العامة أبوابها طوال الليل في مدينة New York.", "ar", Direction.RTL),
        ("Google أعلنت اليوم عن خدمة جديدة للمستخدمين في المنطقة العربية.", "ar", Direction.RTL),
        ("הספרייה העירונית נפתחה לכל הלילה, עם Wi-Fi חופשי.", "he", Direction.RTL),
        ("کتابخانه شهر امشب تا صبح باز می‌ماند و چای رایگان است.", "fa", Direction.RTL),
        ("یہ کتب خانہ پوری رات کھلا رہے گا اور چائے مفت ہوگی۔", "ur", Direction.RTL),
        ("The harbour was cleaned by volunteers on Saturday.", "en", Direction.LTR),
        ("Lễ hội đèn lồng được tổ chức tại phố cổ của thị trấn.", "vi", Direction.LTR),
        ("La bibliothèque est ouverte toute la nuit pour les lecteurs.", "fr", Direction.LTR),
        ("Библиотека будет открыта всю ночь.", "ru", Direction.LTR),
    ],
)
def test_detection(text, language, direction):
    assert detect_language(text) == language
    assert detect_direction(text) == direction


def test_no_strong_characters_falls_back():
    assert detect_direction("2025 - 11", Direction.RTL) == Direction.RTL
    assert detect_language("2025 - 11") == "en"


@pytest.mark.parametrize(
    ("text", "context", "direction"),
    [
        # Everyday Arabic news: an English quote, a foreign company's name, an address.
        (
            'وقال المدير التنفيذي: "The new data centre will serve the whole region" في مؤتمر صحفي.',
            Direction.RTL,
            Direction.RTL,
        ),
        (
            "وقالت شركة Hanoi Metro Joint Stock Company إن Metro Line 2 سيفتتح قريبا.",
            Direction.RTL,
            Direction.RTL,
        ),
        (
            "وللتسجيل زوروا https://registration.example.org/heritage/archive/reading-room-2025",
            Direction.RTL,
            Direction.RTL,
        ),
        # A paragraph wholly in the other direction keeps its own.
        ("The reading room opens on Sunday.", Direction.RTL, Direction.LTR),
        ("افتتحت القاعة أمس.", Direction.LTR, Direction.RTL),
        # An English paragraph naming a place in Arabic stays left to right.
        (
            'Locals call it "رصيف النخلة", the Palm Quay, after its old trees.',
            Direction.LTR,
            Direction.LTR,
        ),
        # A long Arabic quote with a short English attribution reads right to left.
        (
            "«ستبقى القاعة مفتوحة طوال الليل لكل الباحثين والطلاب» he said.",
            Direction.LTR,
            Direction.RTL,
        ),
        # Neither a fifth in the surroundings' direction: the first strong letter decides,
        # as dir="auto" does in browsers (the majority would say left to right).
        (
            "قال John Smith, chief executive of the Hanoi Metro Joint Stock Company, it opens.",
            Direction.RTL,
            Direction.RTL,
        ),
        (
            "Hanoi Metro Joint Stock Company said the second line opens in May (المترو).",
            Direction.RTL,
            Direction.LTR,
        ),
        # No letter at all: the surroundings' direction.
        ("2025 - 10 - 14", Direction.RTL, Direction.RTL),
    ],
)
def test_text_direction_keeps_its_surroundings_when_it_can(text, context, direction):
    assert text_direction(text, context) is direction
    # The majority count alone got the first three wrong.


def test_arabic_news_quoting_english_at_length_is_arabic_and_right_to_left(write):
    from newsreport import load_articles

    body = (
        'وقال المدير التنفيذي: "The new data centre will serve the whole region from next '
        'spring" في مؤتمر صحفي.\n\n'
        "وقالت شركة Hanoi Metro Joint Stock Company إن Metro Line 2 سيفتتح قريبا.\n"
    )
    assert detect_language("اختبار الاتجاه\n" + body) == "ar"
    for head in ("", "---\nlanguage: ar\n---\n\n"):
        (article,) = load_articles(write("a.md", head + "# اختبار الاتجاه\n\n" + body))
        assert (article.language, article.direction) == ("ar", Direction.RTL)
    # An English article quoting a little Arabic stays English.
    english = "The mayor said the new bridge, called جسر النخلة locally, opens in May.\n"
    assert detect_language(english * 3) == "en"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80))
def test_strong_counts_agree_with_unicodedata(text):
    import unicodedata

    kinds = [unicodedata.bidirectional(char) for char in text]
    expected = (sum(k in ("R", "AL") for k in kinds), sum(k == "L" for k in kinds))
    assert strong_direction_counts(text) == expected
