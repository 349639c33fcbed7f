from modeltranslation.translator import TranslationOptions, register

from spotlights.models import Spotlight


@register(Spotlight)
class SpotlightTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "source", "image_alt")
    required_languages = {"default": ("title", "summary", "body", "source")}
