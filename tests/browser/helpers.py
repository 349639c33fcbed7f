"""Steps of the editorial workflow in the admin, and checks of what the browser shows."""

from PIL import Image, ImageDraw
from playwright.sync_api import expect


def log_in(page, site):
    page.goto(f"{site.url}/admin/login/")
    page.locator("#id_username").fill(site.username)
    page.locator("#id_password").fill(site.password)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#user-tools")).to_contain_text(site.username, ignore_case=True)


def fill_translated(page, name, value):
    """Show the language tab that holds the input `name`, then type `value` into it."""
    input_ = page.locator(f'[name="{name}"]')
    tab = page.locator(f'li[role=tab][aria-controls="tab_{input_.get_attribute("id")}"]')
    if tab.count():
        tab.click()
    input_.fill(value)


def save_and_continue(page):
    with page.expect_navigation():
        page.locator('input[name="_continue"]').click()


def expect_saved(page):
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)
    expect(page.locator(".errorlist")).to_have_count(0)


def add_inline_image(page, photo, *, alt, credit):
    """Fill a new row of the "spotlight images" inline; alt and credit are {language: text}."""
    page.locator("#images-group .add-row a").click()
    row = page.locator("#images-group .inline-related:not(.empty-form)").last
    prefix = row.get_attribute("id")
    page.locator(f'[name="{prefix}-image"]').set_input_files(photo)
    for language, text in alt.items():
        fill_translated(page, f"{prefix}-alt_{language}", text)
    for language, text in credit.items():
        fill_translated(page, f"{prefix}-credit_{language}", text)


def preview_href(page, language):
    link = page.locator(f'.object-tools a[href$="/preview/{language}/"]')
    expect(link).to_have_attribute("target", "_blank")
    return link.get_attribute("href")


def expect_loaded_image(image):
    """The <img> decoded (naturalWidth > 0) and the browser picked a WebP from its srcset."""
    expect(image).to_be_visible()
    natural_width = image.evaluate("img => img.decode().then(() => img.naturalWidth)")
    assert natural_width > 0
    srcset = image.get_attribute("srcset")
    assert ".webp 480w" in srcset and ".webp 960w" in srcset, srcset
    assert image.evaluate("img => img.currentSrc").endswith(".webp")


def make_photo(path, *, width=1200, height=800):
    """A real JPEG, wide enough to accept, carrying EXIF GPS that the upload must strip."""
    image = Image.new("RGB", (width, height), (30, 110, 160))
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 4, height // 4, width * 3 // 4, height * 3 // 4), fill=(240, 200, 40))
    exif = Image.Exif()
    exif[0x010F] = "Browser test camera"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (59.0, 54.0, 50.0), 3: "E", 4: (10.0, 45.0, 8.0)})
    image.save(path, "JPEG", quality=90, exif=exif)
    return path


def expect_cjk_glyphs(page):
    """Two different Chinese characters render differently: a CJK font is installed, not boxes."""
    shots = []
    for character in ("北", "京"):
        page.evaluate(
            """character => {
                const probe = document.createElement("span");
                probe.id = "glyph-probe";
                probe.style.fontSize = "48px";
                probe.textContent = character;
                document.body.prepend(probe);
            }""",
            character,
        )
        shots.append(page.locator("#glyph-probe").screenshot())
        page.evaluate("document.getElementById('glyph-probe').remove()")
    assert shots[0] != shots[1]


def collect_problems(page):
    """Console errors, failed requests and requests to any other host, as they happen."""
    problems = []
    page.on(
        "console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else problems.append(f"other host: {r.url}")
        ),
    )
    return problems


def workflow_pages(site, city="paris"):
    """Admin pages of the editorial workflow, for a spotlight given a working draft whose
    English title changed (so its Chinese title is out of date) and submitted for review."""
    pk = site.shell(
        "from spotlights.drafts import spotlight_save_draft\n"
        "from spotlights.models import Review, Spotlight\n"
        f"s = Spotlight.objects.get(city__slug={city!r})\n"
        "s.title_en = s.title_en + ' (draft)'\n"
        "spotlight_save_draft(spotlight=s, areas=s.initiative_areas.all(), user=None)\n"
        "Review.objects.update_or_create(spotlight=s, defaults={'state': 'submitted'})\n"
        "print(s.pk)"
    )
    base = f"/admin/spotlights/spotlight/{pk}"
    return [f"{base}/change/", f"{base}/review/", f"{base}/history/compare/", f"{base}/discard/"]
