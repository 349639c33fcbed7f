"""Chinese spotlight text is stored with full-width punctuation, however it was typed."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from spotlights.models import Spotlight
from tests.spotlights.helpers import change_form_data

pytestmark = pytest.mark.django_db


def test_an_editor_pasting_pdf_text_gets_full_width_punctuation(editor_client, client, oslo):
    url = reverse("admin:spotlights_spotlight_change", args=[oslo.pk])
    response = editor_client.post(
        url,
        change_form_data(
            oslo,
            title_zh_hans="奥斯陆气候预算(试行)",
            body_zh_hans="奥斯陆推行气候预算制度,将气候措施纳入预算:成效显著。",
            body_en="Oslo runs a climate budget, since 2017: (see above).",
            _publish="1",
        ),
    )
    assert response.status_code == 302
    oslo.refresh_from_db()
    assert oslo.title_zh_hans == "奥斯陆气候预算（试行）"
    assert oslo.body_zh_hans == "奥斯陆推行气候预算制度，将气候措施纳入预算：成效显著。"
    assert oslo.body_en == "Oslo runs a climate budget, since 2017: (see above)."
    with translation.override("zh-hans"):
        page = client.get(oslo.get_absolute_url()).content.decode()
    assert "奥斯陆推行气候预算制度，将气候措施纳入预算：成效显著。" in page


def test_every_chinese_field_is_normalised_on_save(oslo):
    oslo.summary_zh_hans = "奥斯陆,气候预算"
    oslo.source_zh_hans = "C40二十周年纪念书(奥斯陆)"
    oslo.key_figure, oslo.key_figure_en, oslo.key_figure_zh_hans = "1,000", "1,000", "1,000"
    oslo.key_figure_label_en = "tonnes, less"
    oslo.key_figure_label_zh_hans = "吨,减少"
    oslo.save()
    oslo.refresh_from_db()
    assert oslo.summary_zh_hans == "奥斯陆，气候预算"
    assert oslo.source_zh_hans == "C40二十周年纪念书（奥斯陆）"
    assert oslo.key_figure_label_zh_hans == "吨，减少"
    assert oslo.key_figure_zh_hans == "1,000"
    assert oslo.key_figure_label_en == "tonnes, less"


def test_the_migration_repairs_rows_written_around_the_orm(oslo):
    migration = importlib.import_module("spotlights.migrations.0007_chinese_punctuation")
    Spotlight.objects.filter(pk=oslo.pk).update(
        body_zh_hans="<strong>奥斯陆</strong>,气候预算(2017)", body_en="Oslo, budget (2017)"
    )
    migration.normalize_spotlights(apps, schema_editor=None)
    oslo.refresh_from_db()
    assert oslo.body_zh_hans == "<strong>奥斯陆</strong>，气候预算（2017）"
    assert oslo.body_en == "Oslo, budget (2017)"
    assert oslo.version == 1
