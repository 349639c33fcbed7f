from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info

from core.public_url import public_url


def render_preview(request, spotlight, language):
    """The public page of the spotlight as it will look in `language`, whatever its status."""
    with translation.override(language):
        request.LANGUAGE_CODE = language
        context = {
            "spotlight": spotlight,
            "object": spotlight,
            "is_preview": True,
            "edit_url": reverse("admin:spotlights_spotlight_change", args=[spotlight.pk]),
            "language_links": [
                preview_link(request, spotlight, code) for code, _name in settings.LANGUAGES
            ],
        }
        response = TemplateResponse(request, "spotlights/spotlight_preview.html", context)
        response.render()
    response["X-Robots-Tag"] = "noindex"
    return response


def preview_link(request, spotlight, language):
    url = reverse("admin:spotlights_spotlight_preview", args=[spotlight.pk, language])
    return {
        "code": language,
        "name": get_language_info(language)["name_local"],
        "url": url,
        "absolute_url": public_url(url),
        "og_locale": "",
    }
