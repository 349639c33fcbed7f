"""The site's languages, from settings.LANGUAGES: the one list every module derives from."""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname


def localized_columns(field):
    """The column of `field` in every site language: "name" → ["name_en", "name_zh_hans"]."""
    return [build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES]
