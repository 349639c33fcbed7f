"""Staff edit a spotlight's two languages side by side: no tabs, each box labelled with its
language and marked with it (the Chinese one gets a Chinese font)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def change_page(client, spotlight, **headers):
    url = reverse("admin:spotlights_spotlight_change", args=[spotlight.pk])
    return client.get(url, **headers).content.decode()


def test_both_languages_are_on_the_page_without_tabs(editor_client, oslo):
    html = change_page(editor_client, oslo)
    assert "tabbed_translation_fields.js" not in html
    assert '<label for="id_title_en">Title (English):</label>' in html
    assert '<label for="id_title_zh_hans">Title (Simplified Chinese):</label>' in html
    for column, language in [("body_en", "en"), ("body_zh_hans", "zh-hans")]:
        textarea = html.split(f'<textarea name="{column}"')[1].split(">")[0]
        assert f'lang="{language}"' in textarea, column


def test_the_chinese_admin_names_the_languages_in_chinese(editor_client, oslo):
    html = change_page(editor_client, oslo, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert '<label for="id_title_zh_hans">标题（简体中文）:</label>' in html
