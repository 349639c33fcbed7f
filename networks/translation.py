from modeltranslation.translator import TranslationOptions, register

from core.languages import language_codes
from networks.models import Accelerator, Chair, Funder, InitiativeArea, Network


@register(InitiativeArea)
class InitiativeAreaTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = language_codes()


@register(Network)
class NetworkTranslationOptions(TranslationOptions):
    fields = ("name", "sort_name", "description", "members_note")
    required_languages = {"default": ("name", "description")}


@register(Accelerator)
class AcceleratorTranslationOptions(TranslationOptions):
    fields = (
        "name",
        "sort_name",
        "original_name",
        "commitment",
        "description",
        "signatories_note",
    )
    required_languages = {"default": ("name", "commitment", "description")}


@register(Chair)
class ChairTranslationOptions(TranslationOptions):
    fields = ("person",)
    required_languages = language_codes()


@register(Funder)
class FunderTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = language_codes()
