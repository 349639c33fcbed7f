import simple_history
from modeltranslation.translator import TranslationOptions, register

from core.languages import language_codes
from spotlights.models import Spotlight, SpotlightImage


@register(Spotlight)
class SpotlightTranslationOptions(TranslationOptions):
    # A draft may be written in one language first; publishing needs both (Spotlight.clean).
    fields = ("title", "summary", "body", "source", "key_figure", "key_figure_label")
    required_languages = ()


@register(SpotlightImage)
class SpotlightImageTranslationOptions(TranslationOptions):
    fields = ("alt", "credit")
    required_languages = language_codes()


# Registered after the translation fields exist, so the history keeps both languages.
simple_history.register(
    Spotlight,
    app="spotlights",
    m2m_fields=["initiative_areas"],
    excluded_fields=[
        "search_text",
        "search_words",
        "translation_sync",
        "translation_out_of_date",
    ],
)
