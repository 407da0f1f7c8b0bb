"""The few words the document prints itself, in the document's or the article's language."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "digest_title": "News digest",
        "contents": "Contents",
        "source": "Source",
        "image": "Image",
        "image_unavailable": "Image not available",
        "articles": "Articles",
        "by": "By",
    },
    "ar": {
        "digest_title": "الموجز الإخباري",
        "contents": "المحتويات",
        "source": "المصدر",
        "image": "صورة",
        "image_unavailable": "الصورة غير متاحة",
        "articles": "عدد المقالات",
        "by": "بقلم",
    },
    "fa": {
        "digest_title": "گزیده اخبار",
        "contents": "فهرست",
        "source": "منبع",
        "image": "تصویر",
        "image_unavailable": "تصویر در دسترس نیست",
        "articles": "شمار مقاله‌ها",
        "by": "نوشته",
    },
    "ur": {
        "digest_title": "خبروں کا خلاصہ",
        "contents": "فہرست",
        "source": "ماخذ",
        "image": "تصویر",
        "image_unavailable": "تصویر دستیاب نہیں",
        "articles": "مضامین",
        "by": "از",
    },
    "he": {
        "digest_title": "תקציר חדשות",
        "contents": "תוכן העניינים",
        "source": "מקור",
        "image": "תמונה",
        "image_unavailable": "התמונה אינה זמינה",
        "articles": "כתבות",
        "by": "מאת",
    },
    "fr": {
        "digest_title": "Revue de presse",
        "contents": "Sommaire",
        "source": "Source",
        "image": "Image",
        "image_unavailable": "Image non disponible",
        "articles": "Articles",
        "by": "Par",
    },
    "vi": {
        "digest_title": "Điểm tin",
        "contents": "Mục lục",
        "source": "Nguồn",
        "image": "Ảnh",
        "image_unavailable": "Không có ảnh",
        "articles": "Số bài",
        "by": "Tác giả",
    },
}
"""Printed words by language; English stands in for any language not listed."""


def label(language: str, key: str) -> str:
    """The word for ``key`` in ``language`` (its primary subtag), else in English."""
    primary = language.lower().split("-")[0]
    return LABELS.get(primary, LABELS["en"]).get(key) or LABELS["en"][key]
