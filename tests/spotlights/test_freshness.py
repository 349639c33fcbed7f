"""Translation freshness: after the English changes, the Chinese is flagged out of date (and the
other way round) with what changed, until it is updated or confirmed; the public never waits."""

import pytest
from django.urls import reverse

from spotlights.drafts import written_values
from spotlights.freshness import out_of_date, updated_sync
from spotlights.models import Spotlight
from tests.spotlights.helpers import change_form_data, working_copy

pytestmark = pytest.mark.django_db

LISTING = "admin:spotlights_spotlight_changelist"


def change_url(spotlight):
    return reverse("admin:spotlights_spotlight_change", args=[spotlight.pk])


def save(client, spotlight, **changes):
    response = client.post(change_url(spotlight), change_form_data(spotlight, **changes))
    assert response.status_code == 302, response.context and response.context["errors"]


def stale_of(spotlight):
    """[(field, language)] out of date in the spotlight's working text."""
    copy = working_copy(spotlight)
    return out_of_date(written_values(copy), copy.translation_sync)


def test_an_english_edit_flags_the_chinese_with_what_changed(editor_client, oslo):
    old_title = oslo.title_en
    save(editor_client, oslo, title_en=old_title + " and beyond")
    assert stale_of(oslo) == [("title", "zh-hans")]
    page = editor_client.get(change_url(oslo)).content.decode()
    assert "Translations out of date" in page
    assert "<ins> and beyond</ins>" in page or "<ins>beyond</ins>" in page
    assert 'class="out-of-date"' in page  # the Chinese title's box is marked
    listing = editor_client.get(reverse(LISTING), {"work": "outdated"})
    assert [row.pk for row in listing.context["cl"].result_list] == [oslo.pk]


def test_updating_the_chinese_clears_the_flag(editor_client, oslo):
    save(editor_client, oslo, title_en="Oslo's climate budget grows")
    save(editor_client, working_copy(oslo), title_zh_hans="奥斯陆的气候预算不断扩大")
    assert stale_of(oslo) == []
    assert not Spotlight.objects.translation_out_of_date().exists()


def test_confirming_the_chinese_clears_the_flag(editor_client, oslo):
    save(editor_client, oslo, title_en=oslo.title_en + ".")
    save(editor_client, working_copy(oslo), confirm_translations=["title:zh-hans"])
    assert stale_of(oslo) == []


def test_a_chinese_edit_flags_the_english(editor_client, oslo):
    save(editor_client, oslo, summary_zh_hans="奥斯陆把气候预算写进了城市预算，并且逐年扩大。")
    assert stale_of(oslo) == [("summary", "en")]


def test_the_public_page_is_never_held_back(editor_client, client, oslo):
    save(editor_client, oslo, title_en="Published while the Chinese lags", _publish="1")
    assert Spotlight.objects.translation_out_of_date().filter(pk=oslo.pk).exists()
    assert (
        "Published while the Chinese lags" in client.get(oslo.get_absolute_url()).content.decode()
    )


def test_writing_a_first_translation_is_not_a_change_of_the_source():
    before = {"title_en": "", "title_zh_hans": "奥斯陆"}
    sync = updated_sync(before={}, after=before, sync={}, version=1)
    after = {"title_en": "Oslo", "title_zh_hans": "奥斯陆"}
    sync = updated_sync(before=before, after=after, sync=sync, version=2)
    assert out_of_date(after, sync) == []


def test_both_languages_changed_together_are_in_line():
    before = {"title_en": "Oslo", "title_zh_hans": "奥斯陆"}
    sync = updated_sync(before={}, after=before, sync={}, version=1)
    after = {"title_en": "Oslo city", "title_zh_hans": "奥斯陆市"}
    sync = updated_sync(before=before, after=after, sync=sync, version=2)
    assert out_of_date(after, sync) == []
    later = {"title_en": "Oslo, Norway", "title_zh_hans": "奥斯陆市"}
    sync = updated_sync(before=after, after=later, sync=sync, version=3)
    assert out_of_date(later, sync) == [("title", "zh-hans")]
    assert sync["title:zh-hans"] == {"source": "Oslo city", "version": 2}


def test_the_dashboard_lists_out_of_date_translations(editor_client, oslo):
    save(editor_client, oslo, title_en=oslo.title_en + "!")
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert "Translations out of date" in page and change_url(oslo) in page
