"""{% share_image_url "cities:city-share-image" city.slug %}: the absolute address of a page's
share image (Open Graph / Twitter card), in the page's language, for og:image.

It takes the image's URL name and the page's slug, so core knows nothing of the apps:
"cities:city-share-image" or "spotlights:spotlight-share-image". The images are
core.sharecards.WIDTH × HEIGHT (1200 × 630) PNGs.
"""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def share_image_url(context, url_name, slug):
    path = reverse(url_name, kwargs={"slug": slug})
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path
