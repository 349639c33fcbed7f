from modeltranslation.translator import TranslationOptions, register

from networks.models import Accelerator, InitiativeArea, Network


@register(InitiativeArea)
class InitiativeAreaTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en", "zh-hans")


@register(Network)
class NetworkTranslationOptions(TranslationOptions):
    fields = ("name", "description", "members_note")
    required_languages = {"default": ("name", "description")}


@register(Accelerator)
class AcceleratorTranslationOptions(TranslationOptions):
    fields = ("name", "original_name", "commitment", "description", "signatories_note")
    required_languages = {"default": ("name", "commitment", "description")}
