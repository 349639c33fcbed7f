"""The site's languages, from settings.LANGUAGES: the one list every module derives from."""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname


def language_codes():
    """The site's language codes in the settings' order: ("en", "zh-hans")."""
    return tuple(code for code, _name in settings.LANGUAGES)


def localized_columns(*fields):
    """The columns of each field in every site language: "name" → ["name_en", "name_zh_hans"].

    A field may be a lookup path: "country__name" → ["country__name_en", …]."""
    codes = language_codes()
    return [build_localized_fieldname(field, code) for field in fields for code in codes]


def default_column(field):
    """The column of `field` in the site's default language: "title" → "title_en"."""
    return build_localized_fieldname(field, settings.LANGUAGE_CODE)


def writes_chinese(language_code):
    """Whether a language is written in Chinese characters: no spaces between words or
    sentences, names sorted by their pinyin."""
    return language_code.lower().startswith("zh")
