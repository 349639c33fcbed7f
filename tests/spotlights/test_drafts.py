"""Saving a published spotlight writes its working draft: the public page keeps the published
version until the draft is published (all at once) or discarded."""

import pytest
from django.urls import reverse
from django.utils import translation

from networks.models import InitiativeArea
from spotlights.models import Spotlight, SpotlightDraft, SpotlightImage
from spotlights.services import spotlights_unpublish
from tests.spotlights.helpers import change_form_data, decision, working_copy
from tests.spotlights.test_admin_images import jpeg_with_gps, with_image

pytestmark = pytest.mark.django_db


def change_url(spotlight):
    return reverse("admin:spotlights_spotlight_change", args=[spotlight.pk])


def public_page(client, spotlight, language="en"):
    with translation.override(language):
        return client.get(spotlight.get_absolute_url()).content.decode()


def save(client, spotlight, **changes):
    response = client.post(change_url(spotlight), change_form_data(spotlight, **changes))
    assert response.status_code == 302, response.context and response.context["errors"]
    return response


@pytest.fixture
def other_area(oslo):
    return InitiativeArea.objects.exclude(pk__in=oslo.initiative_areas.all()).first()


def test_saving_a_published_spotlight_leaves_the_public_page_as_published(
    editor_client, client, oslo, other_area
):
    before_en, before_zh = public_page(client, oslo), public_page(client, oslo, "zh-hans")
    save(
        editor_client,
        oslo,
        title_en="Oslo's drafted title",
        title_zh_hans="奥斯陆的草稿标题",
        initiative_areas=[other_area.pk],
    )
    assert public_page(client, oslo) == before_en  # the cached page, and a fresh render:
    assert public_page(client, oslo, "zh-hans") == before_zh
    assert "drafted title" not in client.get(oslo.get_absolute_url() + "?fresh=1").content.decode()
    draft = working_copy(oslo)
    assert (draft.title_en, draft.title_zh_hans) == ("Oslo's drafted title", "奥斯陆的草稿标题")
    assert draft.draft_areas == [other_area.pk]
    assert list(Spotlight.objects.get(pk=oslo.pk).initiative_areas.all()) != [other_area]


def test_the_change_page_shows_the_draft_and_says_it_is_unpublished(editor_client, oslo):
    save(editor_client, oslo, title_zh_hans="奥斯陆的草稿标题")
    page = editor_client.get(change_url(oslo)).content.decode()
    assert 'value="奥斯陆的草稿标题"' in page
    assert "unpublished changes of a published spotlight" in page
    assert 'value="Publish the changes"' in page and 'value="Save draft"' in page


def test_publishing_the_draft_applies_text_areas_and_photos_at_once(
    editor_client, client, oslo, other_area, media
):
    history_before = oslo.history.count()
    save(editor_client, oslo, title_en="Published rewrite", initiative_areas=[other_area.pk])
    photo = with_image(
        working_copy(oslo), jpeg_with_gps(), publish=False, initiative_areas=[other_area.pk]
    )
    assert editor_client.post(change_url(oslo), photo).status_code == 302
    assert "Published rewrite" not in public_page(client, oslo)

    response = editor_client.post(
        reverse("admin:spotlights_spotlight_review", args=[oslo.pk]), decision(oslo, _approve="1")
    )
    assert response.status_code == 302
    page = public_page(client, oslo)
    assert "Published rewrite" in page and "Ferries at Oslo harbour" in page
    oslo.refresh_from_db()
    assert list(oslo.initiative_areas.all()) == [other_area]
    assert not SpotlightDraft.objects.filter(spotlight=oslo).exists()
    assert oslo.history.count() == history_before + 1  # one publication, one history entry
    assert not oslo.images.exclude(pending="").exists()


def test_a_photo_added_or_removed_in_a_draft_waits_for_publication(
    editor_client, client, oslo, media
):
    editor_client.post(change_url(oslo), with_image(oslo, jpeg_with_gps()))  # published
    oslo.refresh_from_db()
    image = SpotlightImage.objects.get(spotlight=oslo)
    data = change_form_data(
        oslo,
        **{
            "images-TOTAL_FORMS": 1,
            "images-INITIAL_FORMS": 1,
            "images-0-id": image.pk,
            "images-0-spotlight": oslo.pk,
            "images-0-alt_en": image.alt_en,
            "images-0-alt_zh_hans": image.alt_zh_hans,
            "images-0-credit_en": image.credit_en,
            "images-0-credit_zh_hans": image.credit_zh_hans,
            "images-0-position": 0,
            "images-0-DELETE": "on",
        },
    )
    response = editor_client.post(change_url(oslo), data)
    assert response.status_code == 302, response.context["errors"]
    assert "Ferries at Oslo harbour" in public_page(client, oslo)  # still public
    preview = editor_client.get(
        reverse("admin:spotlights_spotlight_preview", args=[oslo.pk, "en"])
    )
    assert "Ferries at Oslo harbour" not in preview.content.decode()  # gone from the draft
    page = editor_client.get(change_url(oslo)).content.decode()
    assert "images-0-id" not in page  # the form shows the photos as the draft has them


def test_discarding_the_draft_keeps_the_published_version(editor_client, client, oslo, media):
    save(editor_client, oslo, title_en="To be thrown away")
    editor_client.post(
        change_url(oslo), with_image(working_copy(oslo), jpeg_with_gps(), publish=False)
    )
    discard = reverse("admin:spotlights_spotlight_discard", args=[oslo.pk])
    confirm = editor_client.get(discard).content.decode()
    assert "To be thrown away" in confirm  # what will be lost is shown first
    assert editor_client.post(discard, decision(oslo)).status_code == 302
    assert working_copy(oslo).title_en == oslo.title_en
    assert not SpotlightImage.objects.filter(spotlight=oslo).exists()
    assert editor_client.get(discard).status_code == 404  # nothing left to discard


def test_the_list_says_published_with_unpublished_changes_and_filters_them(editor_client, oslo):
    save(editor_client, oslo, title_en="Pending title")
    listing = reverse("admin:spotlights_spotlight_changelist")
    response = editor_client.get(listing, {"work": "draft"})
    assert [row.pk for row in response.context["cl"].result_list] == [oslo.pk]
    assert "Published, with unpublished changes" in response.content.decode()
    chinese = editor_client.get(listing, {"work": "draft"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "已发布，有未发布的修改" in chinese.content.decode()


def test_the_preview_shows_the_draft_in_both_languages(editor_client, oslo):
    save(editor_client, oslo, title_en="Previewed draft", title_zh_hans="预览草稿")
    for language, title in (("en", "Previewed draft"), ("zh-hans", "预览草稿")):
        url = reverse("admin:spotlights_spotlight_preview", args=[oslo.pk, language])
        assert f"<h1>{title}</h1>" in editor_client.get(url).content.decode()


def test_a_drafts_body_is_sanitised_before_any_preview_shows_it(editor_client, oslo):
    save(
        editor_client,
        oslo,
        body_en='<p>Safe</p><script>alert(1)</script><img src=x onerror="alert(2)">',
    )
    assert "<script>" not in str(SpotlightDraft.objects.get(spotlight=oslo).content)
    preview = editor_client.get(
        reverse("admin:spotlights_spotlight_preview", args=[oslo.pk, "en"])
    )
    assert "alert(" not in preview.content.decode()


def test_a_draft_may_be_incomplete_but_is_not_published_so(editor_client, client, oslo):
    save(editor_client, oslo, body_zh_hans="")
    response = editor_client.post(
        reverse("admin:spotlights_spotlight_review", args=[oslo.pk]), decision(oslo, _approve="1")
    )
    assert response.status_code == 200 and "cannot be published yet" in response.content.decode()
    assert Spotlight.objects.get(pk=oslo.pk).body_zh_hans  # the public text is whole


def test_two_people_saving_the_same_draft_the_second_is_refused(
    editor_client, client, contributor, oslo
):
    opened = change_form_data(oslo)
    save(editor_client, oslo, title_en="The editor's draft")
    client.force_login(contributor)
    response = client.post(change_url(oslo), {**opened, "title_en": "The writer's draft"})
    assert response.status_code == 200
    assert "someone else saved this spotlight after you opened it" in response.content.decode()
    assert "Last saved by editor" in response.content.decode()
    assert working_copy(oslo).title_en == "The editor's draft"


def test_unpublishing_takes_the_drafts_content_into_the_unpublished_spotlight(editor, oslo):
    spotlight = Spotlight.objects.get(pk=oslo.pk)
    spotlight.title_en = "Unpublished with its draft"
    from spotlights.drafts import spotlight_save_draft

    spotlight_save_draft(spotlight=spotlight, areas=oslo.initiative_areas.all(), user=editor)
    spotlights_unpublish(spotlights=Spotlight.objects.filter(pk=oslo.pk), user=editor)
    oslo.refresh_from_db()
    assert oslo.status == "draft" and oslo.title_en == "Unpublished with its draft"
    assert not SpotlightDraft.objects.filter(spotlight=oslo).exists()


def test_compare_shows_the_draft_against_the_published_version(editor_client, oslo):
    save(editor_client, oslo, title_en="Oslo budgets its climate")
    page = editor_client.get(reverse("admin:spotlights_spotlight_compare", args=[oslo.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Working draft (unpublished)" in html
    assert "<ins>Oslo budgets its climate</ins>" in html or "<ins>" in html


def test_a_save_that_changes_nothing_leaves_no_draft(editor_client, oslo):
    save(editor_client, oslo)
    assert not SpotlightDraft.objects.filter(spotlight=oslo).exists()
