from modeltranslation.translator import TranslationOptions, register

from cities.models import City, Country, Region


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en", "zh-hans")


@register(Country)
class CountryTranslationOptions(TranslationOptions):
    fields = ("name", "sort_name")
    required_languages = ("en", "zh-hans")


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name", "sort_name")
    required_languages = ("en", "zh-hans")
