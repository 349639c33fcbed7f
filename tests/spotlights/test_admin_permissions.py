"""Who may open which admin page: anonymous visitors, contributors, editors and superusers."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from spotlights.drafts import spotlight_save_draft
from spotlights.models import Spotlight

pytestmark = pytest.mark.django_db

DIRECTORY_MODELS = [
    model for model in admin.site._registry if model._meta.app_label in {"cities", "networks"}
]


def spotlight_urls():
    spotlight = Spotlight.objects.get(city__slug="oslo")
    record = spotlight.history.first() or make_history(spotlight)
    spotlight_save_draft(spotlight=spotlight, areas=spotlight.initiative_areas.all(), user=None)
    pk = spotlight.pk
    return {
        "compare": reverse("admin:spotlights_spotlight_compare", args=[pk]),
        "review": reverse("admin:spotlights_spotlight_review", args=[pk]),
        "discard": reverse("admin:spotlights_spotlight_discard", args=[pk]),
        "list": reverse("admin:spotlights_spotlight_changelist"),
        "add": reverse("admin:spotlights_spotlight_add"),
        "change": reverse("admin:spotlights_spotlight_change", args=[pk]),
        "history": reverse("admin:spotlights_spotlight_history", args=[pk]),
        "old version": reverse(
            "admin:spotlights_spotlight_simple_history", args=[pk, record.history_id]
        ),
        "preview en": reverse("admin:spotlights_spotlight_preview", args=[pk, "en"]),
        "preview zh-hans": reverse("admin:spotlights_spotlight_preview", args=[pk, "zh-hans"]),
        "delete": reverse("admin:spotlights_spotlight_delete", args=[pk]),
    }


def make_history(spotlight):
    spotlight.save()
    return spotlight.history.first()


EDITOR_MAY_OPEN = {
    "compare",
    "review",
    "discard",
    "list",
    "add",
    "change",
    "history",
    "old version",
    "preview en",
    "preview zh-hans",
}


@pytest.mark.parametrize("page", [*sorted(EDITOR_MAY_OPEN), "delete"])
def test_anonymous_visitors_are_sent_to_log_in_from_every_spotlight_admin_page(client, page):
    response = client.get(spotlight_urls()[page])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("page", [*sorted(EDITOR_MAY_OPEN), "delete"])
def test_editors_open_every_spotlight_page_but_delete(editor_client, page):
    expected = 200 if page in EDITOR_MAY_OPEN else 403
    assert editor_client.get(spotlight_urls()[page]).status_code == expected


CONTRIBUTOR_MAY_OPEN = EDITOR_MAY_OPEN - {"review"}  # reviewing is publishing


@pytest.mark.parametrize("page", [*sorted(EDITOR_MAY_OPEN), "delete"])
def test_contributors_open_every_spotlight_page_but_review_and_delete(client, contributor, page):
    client.force_login(contributor)
    expected = 200 if page in CONTRIBUTOR_MAY_OPEN else 403
    assert client.get(spotlight_urls()[page]).status_code == expected


@pytest.mark.parametrize("page", ["review", "discard", "delete"])
def test_contributors_cannot_post_what_they_may_not_open(client, contributor, page):
    client.force_login(contributor)
    urls = spotlight_urls()
    if page == "discard":  # a contributor may discard a draft: posting does it
        assert client.post(urls[page]).status_code == 302
        return
    assert client.post(urls[page], {"_approve": "1", "post": "yes"}).status_code == 403
    assert Spotlight.objects.filter(city__slug="oslo", draft__isnull=False).exists()


@pytest.mark.parametrize("page", [*sorted(EDITOR_MAY_OPEN), "delete"])
def test_superusers_open_every_spotlight_page(admin_client, page):
    assert admin_client.get(spotlight_urls()[page]).status_code == 200


def directory_urls(model):
    opts = model._meta
    pk = model.objects.first().pk
    name = f"admin:{opts.app_label}_{opts.model_name}"
    return {
        "list": reverse(f"{name}_changelist"),
        "change": reverse(f"{name}_change", args=[pk]),
        "history": reverse(f"{name}_history", args=[pk]),
        "add": reverse(f"{name}_add"),
        "delete": reverse(f"{name}_delete", args=[pk]),
    }


READ_PAGES = {"list", "change"}  # the history needs the change permission


@pytest.mark.parametrize("model", DIRECTORY_MODELS, ids=lambda model: model.__name__)
def test_directory_admin_pages_by_role(editor_client, admin_client, contributor, model):
    anonymous, writer = Client(), Client()
    writer.force_login(contributor)
    for page, url in directory_urls(model).items():
        assert anonymous.get(url).status_code == 302, page
        assert admin_client.get(url).status_code == 200, page
        assert editor_client.get(url).status_code == (200 if page in READ_PAGES else 403), page
        assert writer.get(url).status_code == (200 if page in READ_PAGES else 403), page


@pytest.mark.parametrize("model", DIRECTORY_MODELS, ids=lambda model: model.__name__)
def test_editors_see_the_directory_read_only_and_cannot_post_changes(editor_client, model):
    change = directory_urls(model)["change"]
    assert 'name="_save"' not in editor_client.get(change).content.decode()
    assert editor_client.post(change, {}).status_code == 403


@pytest.mark.parametrize("model_name", ["user", "group"])
def test_editors_and_contributors_have_no_access_to_accounts(
    editor_client, contributor, model_name
):
    writer = Client()
    writer.force_login(contributor)
    for client in (editor_client, writer):
        assert client.get(reverse(f"admin:auth_{model_name}_changelist")).status_code == 403
        assert client.get(reverse(f"admin:auth_{model_name}_add")).status_code == 403


def test_the_admin_index_shows_editors_only_their_models(editor_client):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "City spotlights" in html and "Cities" in html
    assert "/admin/auth/" not in html


def test_editors_cannot_delete_a_spotlight_by_posting(editor_client, oslo):
    url = reverse("admin:spotlights_spotlight_delete", args=[oslo.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert Spotlight.objects.filter(pk=oslo.pk).exists()


def test_editors_choose_the_city_by_autocomplete_in_either_language(editor_client):
    query = {"app_label": "spotlights", "model_name": "spotlight", "field_name": "city"}
    for term in ("osl", "奥斯陆"):
        response = editor_client.get(reverse("admin:autocomplete"), {**query, "term": term})
        assert [result["text"] for result in response.json()["results"]] == ["Oslo"]
