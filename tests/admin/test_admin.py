import pytest
from django.contrib import admin
from django.urls import reverse

from cities.models import Region

pytestmark = pytest.mark.django_db

REGISTERED = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"cities", "networks", "spotlights"}
]


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model.__name__)
def test_staff_can_list_search_and_open_every_model(admin_client, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "北"}).status_code == 200
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    response = admin_client.get(change)
    assert response.status_code == 200
    html = response.content.decode()
    if "tabbed_translation_fields.js" in html:  # spotlights show both languages side by side
        assert "vendor/jquery-ui/jquery-ui.min.js" in html  # language tabs work offline
    assert "googleapis" not in html


def test_admin_search_finds_a_city_by_its_chinese_name(admin_client):
    response = admin_client.get(reverse("admin:cities_city_changelist"), {"q": "约翰内斯堡"})
    assert "Johannesburg" in response.content.decode()
    assert response.context["cl"].result_count == 1


def test_admin_filters_spotlights_by_region(admin_client):
    response = admin_client.get(
        reverse("admin:spotlights_spotlight_changelist"),
        {"city__region__id__exact": Region.objects.get(slug="africa").pk},
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 14


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:spotlights_spotlight_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
