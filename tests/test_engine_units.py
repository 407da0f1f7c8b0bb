"""The engine's pieces on their own: folios, glyph texts, font files, outline and concatenation."""

from __future__ import annotations

import io
import itertools
import json
import re
import struct
import unicodedata
from functools import cache

import pikepdf
import pytest
from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont

from newsreport.engine._assemble import _write_outline, concatenate, destinations
from newsreport.engine._folios import (
    DIGITS,
    PROBE_PAGE,
    PROBE_TOTAL,
    FolioError,
    _glyph_run,
    _Run,
    folio_text,
    number_text,
    probe_number,
    probe_text,
)
from newsreport.engine._fonts import (
    REPRODUCIBLE_EPOCH,
    cid_widths,
    pin_modified,
    subset_font,
    to_unicode_cmap,
)
from newsreport.engine._glyph_text import (
    MAX_GLYPH_TEXT,
    AddedGlyphs,
    Copy,
    FontText,
    GlyphRecorder,
    Plan,
    best_text,
    combine,
    copy_slot,
    intrinsic_texts,
    slots_after,
)
from newsreport.engine._layout import Bookmark
from newsreport.engine._pdf_writer import PdfWriter
from newsreport.engine._text_ops import Misaligned, Rewriter, renumber

from .conftest import ROOT

AMIRI = ROOT / "fonts" / "amiri" / "Amiri-Regular.ttf"
MAC_EPOCH = 2082844800  # seconds from 1904-01-01 (OpenType dates) to 1970-01-01


# Folios and page numbers


@pytest.mark.parametrize(
    ("style", "expected"),
    [("decimal", "120"), ("arabic-indic", "١٢٠"), ("persian", "۱۲۰")],
)
def test_number_text_in_each_counter_style(style, expected):
    assert number_text(120, style) == expected
    assert number_text(9876543210, style) == DIGITS[style][::-1]


def test_number_text_of_an_unknown_style_is_an_error():
    with pytest.raises(KeyError):
        number_text(1, "roman")


@pytest.mark.parametrize(
    ("style", "expected"),
    [("decimal", "7 / 302"), ("arabic-indic", "٧ / ٣٠٢"), ("persian", "۷ / ۳۰۲")],
)
def test_folio_text_in_each_counter_style(style, expected):
    assert folio_text(7, 302, style, " / ") == expected


@pytest.mark.parametrize("style", sorted(DIGITS))
def test_probe_texts_show_every_digit(style):
    digits = DIGITS[style]
    folio = probe_text(style, " / ")
    assert folio == f"{number_text(PROBE_PAGE, style)} / {number_text(PROBE_TOTAL, style)}"
    assert set(digits) <= set(folio)
    number = probe_number(style)
    assert number == number_text(PROBE_PAGE, style) + number_text(PROBE_TOTAL, style)
    assert sorted(number) == sorted(digits)  # every digit exactly once
    assert set(number) <= set(digits)


def test_glyph_run_splits_strings_into_two_byte_glyphs():
    operand = pikepdf.Array([pikepdf.String(b"\x00\x01\x00\x02"), pikepdf.String(b"\x01\x03")])
    assert _glyph_run(operand) == [(b"\x00\x01", 0.0), (b"\x00\x02", 0.0), (b"\x01\x03", 0.0)]


def test_glyph_run_adjustments_attach_to_the_previous_glyph():
    operand = pikepdf.Array(
        [
            0,  # a leading shift of nothing is no shift
            pikepdf.String(b"\x00\x01\x00\x02"),
            -50,
            pikepdf.String(b"\x00\x03"),
            20,
            5.5,
        ]
    )
    assert _glyph_run(operand) == [
        (b"\x00\x01", 0.0),
        (b"\x00\x02", -50.0),
        (b"\x00\x03", 25.5),
    ]


def test_glyph_run_of_a_tj_string():
    assert _glyph_run(pikepdf.String(b"\x00\x07\x00\x08")) == [
        (b"\x00\x07", 0.0),
        (b"\x00\x08", 0.0),
    ]


def test_glyph_run_starting_with_a_shift_is_an_error():
    with pytest.raises(FolioError, match="starts with a shift"):
        _glyph_run(pikepdf.Array([-120, pikepdf.String(b"\x00\x01")]))


def _tiny_run() -> _Run:
    operations = (
        ([1, 0, 0, -1, 0, 800], pikepdf.Operator("cm")),
        ([pikepdf.Name("/GS1")], pikepdf.Operator("gs")),
        ([0.2, 0.2, 0.2], pikepdf.Operator("rg")),
        ([], pikepdf.Operator("BT")),
        ([pikepdf.Name("/F1"), 12], pikepdf.Operator("Tf")),
        ([1, 0, 0, -1, 100, 50], pikepdf.Operator("Tm")),
        ([pikepdf.Array([pikepdf.String(b"\x00\x09")])], pikepdf.Operator("TJ")),
        ([], pikepdf.Operator("ET")),
    )
    glyphs = {
        "1": (b"\x00\x11", 6.0),
        "2": (b"\x00\x12", 7.0),
        "/": (b"\x00\x20", 3.0),
        " ": (b"\x00\x03", 2.0),
        "١": (b"\x01\x11", 5.0),
        "٢": (b"\x01\x12", 5.5),
    }
    return _Run(operations, 5, glyphs, 100.0, 40.0)


def _shown(operations) -> tuple[list[float], list[bytes]]:
    """The text matrix and the glyphs of a drawn run."""
    (matrix_operands, matrix_operator), (glyph_operands, glyph_operator) = [
        (operands, operator) for operands, operator in operations if str(operator) in ("Tm", "TJ")
    ]
    assert (str(matrix_operator), str(glyph_operator)) == ("Tm", "TJ")
    return [float(value) for value in matrix_operands], [bytes(item) for item in glyph_operands[0]]


def test_run_draws_centred_as_probed():
    run = _tiny_run()
    operations = run.draw("12", "L", None, False)
    matrix, glyphs = _shown(operations)
    assert glyphs == [b"\x00\x11", b"\x00\x12"]
    assert matrix == [1.0, 0.0, 0.0, -1.0, 100 + 40 / 2 - 13 / 2, 50.0]
    # Everything else is the probe's, and the probe's run is left as it was.
    assert [str(operator) for _, operator in operations] == [
        str(operator) for _, operator in run.operations
    ]
    assert run.operations[5][0] == [1, 0, 0, -1, 100, 50]
    content = pikepdf.unparse_content_stream(operations)
    assert b"/F1 12 Tf" in content
    owner = pikepdf.new()  # kept open while the stream is parsed
    stream = pikepdf.Stream(owner, content)
    parsed = [str(operator) for _, operator in pikepdf.parse_content_stream(stream)]
    assert parsed[-3:] == ["Tm", "TJ", "ET"]


def test_run_draws_from_either_end_of_a_place():
    run = _tiny_run()
    left, _ = _shown(run.draw("21", "L", 300.0, True))
    right, _ = _shown(run.draw("21", "L", 300.0, False))
    assert left[4] == 300.0
    assert right[4] == 300.0 - 13.0


def test_run_draws_right_to_left_folios_in_visual_order():
    run = _tiny_run()
    _, glyphs = _shown(run.draw("١ / ٢", "R", None, False))
    # The page number (١) reads first, from the right: it is drawn last.
    assert glyphs == [b"\x01\x12", b"\x00\x03", b"\x00\x20", b"\x00\x03", b"\x01\x11"]
    _, glyphs = _shown(run.draw("1 / 2", "L", None, False))
    assert glyphs == [b"\x00\x11", b"\x00\x03", b"\x00\x20", b"\x00\x03", b"\x00\x12"]


def test_run_without_a_glyph_for_a_character_is_an_error():
    with pytest.raises(FolioError, match="no glyph for '3'"):
        _tiny_run().draw("13", "L", None, False)


def test_run_inline_keeps_state_and_text_on_another_baseline():
    inline = _tiny_run().inline(321.5)
    names = [str(operator) for _, operator in inline.operations]
    # The page transform (cm) goes; colour and opacity come along, inside q … Q.
    assert names == ["q", "gs", "rg", "BT", "Tf", "Tm", "TJ", "ET", "Q"]
    assert names[inline.line] == "Tm"
    matrix, _ = _shown(inline.draw("1", "L", 10.0, True))
    assert matrix == [1.0, 0.0, 0.0, -1.0, 10.0, 321.5]


# Glyph texts


def _recorded(pairs: list[tuple[int, str]]) -> GlyphRecorder:
    recorder = GlyphRecorder()
    for glyph, text in pairs:
        recorder[glyph] = text
    return recorder


def test_recorder_never_says_it_holds_a_glyph():
    recorder = _recorded([(5, "ل")])
    assert 5 not in recorder
    assert "ل" not in recorder
    assert dict.__contains__(recorder, 5)


def test_recorder_keeps_every_occurrence_in_drawing_order():
    recorder = _recorded([(5, "ل"), (9, ""), (5, "ل"), (5, "لك")])
    assert list(recorder.glyphs) == [5, 9, 5, 5]
    assert [recorder.texts[i] for i in recorder.text_ids] == ["ل", "", "ل", "لك"]
    assert recorder.counts == {5: {"ل": 2, "لك": 1}, 9: {"": 1}}


def test_recorder_stores_each_glyphs_most_frequent_text():
    recorder = _recorded([(1, "ا"), (2, ""), (2, "ی"), (2, "ي"), (2, "ي"), (3, "ك")])
    # WeasyPrint reads the map back with {**map} (its subset and its own text map).
    assert {**recorder} == {1: "ا", 2: "ي", 3: "ك"}


def test_recorder_cuts_long_texts():
    recorder = _recorded([(1, "ب" * (MAX_GLYPH_TEXT + 10))])
    assert dict.__getitem__(recorder, 1) == "ب" * MAX_GLYPH_TEXT


def test_best_text():
    assert best_text({"a": 1}) == "a"
    assert best_text({"a": 1, "b": 3, "c": 2}) == "b"
    assert best_text({"": 10, "x": 1}) == "x"
    assert best_text({"": 2}) == ""
    assert best_text({"ی": 2, "ي": 2}) == "ی"  # ties: the first met
    assert best_text({"ي": 2, "ی": 2}) == "ي"


LAM, STROKE, KAF, ALEF, YEH = 1843, 5477, 2859, 55, 3047
WIDTHS = {LAM: 175, STROKE: 185, KAF: 291, ALEF: 217, YEH: 471}


def _plan(pairs: list[tuple[int, str]], intrinsic: dict[int, str] | None = None) -> Plan:
    added = AddedGlyphs(6710, slots_after(6710), WIDTHS, 1000)
    return Plan(_recorded(pairs), added, intrinsic or {LAM: "ل", KAF: "ك", ALEF: "ا"})


def _walked(plan: Plan, ops: list[bytes]) -> list[bytes]:
    rewriter = Rewriter({"F1": plan}, lambda resources, name: None)
    rewriter.walk(ops, None)
    rewriter.apply()
    return ops


def test_a_glyph_with_no_text_joins_its_cluster_right_to_left():
    # الك: drawn from the left, kaf, then lam as a stroke (the letter) and a lam (nothing).
    plan = _plan([(KAF, "ك"), (STROKE, "ل"), (LAM, ""), (ALEF, "ا"), (LAM, "ل")])
    ops = _walked(plan, [b"/F1 12 Tf", b"[<0b2b>0<1565>0<0733>-3<0037>0] TJ", b"[<0733>] TJ"])
    ((joined, copy),) = plan.added.copies.items()
    assert copy == Copy((STROKE, LAM), ((0, 0), (185, 0)), "ل", 360.0, span=2)
    assert ops == [b"/F1 12 Tf", b"[<0b2b>0<%04x>-3<0037>0] TJ" % joined, b"[<0733>] TJ"]
    table = plan.table(True)
    assert table.mapping() == {KAF: "ك", ALEF: "ا", LAM: "ل", joined: "ل"}
    assert table.used[LAM] == {"ل": 1}  # the lam drawn as itself once
    assert STROKE not in table.used  # drawn only inside the joined glyph


def test_adjustments_between_joined_glyphs_place_them():
    plan = _plan([(STROKE, "ل"), (LAM, "")])
    _walked(plan, [b"/F1 10 Tf", b"[<1565>-15<>40.5<0733>] TJ"])
    ((_, copy),) = plan.added.copies.items()
    # The lam starts where the stroke's advance and the adjustments put it: 185 + 15 - 40.5.
    assert copy.offsets == ((0, 0), (160, 0))
    assert copy.width == 160 + 175


def test_a_glyph_standing_for_another_text_is_drawn_by_a_copy():
    plan = _plan([(YEH, "ي"), (YEH, "ی"), (YEH, "ي")], intrinsic={YEH: "ي"})
    ops = _walked(plan, [b"/F1 10 Tf", b"[<0be7>0<0be7>0<0be7>] TJ"])
    ((copy_id, copy),) = plan.added.copies.items()
    assert copy == Copy((YEH,), ((0, 0),), "ی", 471.0)
    assert ops[1] == b"[<0be7>0<%04x>0<0be7>] TJ" % copy_id
    assert plan.table(True).mapping() == {YEH: "ي", copy_id: "ی"}


def test_a_glyph_with_no_text_joins_the_next_one_left_to_right():
    e, hat = 72, 900
    added = AddedGlyphs(6710, slots_after(6710), {e: 500, hat: 0}, 1000)
    plan = Plan(_recorded([(e, ""), (hat, "ệ"), (e, "e")]), added, {e: "e"})
    ops = _walked(plan, [b"/F1 10 Tf", b"[<0048><0384>10<0048>] TJ"])
    ((copy_id, copy),) = plan.added.copies.items()
    assert copy.glyphs == (e, hat) and copy.text == "ệ"
    assert ops[1] == b"[<%04x>10<0048>] TJ" % copy_id


def test_a_mark_moved_before_it_is_drawn_by_a_copy_holding_the_move():
    # WeasyPrint moves a mark with adjustments around it; text engines read a jump of the
    # pen as a space (مضيفا ً). The copy draws the mark moved, the pen does not jump before it.
    tanween = 91
    widths = {**WIDTHS, tanween: 0}
    added = AddedGlyphs(6710, slots_after(6710), widths, 1000)
    recorded = [(1, " "), (tanween, "ً"), (ALEF, "ا")]
    plan = Plan(_recorded(recorded), added, {1: " ", tanween: "ً", ALEF: "ا"})
    ops = _walked(plan, [b"/F1 10 Tf", b"[<0001>0<>214.5<005b>-214<0037>0] TJ"])
    ((copy_id, copy),) = plan.added.copies.items()
    assert copy == Copy((tanween,), ((-214, 0),), "ً", 0.0)  # rounded to the font's units
    # The move and the adjustment putting it back are one: no jump of the pen at all.
    assert ops[1] == b"[<0001><%04x>0.5<0037>0] TJ" % copy_id


def test_a_cluster_text_is_spread_one_letter_a_glyph():
    # فَّ drawn as a fatha, a shadda and a feh: the first carries the three, the others none.
    fatha, shadda, feh = 1439, 97, 1712
    added = AddedGlyphs(6710, slots_after(6710), {fatha: 0, shadda: 0, feh: 378}, 1000)
    recorded = [(fatha, "فَّ"), (shadda, ""), (feh, "")]
    plan = Plan(_recorded(recorded), added, {shadda: "ّ", feh: "ف"})
    ops = _walked(plan, [b"/F1 10 Tf", b"[<059f><0061><06b0>] TJ"])
    texts = {copy.glyphs: copy.text for copy in plan.added.copies.values()}
    assert texts == {(fatha,): "َ"}  # the shadda and the feh copy as themselves
    assert b"<0061><06b0>" in ops[1]
    # ... and the font's map says so, though no occurrence was recorded with those texts.
    mapping = plan.table(True).mapping()
    assert (mapping[shadda], mapping[feh]) == ("ّ", "ف")


def test_a_raised_mark_alone_is_drawn_by_the_next_glyphs_operator():
    # شُ at a heading's size: WeasyPrint raises the damma with a Ts of its own, alone in its
    # operator. PDFium makes a text object of each operator and ended the line between the
    # mark's and its letter's (both over 4.5 pt tall, their ink not overlapping in height).
    damma, sheen = 95, 2535
    added = AddedGlyphs(6710, slots_after(6710), {damma: 0, sheen: 300, ALEF: 217}, 1000)
    recorded = [(ALEF, "ا"), (damma, "ُ"), (sheen, "ش")]
    plan = Plan(_recorded(recorded), added, {ALEF: "ا", damma: "ُ", sheen: "ش"})
    ops = [b"/F1 20 Tf", b"[<0037>0] TJ", b"2 Ts", b"[-10<005f>-200] TJ", b"0 Ts", b"[<09e7>] TJ"]
    _walked(plan, ops)
    ((copy_id, copy),) = plan.added.copies.items()
    # Its ink where it was: 200 thousandths of an em left of the sheen's start, 2/20 em up.
    assert copy == Copy((damma,), ((-200, 100),), "ُ", 0.0)
    assert ops[3] == b"[] TJ"  # its own operator draws nothing
    assert ops[5] == b"[-210<%04x><09e7>] TJ" % copy_id  # the pen to the sheen, then both


def test_forms_are_read_where_they_are_drawn():
    plan = _plan([(KAF, "ك"), (ALEF, "ا"), (KAF, "ك")])
    form = [b"/F1 10 Tf", b"[<0037>] TJ"]
    rewriter = Rewriter(
        {"F1": plan}, lambda resources, name: (form, None) if name == "g1" else None
    )
    rewriter.walk([b"/F1 10 Tf", b"[<0b2b>] TJ", b"/g1 Do", b"[<0b2b>] TJ"], None)
    assert plan.cursor == 3


def test_content_that_is_not_what_was_recorded_is_left_alone():
    plan = _plan([(KAF, "ك"), (STROKE, "ل"), (LAM, "")])
    ops = [b"/F1 12 Tf", b"[<0b2b>0<1565>0<0037>] TJ"]
    rewriter = Rewriter({"F1": plan}, lambda resources, name: None)
    with pytest.raises(Misaligned):
        rewriter.walk(ops, None)
    assert ops[1] == b"[<0b2b>0<1565>0<0037>] TJ"
    assert plan.table(False).used[LAM] == {"": 1}  # each glyph as its most frequent text


def test_parts_that_agree_need_no_renumbering():
    first = _plan([(STROKE, "ل"), (LAM, ""), (YEH, "ی")], {YEH: "ي"})
    second = _plan([(STROKE, "ل"), (LAM, ""), (LAM, "ل")])
    _walked(first, [b"/F1 10 Tf", b"[<1565><0733><0be7>] TJ"])
    _walked(second, [b"/F1 10 Tf", b"[<1565><0733><0733>] TJ"])
    tables = [{"amiri": first.table(True)}, {"amiri": second.table(True)}]
    combined, renumberings = combine(tables)
    assert renumberings == [{}, {}]
    assert combined["amiri"].copies == {**tables[0]["amiri"].copies, **tables[1]["amiri"].copies}


def test_parts_that_disagree_are_renumbered():
    first, second = FontText(glyph_count=100), FontText(glyph_count=100)
    first.used = {7: {"ي": 5}}
    second.used = {7: {"ی": 2}}  # a glyph drawn as itself for another text
    first.copies = {150: Copy((1, 2), ((0, 0), (300, 0)), "ل", 0.0, 2)}
    second.copies = {150: Copy((3,), ((0, 0),), "x", 0.0)}  # the same id for another glyph
    combined, (for_first, for_second) = combine([{"f": first}, {"f": second}])
    table = combined["f"]
    assert table.used == {7: {"ي": 5}}
    ids = {copy.key: glyph for glyph, copy in table.copies.items()}
    assert set(ids) == {
        ((1, 2), ((0, 0), (300, 0)), "ل", 2),
        ((3,), ((0, 0),), "x", 1),
        ((7,), ((0, 0),), "ی", 1),
    }
    codes = {**for_first.get("f", {}), **for_second.get("f", {})}
    assert for_second["f"][7] == ids[((7,), ((0, 0),), "ی", 1)]
    assert len(set(table.copies)) == 3
    assert all(new in table.copies for new in codes.values())


def _rival(slot: int) -> Copy:
    """An added glyph (to a font of 100 glyphs) that prefers the id ``slot``."""
    return next(
        copy
        for glyph in range(1, 1_000_000)
        if copy_slot((copy := Copy((1, glyph), ((0, 0), (0, 0)), "y", 0.0)).key, 100, 8192) == slot
    )


def test_the_added_glyph_more_parts_drew_keeps_its_id():
    assert slots_after(100) == 8192
    popular = Copy((9,), ((0, 0),), "x", 0.0)
    slot = copy_slot(popular.key, 100, 8192)
    # Another added glyph that prefers the same id, and sorts first.
    rare = _rival(slot)
    assert rare.key < popular.key
    parts = []
    for _ in range(4):
        table = FontText(glyph_count=100)
        table.copies = {slot: popular}
        parts.append({"f": table})
    lonely = FontText(glyph_count=100)
    lonely.copies = {slot: rare}
    combined, renumberings = combine([*parts, {"f": lonely}])
    assert combined["f"].copies[slot] == popular
    assert renumberings[:4] == [{}, {}, {}, {}]  # only the part with the rare one changes
    assert renumberings[4]["f"][slot] != slot


def test_parts_fitted_around_settled_ones_leave_those_as_they_were():
    # The chunks settle first (the frame may still be laid out); a frame that would win on
    # its own (more uses of ی, the rare added glyph on four pages) fits in around them.
    popular = Copy((9,), ((0, 0),), "x", 0.0)
    slot = copy_slot(popular.key, 100, 8192)
    rival = _rival(slot)
    chunk = FontText(glyph_count=100, used={7: {"ي": 2}, 8: {"a": 1}}, copies={slot: popular})
    settled, (for_chunk,) = combine([{"f": chunk}])
    assert for_chunk == {}
    frame = FontText(glyph_count=100, used={7: {"ی": 9}, 11: {"b": 3}}, copies={slot: rival})
    frame_copies = [{"f": frame}] * 4
    combined, renumberings = combine(frame_copies, settled)
    table = combined["f"]
    assert table.copies[slot] == popular  # the chunk's code stays
    assert table.mapping()[7] == "ي" and table.mapping()[8] == "a" and table.mapping()[11] == "b"
    codes = renumberings[0]["f"]
    assert codes[slot] != slot and table.copies[codes[slot]] == rival
    assert table.copies[codes[7]].key == ((7,), ((0, 0),), "ی", 1)
    assert all(renumbering == renumberings[0] for renumbering in renumberings)
    # Without settling, the frame's majority would have won (the chunk renumbered instead).
    alone, (chunk_codes, *_) = combine([{"f": chunk}, *frame_copies])
    assert alone["f"].copies[slot] == rival and chunk_codes["f"][slot] != slot


def test_renumber_changes_only_the_named_fonts_codes():
    content = b"BT /F1 10 Tf [<0005>-2<0007>] TJ /F2 10 Tf [<0005>] TJ /F1 9 Tf [<00050007>] TJ ET"
    changed = renumber(content, {"F1": {5: 0x1A00}})
    assert changed == (
        b"BT /F1 10 Tf [<1a00>-2<0007>] TJ /F2 10 Tf [<0005>] TJ /F1 9 Tf [<1a000007>] TJ ET"
    )


def test_font_text_goes_through_json():
    copies = {7000: Copy((1, 2), ((0, 0), (185, -20)), "ل", 360.0, 2)}
    table = FontText({5: {"ل": 3}}, copies, 6710, 1000)
    assert FontText.from_json(json.loads(json.dumps(table.to_json()))) == table


def test_intrinsic_texts_are_the_letters_the_font_maps():
    texts = intrinsic_texts(_amiri())
    lam_initial = TTFont(io.BytesIO(_amiri()), lazy=True).getBestCmap()[0xFEDF]
    assert texts[TTFont(io.BytesIO(_amiri()), lazy=True).getGlyphID(lam_initial)] == "ل"
    # Presentation forms come back as the letters they show.
    assert all(unicodedata.normalize("NFKC", text) == text for text in texts.values())


# Font files


def _bfchar_blocks(cmap: bytes) -> list[dict[int, str]]:
    """The bfchar blocks of a ToUnicode CMap, read back (each checked against its count)."""
    text = cmap.decode("ascii")
    blocks = []
    for count, body in re.findall(r"(\d+) beginbfchar\n(.*?)\nendbfchar", text, re.S):
        entries = re.findall(r"^<([0-9a-f]{4})> <([0-9a-f]*)>$", body, re.M)
        assert len(entries) == int(count) == len(body.split("\n"))
        blocks.append(
            {int(glyph, 16): bytes.fromhex(hexed).decode("utf-16-be") for glyph, hexed in entries}
        )
    return blocks


def test_to_unicode_cmap_maps_each_glyph_to_its_text():
    mapping = {0x41: "ل", 3: "لا", 0x1234: "ﷺ", 7: "𝔸", 0xFFFF: "a"}
    cmap = to_unicode_cmap(mapping)
    assert cmap.startswith(b"/CIDInit /ProcSet findresource begin")
    assert b"1 begincodespacerange\n<0000> <ffff>\nendcodespacerange" in cmap
    assert cmap.endswith(b"end\nend")
    assert b"<0003> <06440627>" in cmap  # two characters, in order
    assert b"<0007> <d835dd38>" in cmap  # outside the BMP: a surrogate pair
    (block,) = _bfchar_blocks(cmap)
    assert block == mapping
    assert list(block) == sorted(mapping)


def test_to_unicode_cmap_has_a_hundred_entries_a_block():
    mapping = {glyph: chr(0x600 + glyph % 200) * (1 + glyph % 3) for glyph in range(250, 0, -1)}
    blocks = _bfchar_blocks(to_unicode_cmap(mapping))
    assert [len(block) for block in blocks] == [100, 100, 50]
    assert [glyph for block in blocks for glyph in block] == list(range(1, 251))  # in order
    assert {glyph: text for block in blocks for glyph, text in block.items()} == mapping
    assert _bfchar_blocks(to_unicode_cmap({})) == []


def test_cid_widths_of_both_forms():
    widths = pikepdf.Array([1, [500, 600.5], 10, 12, 250, 40, [333]])
    assert cid_widths(widths) == {
        1: 500.0,
        2: 600.5,
        10: 250.0,
        11: 250.0,
        12: 250.0,
        40: 333.0,
    }
    assert all(isinstance(width, float) for width in cid_widths(widths).values())
    assert cid_widths(pikepdf.Array([7, 7, 100])) == {7: 100.0}
    assert cid_widths(pikepdf.Array()) == {}


@cache
def _amiri() -> bytes:
    return AMIRI.read_bytes()


@cache
def _glyph_ids(text: str) -> tuple[int, ...]:
    font = TTFont(io.BytesIO(_amiri()), lazy=True)
    cmap = font.getBestCmap()
    return tuple(font.getGlyphID(cmap[ord(char)]) for char in text)


def _fonttools_subset(content: bytes, glyph_ids: tuple[int, ...]) -> bytes:
    options = ft_subset.Options(retain_gids=True)
    options.drop_tables += ["GSUB", "GPOS"]  # not needed here, and slow to subset
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(gids=[0, *glyph_ids])
    font = TTFont(io.BytesIO(content))
    subsetter.subset(font)
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


def _modified(content: bytes) -> int:
    return TTFont(io.BytesIO(content))["head"].modified


def _file_checksum(content: bytes) -> int:
    content += b"\0" * (-len(content) % 4)
    return sum(struct.unpack(f">{len(content) // 4}I", content)) & 0xFFFFFFFF


def _read_every_table(content: bytes) -> None:
    """Read the font with fontTools, failing on any table checksum that does not match."""
    font = TTFont(io.BytesIO(content), checkChecksums=2)
    for tag in list(font.reader.tables):
        font.reader[tag]  # checks the table's checksum as it reads it
    font.ensureDecompiled()
    assert _file_checksum(content) == 0xB1B0AFBA  # the head's checkSumAdjustment mends it


def test_pin_modified_gives_what_fonttools_writes_under_source_date_epoch(monkeypatch):
    original = _amiri()
    glyphs = _glyph_ids("لك1")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    stamped = _fonttools_subset(original, glyphs)
    assert _modified(stamped) != _modified(original)  # fontTools stamps the clock
    pinned = pin_modified(stamped, original)
    assert pinned != stamped
    assert len(pinned) == len(stamped)
    assert _modified(pinned) == REPRODUCIBLE_EPOCH + MAC_EPOCH
    _read_every_table(pinned)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(REPRODUCIBLE_EPOCH))
    reproducible = _fonttools_subset(original, glyphs)
    assert _modified(reproducible) == REPRODUCIBLE_EPOCH + MAC_EPOCH
    assert pinned == reproducible


def test_pin_modified_leaves_a_kept_time_and_other_files_alone():
    original = _amiri()
    assert pin_modified(original, original) is original
    kept = subset_font(original, frozenset(_glyph_ids("ل")))  # HarfBuzz keeps the time
    assert _modified(kept) == _modified(original)
    assert pin_modified(kept, original) == kept
    assert pin_modified(b"not a font", original) == b"not a font"
    assert pin_modified(b"", original) == b""


def test_subset_font_keeps_the_notdef_outline_only_when_asked():
    original = _amiri()
    (lam,) = _glyph_ids("ل")

    def notdef_contours(content: bytes) -> int:
        font = TTFont(io.BytesIO(content))
        return font["glyf"][font.getGlyphOrder()[0]].numberOfContours

    assert notdef_contours(original) > 0
    assert notdef_contours(subset_font(original, frozenset({lam}))) == 0
    assert notdef_contours(subset_font(original, frozenset({lam}), notdef_outline=True)) > 0


def test_subset_font_keeps_the_requested_glyph_ids():
    original = _amiri()
    lam, one, zed = _glyph_ids("ل1Z")
    whole = TTFont(io.BytesIO(original))
    subset = subset_font(original, frozenset({lam, one}))
    assert len(subset) < len(original) / 2
    font = TTFont(io.BytesIO(subset))
    assert font["maxp"].numGlyphs > one  # ids kept, not renumbered
    glyf, order = font["glyf"], font.getGlyphOrder()
    original_glyf, original_order = whole["glyf"], whole.getGlyphOrder()
    for glyph in (lam, one):
        kept, was = glyf[order[glyph]], original_glyf[original_order[glyph]]
        assert kept.numberOfContours == was.numberOfContours != 0
        assert font["hmtx"][order[glyph]][0] == whole["hmtx"][original_order[glyph]][0]
    assert original_glyf[original_order[zed]].numberOfContours > 0
    if zed < len(order):
        assert glyf[order[zed]].numberOfContours == 0  # not asked for: left empty
    for tag in ("GSUB", "GPOS"):
        assert tag not in font


# Outline and concatenation


def _outlined(bookmarks: list[Bookmark], pages: int) -> bytes:
    output = io.BytesIO()
    writer = PdfWriter(output)
    numbers = [writer.reserve() for _ in range(pages)]
    tree = writer.reserve()
    for page in numbers:
        writer.add(b"<</Type/Page/Parent %d 0 R/MediaBox[0 0 200 300]/Resources<<>>>>" % tree, page)
    kids = b" ".join(b"%d 0 R" % page for page in numbers)
    writer.add(b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, pages), tree)
    outline = _write_outline(writer, numbers, bookmarks)
    root = writer.add(b"<</Type/Catalog/Pages %d 0 R/Outlines %d 0 R>>" % (tree, outline))
    writer.finish(root, None)
    return output.getvalue()


def _children(item) -> list:
    found = []
    child = item.get("/First")
    while child is not None:
        assert child.Parent.objgen == item.objgen
        found.append(child)
        child = child.get("/Next")
    assert (found[-1].objgen if found else None) == (item.Last.objgen if "/Last" in item else None)
    for before, after in itertools.pairwise(found):
        assert after.Prev.objgen == before.objgen
    return found


def test_write_outline_nests_by_level():
    bookmarks = [
        Bookmark(0, 1, "أولاً", 10, 280),
        Bookmark(1, 2, "Second (a)", 20.5, 270),
        Bookmark(1, 2, "Third", 0, 100, open=False),
        Bookmark(2, 1, "Fourth", 0, 300),
    ]
    data = _outlined(bookmarks, 3)
    with pikepdf.open(io.BytesIO(data)) as document:
        assert document.check_pdf_syntax() == []
        outlines = document.Root.Outlines
        assert outlines.Type == "/Outlines"
        first, fourth = _children(outlines)
        second, third = _children(first)
        assert _children(second) == _children(third) == _children(fourth) == []
        titles = [str(item.Title) for item in (first, second, third, fourth)]
        assert titles == ["أولاً", "Second (a)", "Third", "Fourth"]
        pages = [page.obj.objgen for page in document.pages]
        for item, bookmark in zip((first, second, third, fourth), bookmarks, strict=True):
            dest = item.Dest
            assert dest[0].objgen == pages[bookmark.page]
            assert dest[1] == "/XYZ"
            assert (float(dest[2]), float(dest[3]), float(dest[4])) == (
                bookmark.x,
                bookmark.y,
                0.0,
            )
        assert int(outlines.Count) == 4
        assert int(first.Count) == 2
        assert "/Count" not in fourth
        with document.open_outline() as outline:
            assert [item.title for item in outline.root] == ["أولاً", "Fourth"]
            assert [item.title for item in outline.root[0].children] == ["Second (a)", "Third"]


def test_write_outline_closed_entries_hide_their_children():
    bookmarks = [
        Bookmark(0, 1, "One", 0, 0, open=False),
        Bookmark(0, 2, "One.1", 0, 0),
        Bookmark(0, 3, "One.1.1", 0, 0),
        Bookmark(0, 2, "One.2", 0, 0),
        Bookmark(1, 1, "Two", 0, 0),
        Bookmark(1, 3, "Two.a", 0, 0),  # a skipped level nests under the last above it
        Bookmark(1, 2, "Two.b", 0, 0, open=False),
        Bookmark(1, 3, "Two.b.1", 0, 0),
    ]
    with pikepdf.open(io.BytesIO(_outlined(bookmarks, 2))) as document:
        outlines = document.Root.Outlines
        one, two = _children(outlines)
        one_1, one_2 = _children(one)
        (one_1_1,) = _children(one_1)
        two_a, two_b = _children(two)
        (two_b_1,) = _children(two_b)
        assert [str(item.Title) for item in (one_1_1, two_a, two_b_1)] == [
            "One.1.1",
            "Two.a",
            "Two.b.1",
        ]
        assert int(one.Count) == -3  # closed: its descendants, negated
        assert int(one_1.Count) == 1
        assert int(two_b.Count) == -1
        assert int(two.Count) == 2  # Two.b's child is hidden
        assert int(outlines.Count) == 2 + 2  # One (closed), Two, Two.a, Two.b
        assert "/Count" not in one_2


def _pdf(
    sizes: list[int], names: tuple[tuple[str, int], ...] = (), title: str | None = None
) -> bytes:
    document = pikepdf.new()
    for width in sizes:
        document.add_blank_page(page_size=(width, 400))
    if names:
        flat = []
        for name, page in names:
            flat += [
                pikepdf.String(name),
                pikepdf.Array([document.pages[page].obj, pikepdf.Name.XYZ, 0, 400, 0]),
            ]
        document.Root.Names = pikepdf.Dictionary(
            Dests=document.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(flat)))
        )
    if title is not None:
        document.docinfo["/Title"] = title
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def test_destinations_are_the_flat_names_array():
    with pikepdf.open(io.BytesIO(_pdf([100, 200], (("a", 1), ("b", 0))))) as document:
        found = destinations(document)
        assert [name for name, _ in found] == ["a", "b"]
        assert found[0][1][0].objgen == document.pages[1].obj.objgen
        assert found[1][1][0].objgen == document.pages[0].obj.objgen
        assert found[0][1][1] == "/XYZ"
    with pikepdf.open(io.BytesIO(_pdf([100]))) as document:
        assert destinations(document) == []


def test_concatenate_keeps_the_first_pages_of_each_piece():
    first = _pdf([101, 102], (("intro", 0), ("dropped", 1), ("nr-own", 0)), title="Head")
    second = _pdf([201, 202, 203], (("later", 1), ("gone", 2)), title="Tail")
    data = concatenate([(first, 1), (second, 2)])
    with pikepdf.open(io.BytesIO(data)) as document:
        assert document.check_pdf_syntax() == []
        assert len(document.pages) == 3
        widths = [float(page.mediabox[2]) for page in document.pages]
        assert widths == [101.0, 201.0, 202.0]
        assert str(document.docinfo.Title) == "Head"
        found = dict(destinations(document))
        assert sorted(found) == ["intro", "later"]  # pages left out, and our own ids, go
        assert found["intro"][0].objgen == document.pages[0].obj.objgen
        assert found["later"][0].objgen == document.pages[2].obj.objgen
        assert [float(value) for value in list(found["later"])[2:]] == [0.0, 400.0, 0.0]
        assert all(page.obj.Parent.objgen == document.Root.Pages.objgen for page in document.pages)
    assert concatenate([(first, 1), (second, 2)]) == data  # the same pieces, the same bytes


def test_concatenate_of_one_piece():
    data = concatenate([(_pdf([150, 160, 170]), 3)])
    with pikepdf.open(io.BytesIO(data)) as document:
        assert [float(page.mediabox[2]) for page in document.pages] == [150.0, 160.0, 170.0]
        assert destinations(document) == []


def test_loading_weasyprint_launches_no_program():
    """A worker starts without running ldconfig and gcc to find Pango's libraries."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "launched = []\n"
        "sys.addaudithook(lambda event, args: launched.append(args[1])"
        " if event == 'subprocess.Popen' else None)\n"
        "from newsreport.engine._layout import font_configuration\n"
        "font_configuration()\n"
        "print(launched)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
