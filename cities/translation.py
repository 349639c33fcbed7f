from modeltranslation.translator import TranslationOptions, register

from cities.models import City, Country, Region
from core.languages import language_codes


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = language_codes()


@register(Country)
class CountryTranslationOptions(TranslationOptions):
    fields = ("name", "sort_name")
    required_languages = language_codes()


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name", "sort_name")
    required_languages = language_codes()
