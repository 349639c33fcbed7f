"""Whatever an editor pastes, no script, event handler or javascript: URL reaches a page."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from spotlights.body import sanitize_body
from tests.spotlights.helpers import change_form_data, text_of, unsafe_links

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href="&#106;avascript:alert(1)">link</a>',
    '<a href="  javascript:alert(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "<body onload=alert(1)>",
    "<style>*{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<strong onmouseover=alert(1)>bold</strong>",
    '"><script>alert(1)</script>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</script>",
    '<form action="javascript:alert(1)"><button>go</button></form>',
    # Written to be decoded twice: once by the sanitiser, once more by anything editing its output.
    '<a href="jav&amp;amp#x61script:alert(1)">link</a>',
    '<a href="jav&amp;#x61script:alert(1)">link</a>',
    '<a href="&amp;#106;avascript&amp;colon;alert(1)">link</a>',
    '<a href="java&Tab;script&colon;alert(1)">link</a>',
    '<a href="java\n \nscript:alert(1)">link</a>',
]
DANGEROUS = re.compile(
    r"<script|<iframe|<style|<svg|<img|<form|<math|\son\w+\s*=|javascript:|data:text", re.I
)


def article(html):
    """The spotlight's body as the page renders it (the page around it has icons and maps)."""
    start = html.index('<div class="article-body">')
    return html[start : html.index("</div>", start)]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_a_pasted_attack_is_removed_on_save_and_never_rendered(
    editor_client, client, oslo, payload
):
    body = f"Oslo's budget. {payload} The end."
    url = reverse("admin:spotlights_spotlight_change", args=[oslo.pk])
    response = editor_client.post(url, change_form_data(oslo, body_en=body, _publish="1"))
    assert response.status_code == 302
    oslo.refresh_from_db()
    assert not DANGEROUS.search(oslo.body_en)
    assert unsafe_links(oslo.body_en) == []
    assert oslo.body_en.startswith("Oslo's budget.")
    page = client.get(oslo.get_absolute_url()).content.decode()
    assert not DANGEROUS.search(article(page))
    assert unsafe_links(page) == []


def test_a_title_with_markup_is_shown_as_text(editor_client, client, oslo):
    url = reverse("admin:spotlights_spotlight_change", args=[oslo.pk])
    editor_client.post(
        url, change_form_data(oslo, title_zh_hans="<script>alert(1)</script>奥斯陆", _publish="1")
    )
    with translation.override("zh-hans"):
        page = client.get(oslo.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;奥斯陆" in page
    assert "<script>alert(1)" not in page


def test_the_allowed_formatting_and_paragraphs_survive(editor_client, client, oslo):
    body = (
        "First paragraph with <strong>bold</strong> & <em>emphasis</em>.\r\n\r\n"
        'Second, with <a href="https://www.c40.org/" target="_blank">a link</a>.'
    )
    url = reverse("admin:spotlights_spotlight_change", args=[oslo.pk])
    editor_client.post(url, change_form_data(oslo, body_en=body, _publish="1"))
    html = article(client.get(oslo.get_absolute_url()).content.decode())
    # The source holds the "&" escaped, as HTML must; the reader sees "&".
    assert "<p>First paragraph with <strong>bold</strong> &amp; <em>emphasis</em>.</p>" in html
    assert "First paragraph with bold & emphasis." in text_of(html)
    assert '<a href="https://www.c40.org/" rel="noopener noreferrer nofollow">a link</a>' in html


def test_loading_a_fixture_with_a_script_stores_it_cleaned():
    assert sanitize_body("<p>One</p><p>Two<script>x()</script></p>") == "One\n\nTwo"
