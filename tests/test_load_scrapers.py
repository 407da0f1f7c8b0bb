"""What scrapers and feeds write: saved pages, trafilatura, news-please, RSS, Atom, JSON Feed."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from click.testing import CliRunner

from newsreport import LoadError, load_articles, render_html
from newsreport.cli import main
from newsreport.model import Figure, Heading, Paragraph

from .conftest import ROOT

SCRAPERS = ROOT / "examples" / "scrapers"
PAGE_TITLE = "مكتبة وادي النخيل تفتح أرشيف الصحف القديمة للباحثين"
PAGE_ADDRESS = "https://news.example.org/ar/culture/2025/11/24/palm-valley-archive/"
# Text of the saved page outside its article: menus, cookie banner, sidebar, footer, scripts.
PAGE_CHROME = (
    "الرئيسية",
    "ملفات تعريف الارتباط",
    "شارك على فيسبوك",
    "اقرأ أيضًا",
    "معرض الكتاب",
    "الأكثر قراءة",
    "النشرة البريدية",
    "جميع الحقوق محفوظة",
    "سياسة الخصوصية",
    "dataLayer",
    "querySelectorAll",
    "font-family",
)


def inspect_json(*paths) -> list[dict]:
    result = CliRunner().invoke(main, ["inspect", "--json", *map(str, paths)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def texts(article: dict, kind: str) -> list[str]:
    return [block["text"] for block in article["blocks"] if block["type"] == kind]


def figures(article: dict) -> list[dict]:
    return [block for block in article["blocks"] if block["type"] == "figure"]


@pytest.mark.parametrize("name", ["page.html", "page.trafilatura.json", "page.trafilatura.xml"])
def test_a_saved_page_read_three_ways(name):
    (article,) = inspect_json(SCRAPERS / name)
    assert article["title"] == PAGE_TITLE
    assert not article["title_derived"]
    assert article["published"] == "2025-11-24"
    assert article["byline"] == "سلمى العبيدي"
    assert article["source_url"] == PAGE_ADDRESS
    assert article["section"] == "ثقافة"
    assert (article["language"], article["direction"]) == ("ar", "rtl")
    assert texts(article, "heading") == [
        "فهرسة يدوية للأعداد الأولى",
        "ساعات إضافية في عطلة نهاية الأسبوع",
    ]
    paragraphs = texts(article, "paragraph")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("أتاحت مكتبة وادي النخيل العامة")
    assert paragraphs[-1].endswith("مع ورثة عددٍ من الكتّاب.")
    (figure,) = figures(article)
    assert figure["image"] == "page_files/reading-hall.png"
    # The page's figcaption; trafilatura's own outputs keep only the alt text.
    expected = "باحثون يتصفحون" if name == "page.html" else "قاعة المطالعة"
    assert figure["caption"].startswith(expected)
    everything = json.dumps(article, ensure_ascii=False)
    assert not [chrome for chrome in PAGE_CHROME if chrome in everything]


def test_trafilatura_tei(write):
    path = write(
        "page.tei.xml",
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
        "<title type='main'>Tide gauge installed</title><author>Ana Ruiz</author></titleStmt>"
        "<sourceDesc><biblFull><publicationStmt>"
        '<ptr type="URL" target="https://port.example.net/2025/11/tide-gauge/"/>'
        "<date>2025-11-18</date></publicationStmt></biblFull></sourceDesc></fileDesc>"
        "<profileDesc><textClass><keywords><term type='categories'>Science</term></keywords>"
        "</textClass></profileDesc></teiHeader><text><body><div type='entry'>"
        "<ab rend='h1' type='header'>Tide gauge installed</ab>"
        "<p>A new tide gauge now reports the harbour's water level every minute.</p>"
        "<ab rend='h2' type='header'>Open data</ab><p>Readings are published online.</p>"
        "</div><div type='comments'><p>Great news!</p></div></body></text></TEI>",
    )
    (article,) = load_articles(path)
    assert article.title == "Tide gauge installed"
    assert (article.byline, str(article.published), article.section) == (
        "Ana Ruiz",
        "2025-11-18",
        "Science",
    )
    assert article.source_url == "https://port.example.net/2025/11/tide-gauge/"
    assert article.blocks == (
        Paragraph("A new tide gauge now reports the harbour's water level every minute."),
        Heading("Open data"),
        Paragraph("Readings are published online."),
    )


def test_news_please_object_and_list(write):
    (article,) = inspect_json(SCRAPERS / "news-please.json")
    assert article["title"] == "مضخات تعمل بالشمس تخفض استهلاك المياه في مزارع سهل الجزيرة"
    assert article["byline"] == "كريم الساعدي، هند الراوي"
    assert article["published"] == "2025-11-22"
    assert (
        article["source_url"] == "https://wire.example.net/ar/economy/2025/11/22/solar-irrigation/"
    )
    assert texts(article, "heading") == ["نتائج الموسم الأول"]
    assert len(texts(article, "paragraph")) == 4
    assert figures(article)[0]["image"] == "https://wire.example.net/media/2025/11/solar-pumps.jpg"

    record = json.loads((SCRAPERS / "news-please.json").read_text(encoding="utf-8"))
    second = dict(
        record, title="A second record", url="https://wire.example.net/en/2", language="en"
    )
    second["maintext"] = "The pumps were bought with a loan from two local banks this spring."
    second["authors"] = ["Sam Lee", "Ade Obi"]
    path = write("list.json", json.dumps([record, second], ensure_ascii=False))
    _, other = load_articles(path)
    assert other.title == "A second record"
    assert other.byline == "Sam Lee, Ade Obi"
    assert other.language == "en"


def test_rss_items_become_articles():
    first, second = inspect_json(SCRAPERS / "feed.rss")
    assert first["title"] == "افتتاح ممشى بحري جديد على كورنيش مرفأ الصيادين"
    assert first["published"] == "2025-11-21"  # the item's own day, not UTC's
    assert (first["byline"], first["section"]) == ("مريم الشامي", "شؤون محلية")
    assert first["source_url"] == "https://coast.example.com/ar/local/2025/11/21/harbour-walk/"
    assert texts(first, "heading") == ["مقاعد ظليلة وإنارة موفرة للطاقة"]
    (figure,) = figures(first)
    assert figure == {
        "type": "figure",
        "caption": "عائلات تتنزه على الممشى البحري الجديد قرب المنارة القديمة.",
        "image": "https://coast.example.com/media/2025/11/harbour-walk.jpg",
    }
    everything = json.dumps(first, ensure_ascii=False)
    for code in ("alert", "steal", "javascript", "color: red"):
        assert code not in everything
    # Only a description, and a Media RSS picture.
    assert second["title"] == "مدرسة الحي الشرقي تطلق نادياً للروبوت"
    assert len(texts(second, "paragraph")) == 2
    assert figures(second)[0]["image"].endswith("/robotics.jpg")


def test_atom_entries_in_hebrew():
    first, second = inspect_json(SCRAPERS / "hebrew.atom")
    assert [first["title"], second["title"]] == [
        "הגן הבוטני של העמק פותח שביל לילה מואר",
        "קו אוטובוס חדש יחבר את הכפרים לתחנת הרכבת",
    ]
    assert [first["language"], first["direction"]] == ["he", "rtl"]
    assert [first["published"], second["published"]] == ["2025-11-23", "2025-11-22"]
    assert [first["byline"], first["section"]] == ["תמר לוי", "תרבות"]
    assert texts(first, "heading") == ["סיורים מודרכים בעברית ובערבית"]
    assert len(texts(second, "paragraph")) == 2  # a plain-text summary, one paragraph a line


def test_json_feed():
    (article,) = inspect_json(SCRAPERS / "feed.json")
    assert article["title"] == "Winter ferry timetable adds an early crossing for commuters"
    assert (article["byline"], article["section"], article["published"]) == (
        "Daniel Okafor",
        "Transport",
        "2025-11-19",
    )
    assert texts(article, "heading") == ["Fares unchanged"]


def test_formats_are_recognised_by_content(write, monkeypatch):
    feed = (SCRAPERS / "hebrew.atom").read_text(encoding="utf-8")
    page = (SCRAPERS / "page.html").read_text(encoding="utf-8")
    assert len(load_articles(write("saved/feed.xml", feed))) == 2
    assert len(load_articles(write("saved/feed.txt", feed))) == 2
    (article,) = load_articles(write("saved/no-suffix", page))
    assert article.title == PAGE_TITLE
    monkeypatch.setattr(sys, "stdin", (SCRAPERS / "feed.rss").open(encoding="utf-8"))
    try:
        assert len(load_articles("-")) == 2
    finally:
        sys.stdin.close()


def test_hostile_markup_never_reaches_the_page(write, caplog):
    item = (
        "<p onmouseover='steal()'>A harbour crane was repaired overnight by the port's own "
        "engineers.</p><script>steal()</script><style>body{display:none}</style>"
        "<iframe src='https://ads.example/'>framed text</iframe>"
        "<form><input value='typed'>form text</form>"
        "<figure><img src='file:///etc/passwd'><figcaption>Local file</figcaption></figure>"
        "<img src='javascript:steal()' alt='Script image'>"
        "<img src='../../secret.png' alt='Climbing out'>"
        "<p><a href='javascript:steal()'>a link</a> stays as text.</p>"
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item>'
        "<title>Crane repaired</title><link>https://port.example/2025/11/crane/</link>"
        f"<description><![CDATA[{item}]]></description></item></channel></rss>"
    )
    with caplog.at_level(logging.WARNING, logger="newsreport"):
        (article,) = load_articles(write("port.rss", feed))
    shown = [block for block in article.blocks if isinstance(block, Figure)]
    assert all(figure.image is None for figure in shown[:2])
    # Resolved against the item's address, not on our disk.
    assert shown[2].image == "https://port.example/2025/secret.png"
    html = render_html([article])
    for hostile in ("steal", "display:none", "framed text", "form text", "typed", "/etc/passwd"):
        assert hostile not in html
    assert "a link stays as text." in html
    assert sum("not kept" in message for message in caplog.messages) == 2


def test_a_malformed_feed_or_empty_page_is_named_and_skipped(write, tmp_path):
    write("in/bad.rss", '<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</ti')
    write("in/empty.html", "<!DOCTYPE html><html><body><nav>Home</nav></body></html>")
    write("in/odd.xml", "<catalog><book>Not news</book></catalog>")
    write("in/good.json", (SCRAPERS / "feed.json").read_text(encoding="utf-8"))
    skipped: list[LoadError] = []
    articles = load_articles(tmp_path / "in", on_error=skipped.append)
    assert len(articles) == 1
    assert sorted(str(error) for error in skipped) == [
        f"{tmp_path / 'in' / 'bad.rss'}:1: malformed feed: unclosed token",
        f"{tmp_path / 'in' / 'empty.html'}: no article text found in the page (only 1 word)",
        f"{tmp_path / 'in' / 'odd.xml'}: XML with root <catalog> is not an article or a feed",
    ]


@pytest.mark.slow
def test_one_digest_from_every_scraper(tmp_path):
    output = tmp_path / "scrapers.pdf"
    result = CliRunner().invoke(main, ["build", str(SCRAPERS), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "7 articles (2 duplicates left out)" in result.stderr

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(output).pages)
    assert text.count("مع ورثة عددٍ من الكتّاب") == 1
    assert "Winter ferry timetable" in text
