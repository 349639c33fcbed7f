"""Any two versions of a spotlight side by side: English word by word, Chinese character by
character, each field in each language."""

import pytest
from django.urls import reverse

from tests.spotlights.helpers import change_form_data

pytestmark = pytest.mark.django_db


def compare_url(spotlight):
    return reverse("admin:spotlights_spotlight_compare", args=[spotlight.pk])


def save(client, spotlight, **changes):
    change = reverse("admin:spotlights_spotlight_change", args=[spotlight.pk])
    assert (
        client.post(change, change_form_data(spotlight, **changes, _publish="1")).status_code
        == 302
    )
    spotlight.refresh_from_db()


def test_the_last_two_versions_show_words_and_characters_changed(editor_client, oslo):
    save(
        editor_client,
        oslo,
        title_en="A climate budget for the whole city",
        title_zh_hans="全市气候预算",
    )
    html = editor_client.get(compare_url(oslo)).content.decode()
    # "A climate budget inside the city budget" → "… for the whole city"
    assert "A climate budget <del>inside</del><ins>for</ins> the <ins>whole </ins>city" in html
    assert "<del> budget</del>" in html
    assert '<td lang="zh-hans">' in html and "<ins>全市</ins>" in html
    assert "Title (English)" in html and "Title (Simplified Chinese)" in html


def test_any_two_versions_can_be_chosen(editor_client, oslo):
    first = oslo.history.order_by("history_date").first()
    save(editor_client, oslo, summary_en="One.")
    one = oslo.history.order_by("-history_date").first()
    save(editor_client, oslo, summary_en="One. Two.")
    html = editor_client.get(compare_url(oslo), {"older": one.pk}).content.decode()
    assert "One.<ins> Two.</ins>" in html
    same = editor_client.get(compare_url(oslo), {"older": first.pk, "newer": first.pk})
    assert "The text is the same in both versions." in same.content.decode()


@pytest.mark.parametrize("older", ["abc", "999999", ""])
def test_a_version_that_is_not_this_spotlights_is_not_found(editor_client, oslo, older):
    save(editor_client, oslo, summary_en="Changed.")
    assert editor_client.get(compare_url(oslo), {"older": older}).status_code == 404


def test_the_change_page_links_the_comparison(editor_client, oslo):
    change = reverse("admin:spotlights_spotlight_change", args=[oslo.pk])
    assert compare_url(oslo) in editor_client.get(change).content.decode()


def test_the_chinese_admin_compares_in_chinese(editor_client, oslo):
    save(editor_client, oslo, title_zh_hans="全市气候预算")
    html = editor_client.get(compare_url(oslo), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "标题（简体中文）" in html
