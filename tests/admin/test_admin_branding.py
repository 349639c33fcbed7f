"""The admin is the portal's, in either language: its name, and no English left in Chinese."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}


@pytest.mark.parametrize(
    ("headers", "name", "title"),
    [({}, "C40 Cities", "C40 Cities staff"), (CHINESE, "C40城市", "C40城市工作人员")],
)
def test_the_admin_carries_the_portals_name(admin_client, headers, name, title):
    html = admin_client.get(reverse("admin:index"), **headers).content.decode()
    assert f'<a href="{reverse("admin:index")}">{name}</a>' in html
    assert f"| {title}</title>" in html
    assert "Django" not in html


def test_the_chinese_admin_translates_what_django_itself_leaves_in_english(admin_client):
    changelist = admin_client.get(reverse("admin:spotlights_spotlight_changelist"), **CHINESE)
    html = changelist.content.decode()
    assert '<option value="" selected>- 请选择 -</option>' in html  # the actions' empty choice
    assert "Select an option" not in html
    assert "Filter by" not in html


def test_the_sign_in_records_are_named_in_chinese(admin_client):
    html = admin_client.get(reverse("admin:index"), **CHINESE).content.decode()
    assert "登录尝试" in html and "登录记录" in html
    assert "Access attempts" not in html and "Access logs" not in html


@pytest.mark.parametrize(("headers", "link"), [({}, "Add a photo"), (CHINESE, "添加一张照片")])
def test_the_photo_inline_offers_to_add_a_photo_in_plain_words(admin_client, headers, link):
    from spotlights.models import Spotlight

    spotlight = Spotlight.objects.first()
    url = reverse("admin:spotlights_spotlight_change", args=[spotlight.pk])
    html = admin_client.get(url, **headers).content.decode()
    escaped = json.dumps(link)[1:-1]  # as the inline's JSON options carry it
    assert f"&quot;addText&quot;: &quot;{escaped}&quot;" in html
    assert "Add another Spotlight image" not in html and "添加另一个 城市掠影图片" not in html
