"""The Chinese side of the dataset reads as Chinese: full-width punctuation, Chinese names."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from cities.models import City, Country
from networks.models import Funder
from tests.rows import each, translated_fields_of_the_dataset

pytestmark = pytest.mark.django_db

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
ASCII_MARK_BESIDE_CJK = re.compile(f"[{CJK}][,;:()?!]|[,;:()?!][{CJK}]")


def chinese_columns():
    for model, field in translated_fields_of_the_dataset():
        yield model, f"{field}_zh_hans"


@pytest.mark.parametrize(
    ("model", "column"),
    list(chinese_columns()),
    ids=lambda value: getattr(value, "__name__", value),
)
def test_chinese_text_has_no_ascii_punctuation_beside_chinese_characters(model, column):
    for pk, text in each(model.objects.values_list("pk", column)):
        match = ASCII_MARK_BESIDE_CJK.search(text or "")
        assert not match, (
            f"{model.__name__} {pk} {column}: …{text[match.start() - 10 : match.end() + 10]}…"
        )


def test_the_check_finds_extraction_damage():
    assert ASCII_MARK_BESIDE_CJK.search("最大的清洁空气区,改善了空气质量")
    assert ASCII_MARK_BESIDE_CJK.search("快速公交(Transjakarta)")
    assert not ASCII_MARK_BESIDE_CJK.search("约1,300个，PARU project, World Bank")


def names_known_in_chinese():
    for model in (City, Country):
        for english, chinese in each(model.objects.values_list("name_en", "name_zh_hans")):
            if chinese and chinese != english:
                yield english


def test_no_chinese_funder_name_spells_a_place_in_english_the_site_knows_in_chinese():
    places = re.compile("|".join(rf"\b{re.escape(name)}\b" for name in names_known_in_chinese()))
    for slug, chinese in each(Funder.objects.values_list("slug", "name_zh_hans")):
        assert not places.search(chinese), f"{slug}: {chinese}"


def test_chinese_about_page_names_funding_cities_in_chinese(client):
    with translation.override("zh-hans"):
        html = client.get(reverse("networks:about")).content.decode()
    for chinese, english in (("奥斯汀", "Austin"), ("首尔", "Seoul"), ("巴黎", "Paris")):
        assert f"<li>{chinese}</li>" in html
        assert f"<li>{english}</li>" not in html
