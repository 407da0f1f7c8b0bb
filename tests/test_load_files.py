"""Files and folders: order, formats by suffix and content, and every kind of bad file."""

from __future__ import annotations

import codecs

import pytest

from newsreport import LoadError, iter_articles, load_articles

TEXT = "افتتحت المكتبة العامة أبوابها طوال الليل للمرة الأولى هذا العام."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty.txt: empty file"),
        ("blank.txt", b"  \n\t\n \n", "blank.txt: file has only whitespace"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt: binary file"),
        ("latin1.txt", "ok line\ncaf\xe9\n".encode("latin-1"), "latin1.txt:2: not UTF-8 text"),
        ("bad.json", b'{"title": ', "bad.json:1: malformed JSON"),
        ("gone.txt", None, "gone.txt: no such file or folder"),
        ("only-counter.txt", "تعليق (0)".encode(), "only-counter.txt: no article text found"),
    ],
)
def test_bad_file_gives_one_line_naming_it(write, tmp_path, name, content, message):
    path = write(name, content) if content is not None else tmp_path / name
    with pytest.raises(LoadError) as caught:
        load_articles(path)
    text = str(caught.value)
    assert message in text
    assert "\n" not in text
    assert text.startswith(str(path))


def test_bad_files_do_not_stop_the_good_ones(write, tmp_path):
    write("a/1.txt", TEXT)
    write("a/2.txt", b"")
    write("a/3.json", "{oops")
    write("a/4.txt", TEXT)
    errors: list[LoadError] = []
    articles = load_articles(tmp_path / "a", on_error=errors.append)
    assert [article.path.name for article in articles] == ["1.txt", "4.txt"]
    assert [error.path.name for error in errors] == ["2.txt", "3.json"]


def test_folders_are_read_in_sorted_order_skipping_hidden_and_other_files(write, tmp_path):
    for name in ["b/z.txt", "b/a.md", "a.json", ".hidden/x.txt", "c/.x.txt", "c/notes.pdf"]:
        content = TEXT if not name.endswith("json") else '{"title": "x"}'
        write(name, content)
    names = [str(article.path.relative_to(tmp_path)) for article in load_articles(tmp_path)]
    assert names == ["a.json", "b/a.md", "b/z.txt"]
    assert load_articles(tmp_path) == load_articles(tmp_path)


def test_a_file_named_twice_is_read_once(write, tmp_path):
    path = write("a.txt", TEXT)
    assert len(load_articles([tmp_path, path])) == 1


def test_utf8_byte_order_mark_is_accepted_utf16_is_named(write):
    assert load_articles(write("bom8.txt", codecs.BOM_UTF8 + TEXT.encode()))[0].paragraphs
    utf16 = write("bom16.txt", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"))
    with pytest.raises(LoadError, match=r"bom16\.txt: UTF-16 text; save the file as UTF-8"):
        load_articles(utf16)


def test_unknown_suffix_is_sniffed(write):
    assert load_articles(write("a.data", '{"title": "x"}'))[0].title == "x"
    assert load_articles(write("b.data", "---\ntitle: y\n---\nbody\n"))[0].title == "y"
    assert load_articles(write("c.data", f"[إعلان_1]\n{TEXT}"))[0].paragraphs[0].text == TEXT


def test_iter_articles_yields_errors_in_place(write, tmp_path):
    write("1.txt", TEXT)
    write("2.txt", b"")
    kinds = [type(item).__name__ for item in iter_articles([tmp_path])]
    assert kinds == ["Article", "LoadError"]
