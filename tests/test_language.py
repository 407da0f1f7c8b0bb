"""Direction and language detection: ours to do, since WeasyPrint ignores dir="auto"."""

from __future__ import annotations

import pytest

from newsreport import Direction, detect_direction, detect_language


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
