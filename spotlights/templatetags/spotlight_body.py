from django import template

from spotlights.body import render_body

register = template.Library()


@register.filter
def spotlight_body(text):
    """Paragraphs of sanitised HTML."""
    return render_body(text)
