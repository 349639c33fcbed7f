"""An editor, created with `manage.py create_editor`, does the editorial work in the admin."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    add_inline_image,
    expect_cjk_glyphs,
    expect_loaded_image,
    expect_saved,
    fill_translated,
    log_in,
    make_photo,
    preview_href,
    save_and_continue,
)

NEW_TITLE = "奥斯陆气候预算（浏览器测试）"


def test_editor_edits_chinese_uploads_an_image_previews_and_publishes(
    site, page, visitor, tmp_path
):
    oslo = site.spotlight(city__slug="oslo")
    public_url = site.public_url("zh-hans", oslo["slug"])
    log_in(page, site)

    page.goto(site.admin_change_url(oslo["pk"]))
    fill_translated(page, "title_zh_hans", NEW_TITLE)
    page.locator("#id_status").select_option("draft")
    add_inline_image(
        page,
        make_photo(tmp_path / "oslo-harbour.jpg"),
        alt={"en": "Oslo harbour at dusk", "zh_hans": "黄昏时的奥斯陆港"},
        credit={"en": "C40 browser test", "zh_hans": "C40 浏览器测试"},
    )
    save_and_continue(page)
    expect_saved(page)
    expect(page.locator("#id_title_zh_hans")).to_have_value(NEW_TITLE)
    expect(page.locator("#id_status")).to_have_value("draft")

    # A draft is not public, even to a logged-in editor's browser.
    assert page.request.get(public_url).status == 404
    assert visitor.request.get(public_url).status == 404

    english_preview = preview_href(page, "en")
    page.goto(site.url + preview_href(page, "zh-hans"))
    expect(page.locator(".preview-banner")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_have_text(NEW_TITLE)
    expect_loaded_image(page.locator("figure.spotlight-image img").first)
    page.goto(site.url + english_preview)
    expect(page.locator(".preview-banner")).to_be_visible()
    expect(page.locator("h1")).to_have_text(oslo["title_en"])

    page.goto(site.admin_change_url(oslo["pk"]))
    page.locator("#id_status").select_option("published")
    save_and_continue(page)
    expect_saved(page)

    public = visitor.new_page()
    response = public.goto(public_url)
    assert response.status == 200
    expect(public.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(public.locator("h1")).to_have_text(NEW_TITLE)
    expect(public.locator(".preview-banner")).to_have_count(0)
    expect_loaded_image(public.locator("figure.spotlight-image img").first)
    expect(public.locator("figure.spotlight-image img").first).to_have_attribute(
        "alt", "黄昏时的奥斯陆港"
    )
    expect(public.locator("figure.spotlight-image figcaption").first).to_have_text(
        "C40 浏览器测试"
    )
    expect_cjk_glyphs(public)


@pytest.mark.browser_locale("en-GB")
def test_editor_cannot_publish_with_a_missing_translation(site, page, visitor):
    spotlight = site.spotlight(city__slug="copenhagen")
    assert spotlight["status"] == "published"
    typed_title = spotlight["title_zh_hans"] + "（未保存的修改）"
    log_in(page, site)

    page.goto(site.admin_change_url(spotlight["pk"]))
    fill_translated(page, "title_zh_hans", typed_title)
    fill_translated(page, "summary_zh_hans", "")
    expect(page.locator("#id_status")).to_have_value("published")
    with page.expect_navigation():
        page.locator('input[name="_publish"]').click()

    expect(page.locator(".errornote")).to_be_visible()
    error = page.locator(".errorlist.nonfield")
    expect(error).to_contain_text("Missing: summary (Simplified Chinese)")
    expect(error).to_contain_text("Save it as a draft")
    expect(page.locator(".messagelist .success")).to_have_count(0)
    expect(page.locator("#id_title_zh_hans")).to_have_value(typed_title)
    expect(page.locator("#id_summary_zh_hans")).to_have_value("")
    # The empty Chinese box is marked where it is.
    expect(page.locator(".field-summary_zh_hans .errorlist")).to_contain_text("Needed before")

    public = visitor.new_page()
    assert public.goto(site.public_url("zh-hans", spotlight["slug"])).status == 200
    expect(public.locator("h1")).to_have_text(spotlight["title_zh_hans"])
    # The summary is the page's description (the page itself does not repeat it).
    expect(public.locator('meta[name="description"]')).to_have_attribute(
        "content", spotlight["summary_zh_hans"]
    )
    assert site.spotlight(pk=spotlight["pk"]) == spotlight
