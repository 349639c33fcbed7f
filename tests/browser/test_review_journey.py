"""The editorial workflow end to end, in both admin languages: a contributor (Chinese admin)
drafts changes to a published spotlight and submits them; the editor (English admin) is
emailed, reads the differences, sends them back; the contributor fixes them; the editor
publishes. Then a scheduled unpublish, a slug change and an out-of-date translation."""

import datetime
import email
import re
from email.policy import default

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import fill_translated, workflow_pages

WRITER = "browser-writer"
WRITER_PASSWORD = "Climate-Writer-2026!"
CITY = "seoul"


def sign_in(page, site, username, password):
    page.goto(f"{site.url}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#user-tools")).to_contain_text(username, ignore_case=True)


def press(page, name):
    with page.expect_navigation():
        page.locator(f'input[name="{name}"]').click()


def public_title(visitor, site, language, slug):
    tab = visitor.new_page()
    response = tab.goto(site.public_url(language, slug))
    title = tab.locator("h1").inner_text() if response.status == 200 else response.status
    tab.close()
    return title


def emails_since(site, mark):
    """The messages the development server's console mail backend printed after `mark`."""
    printed = site.log_path.read_text()[mark:]
    found = []
    for chunk in printed.split("-" * 79):
        start = chunk.find("Content-Type:")
        if start != -1 and "Subject:" in chunk:
            message = email.message_from_string(chunk[start:].strip() + "\n", policy=default)
            found.append((message["To"], message.get_content()))
    return found


@pytest.fixture
def writer_page(browser, site):
    site.manage(
        "create_editor",
        WRITER,
        "--contributor",
        "--email",
        "writer@example.org",
        "--noinput",
        extra_env={"C40_EDITOR_PASSWORD": WRITER_PASSWORD},
    )
    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, site, WRITER, WRITER_PASSWORD)
    yield page
    context.close()


@pytest.fixture
def editor_page(browser, site):
    site.shell(
        "from django.contrib.auth import get_user_model\n"
        f"get_user_model().objects.filter(username={site.username!r})"
        ".update(email='editor@example.org')\nprint(1)"
    )
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, site, site.username, site.password)
    yield page
    context.close()


def test_a_contributors_change_is_reviewed_sent_back_fixed_and_published(
    site, writer_page, editor_page, visitor
):
    seoul = site.spotlight(city__slug=CITY)
    change = site.admin_change_url(seoul["pk"])
    new_en, new_zh = "Seoul's plan, as drafted", "首尔的计划（草稿）"

    # The contributor, in the Chinese admin, edits both columns and saves a draft.
    writer_page.goto(change)
    expect(writer_page.locator('input[name="_publish"]')).to_have_count(0)
    fill_translated(writer_page, "title_en", new_en)
    fill_translated(writer_page, "title_zh_hans", new_zh)
    press(writer_page, "_save")
    expect(writer_page.locator(".messagelist")).to_contain_text("草稿")
    assert public_title(visitor, site, "en", seoul["slug"]) == seoul["title_en"]
    assert public_title(visitor, site, "zh-hans", seoul["slug"]) == seoul["title_zh_hans"]

    # Submitted: the editor is emailed a link to the review.
    mark = len(site.log_path.read_text())
    writer_page.goto(change)
    expect(writer_page.locator(".workflow-draft")).to_contain_text("未发布修改")
    press(writer_page, "_submit")
    expect(writer_page.locator(".messagelist")).to_contain_text("已提交审核")
    [(to, body)] = emails_since(site, mark)
    assert to == "editor@example.org"
    assert f"/spotlights/spotlight/{seoul['pk']}/review/" in body and "提交了" in body

    # The editor, in the English admin, finds it on the dashboard, reads the diff, sends it back.
    editor_page.goto(f"{site.url}/admin/")
    waiting = editor_page.locator("#panel-review").locator("xpath=..")
    expect(waiting).to_contain_text(seoul["title_en"])
    with editor_page.expect_navigation():
        waiting.get_by_role("link", name=seoul["title_en"]).click()
    expect(editor_page.locator(".version-changes ins").first).to_be_visible()
    expect(editor_page.locator(".version-changes")).to_contain_text(new_zh)
    mark = len(site.log_path.read_text())
    editor_page.locator('textarea[name="comment"]').fill("Say which year the plan began.")
    press(editor_page, "_request_changes")
    expect(editor_page.locator(".messagelist")).to_contain_text("Changes requested")
    [(to, body)] = emails_since(site, mark)
    assert to == "writer@example.org" and "Say which year the plan began." in body

    # The contributor reads the comment, fixes the title and submits again.
    writer_page.goto(change)
    expect(writer_page.locator(".review-comment")).to_contain_text(
        "Say which year the plan began."
    )
    fixed = "Seoul's plan since 2022"
    fill_translated(writer_page, "title_en", fixed)
    press(writer_page, "_submit")
    assert public_title(visitor, site, "en", seoul["slug"]) == seoul["title_en"]

    # The editor approves: the public page shows it on the next request.
    editor_page.goto(f"{site.url}/admin/spotlights/spotlight/{seoul['pk']}/review/")
    press(editor_page, "_approve")
    expect(editor_page.locator(".messagelist")).to_contain_text("Published.")
    assert public_title(visitor, site, "en", seoul["slug"]) == fixed
    assert public_title(visitor, site, "zh-hans", seoul["slug"]) == new_zh


def test_an_out_of_date_translation_is_flagged_then_cleared(site, editor_page):
    spotlight = site.spotlight(city__slug="lima")
    change = site.admin_change_url(spotlight["pk"])
    editor_page.goto(change)
    fill_translated(editor_page, "title_en", spotlight["title_en"] + " in Peru")
    press(editor_page, "_continue")
    stale = editor_page.locator(".workflow-stale")
    expect(stale).to_contain_text("Title (Simplified Chinese)")
    expect(stale.locator("ins")).to_contain_text("Peru")
    expect(editor_page.locator("#id_title_zh_hans")).to_have_class(re.compile("out-of-date"))

    fill_translated(editor_page, "title_zh_hans", spotlight["title_zh_hans"] + "（秘鲁）")
    press(editor_page, "_continue")
    expect(editor_page.locator(".workflow-stale")).to_have_count(0)


def test_a_scheduled_unpublish_takes_the_page_down_at_its_minute(site, editor_page, visitor):
    spotlight = site.spotlight(city__slug="quito")
    now = datetime.datetime.now(datetime.UTC)
    minute = (now + datetime.timedelta(minutes=1)).replace(second=0, microsecond=0)
    if minute - now < datetime.timedelta(seconds=30):  # time to save and check before it
        minute += datetime.timedelta(minutes=1)
    editor_page.goto(site.admin_change_url(spotlight["pk"]))
    editor_page.locator("#id_unpublish_at_0").fill(minute.strftime("%Y-%m-%d"))
    editor_page.locator("#id_unpublish_at_1").fill(minute.strftime("%H:%M:%S"))
    press(editor_page, "_continue")
    expect(editor_page.locator(".messagelist .success").first).to_be_visible()

    site.manage("run_schedule")
    assert public_title(visitor, site, "en", spotlight["slug"]) == spotlight["title_en"]
    # The schedule runs every minute in production; here, until the minute has come.
    while datetime.datetime.now(datetime.UTC) < minute:
        site.manage("run_schedule")
    site.manage("run_schedule")
    assert public_title(visitor, site, "en", spotlight["slug"]) == 404
    assert public_title(visitor, site, "zh-hans", spotlight["slug"]) == 404


def test_a_changed_slug_keeps_the_old_address_working(site, editor_page, visitor):
    spotlight = site.spotlight(city__slug="lagos")
    editor_page.goto(site.admin_change_url(spotlight["pk"]))
    editor_page.locator("#id_slug").fill(spotlight["slug"] + "-renamed")
    press(editor_page, "_publish")
    expect(editor_page.locator(".messagelist")).to_contain_text("Published.")
    for language in ("en", "zh-hans"):
        tab = visitor.new_page()
        response = tab.goto(site.public_url(language, spotlight["slug"]))
        assert response.status == 200
        assert tab.url == site.public_url(language, spotlight["slug"] + "-renamed")
        assert response.request.redirected_from is not None  # a 301 from the old address
        tab.close()


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
def test_the_spotlight_list_fits_a_laptop_screen(site, browser, locale):
    workflow_pages(site)  # a row with work in progress: unpublished changes, a review
    context = browser.new_context(locale=locale, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, site, site.username, site.password)
        page.goto(f"{site.url}/admin/spotlights/spotlight/")
        expect(page.locator("#result_list .work-state").first).to_be_visible()
        widths = page.evaluate(
            "() => { const table = document.querySelector('#result_list');"
            " return [table.scrollWidth, table.parentElement.clientWidth]; }"
        )
        assert widths[0] <= widths[1], f"the list is {widths[0]} px wide in {widths[1]} px"
    finally:
        context.close()
