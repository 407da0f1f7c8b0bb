"""Options: one definition, checked values, config files, precedence."""

from __future__ import annotations

import datetime as dt

import pytest

from newsreport import ConfigError, Digits, Options, load_config
from newsreport.options import SECTIONS, option_specs
from newsreport.render import resolve_options


def test_every_option_is_offered_on_the_command_line():
    top = [spec.path[0] for spec in option_specs() if len(spec.path) == 1]
    assert top == [name for name in Options.names() if name not in SECTIONS]
    flags = [spec.flag for spec in option_specs()]
    assert len(flags) == len(set(flags))
    assert {"--period", "--group-by", "--paper", "--duplex", "--pdf-variant"} <= set(flags)
    digits = next(spec for spec in option_specs() if spec.path == ("digits",))
    assert digits.choices == ("latin", "arabic-indic")


def test_values_are_checked_and_converted(tmp_path):
    options = Options.from_mapping(
        {"date": "2026-01-15", "digits": "arabic-indic", "language": "AR", "templates": tmp_path}
    )
    assert options.date == dt.date(2026, 1, 15)
    assert options.digits is Digits.ARABIC_INDIC
    assert options.language == "ar"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"colour": "red"}, "options: unknown key 'colour'; accepted keys: template, title"),
        ({"date": "15/01/2026"}, "key 'date': '15/01/2026' is not a date; use YYYY-MM-DD"),
        ({"language": "arabic!"}, "key 'language': 'arabic!' is not a language code"),
        ({"template": "../etc"}, "key 'template': '../etc' is not a template name"),
        (
            {"templates": "/nonexistent-folder"},
            "key 'templates': '/nonexistent-folder' is not a folder",
        ),
        ({"strict": "yes"}, "key 'strict': expected true or false"),
        ({"title": "   "}, "key 'title': must not be empty"),
    ],
)
def test_bad_values_are_one_line_errors(values, message):
    with pytest.raises(ConfigError) as caught:
        Options.from_mapping(values)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_config_file_paths_are_relative_to_it(tmp_path):
    (tmp_path / "mytemplates").mkdir()
    config = tmp_path / "c.toml"
    config.write_text('templates = "mytemplates"\ndate = 2026-01-15\n', encoding="utf-8")
    options = load_config(config)
    assert options.templates == tmp_path / "mytemplates"
    assert options.date == dt.date(2026, 1, 15)


def test_precedence_keywords_over_mapping_over_config(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text(
        'title = "config"\nsubtitle = "config"\nauthor = "config"\n', encoding="utf-8"
    )
    options = resolve_options({"subtitle": "mapping", "author": "mapping"}, config, author="kw")
    assert (options.title, options.subtitle, options.author) == ("config", "mapping", "kw")
