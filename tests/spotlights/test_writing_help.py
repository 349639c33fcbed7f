"""After a save the writer is told what may need fixing; the save itself always goes through."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.spotlights.helpers import change_form_data, working_copy

pytestmark = pytest.mark.django_db


def save(editor_client, spotlight, headers=None, **changes):
    change = reverse("admin:spotlights_spotlight_change", args=[spotlight.pk])
    response = editor_client.post(change, change_form_data(spotlight, **changes), **headers or {})
    assert response.status_code == 302, "a hint never blocks the save"
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_city_named_without_a_link_is_pointed_out_with_its_page(editor_client, oslo):
    body = "<p>Oslo learned from Copenhagen and from the C40 Clean Construction Accelerator.</p>"
    hints = save(editor_client, oslo, body_en=body)
    assert any("Copenhagen" in hint and "/en/cities/copenhagen/" in hint for hint in hints)
    assert not any("Oslo" in hint for hint in hints), "the spotlight's own city is not a hint"


def test_a_named_city_that_is_linked_is_not_pointed_out(editor_client, oslo):
    body = '<p>Oslo learned from <a href="/en/cities/copenhagen/">Copenhagen</a>.</p>'
    hints = save(editor_client, oslo, body_en=body)
    assert not any("Copenhagen" in hint for hint in hints)


def test_a_chinese_body_gets_the_chinese_page_to_link(editor_client, oslo):
    hints = save(editor_client, oslo, body_zh_hans="<p>奥斯陆借鉴了哥本哈根的经验。</p>")
    assert any("哥本哈根" in hint and "/zh-hans/cities/copenhagen/" in hint for hint in hints)


def test_chinese_in_an_english_field_is_pointed_out(editor_client, oslo):
    hints = save(editor_client, oslo, title_en="Oslo 气候预算")
    assert any("Chinese characters" in hint for hint in hints)
    assert working_copy(oslo).title_en == "Oslo 气候预算"


def test_corrected_chinese_punctuation_is_reported(editor_client, oslo):
    hints = save(editor_client, oslo, summary_zh_hans="奥斯陆把气候预算,写进了城市预算。")
    assert any("full-width" in hint for hint in hints)
    assert working_copy(oslo).summary_zh_hans == "奥斯陆把气候预算，写进了城市预算。"


def test_a_clean_save_has_no_hints(editor_client, oslo):
    hints = save(editor_client, oslo)
    assert not [hint for hint in hints if "link" in hint or "Chinese" in hint]


def test_the_chinese_admin_gives_the_hints_in_chinese(editor_client, oslo):
    chinese = {"HTTP_ACCEPT_LANGUAGE": "zh-CN"}
    hints = save(editor_client, oslo, chinese, body_zh_hans="<p>奥斯陆借鉴了哥本哈根的经验。</p>")
    assert "正文提到了哥本哈根，但没有链接；其页面：/zh-hans/cities/copenhagen/" in hints


def test_summary_and_source_are_boxes_that_show_a_sentence_or_two(editor_client, oslo):
    html = editor_client.get(reverse("admin:spotlights_spotlight_change", args=[oslo.pk]))
    page = html.content.decode()
    for column in ("summary_en", "summary_zh_hans", "source_en", "source_zh_hans"):
        assert f'<textarea name="{column}"' in page, column
