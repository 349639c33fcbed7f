"""{% share_image_url "cities:city-share-image" city.slug %}: the absolute address of a page's
share image (Open Graph / Twitter card), in the page's language, for og:image.

It takes the image's URL name and the page's slug, so core knows nothing of the apps:
"cities:city-share-image" or "spotlights:spotlight-share-image". The images are
core.sharecards.WIDTH × HEIGHT (1200 × 630) PNGs.
"""

from django import template
from django.urls import reverse

from core.public_url import public_url

register = template.Library()


@register.simple_tag
def share_image_url(url_name, slug):
    return public_url(reverse(url_name, kwargs={"slug": slug}))
