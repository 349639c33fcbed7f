import copy
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cities.dataset import dataset_fixture_paths
from spotlights.book import apply_book, fixture_drift, parse_book, read_book

SNIPPET = """

城市掠影

非洲

阿比让	阿克拉
德班



阿比让 (科特迪瓦)

已提升气候复原力。这一成果得益于世界银行与科特迪瓦政府共同资助的PARU项目，该市建立了洪水预警系统。



德班
(祖鲁语 eThekweni)
(南非)

通过改进填埋场管理有效减少了甲烷排放:在布菲尔德拉伊填埋场种植72.3万棵树木,利用自然方案减少径流。

德班
(南非)

Photographer Name

欧洲

伦敦



阿克拉 (加纳)

已将垃圾收集服务覆盖率从75%提升至87%，垃圾回收利用率由5%提高至18%，日垃圾收集量增长逾一倍。

C40 资助方
"""


@pytest.fixture(scope="module")
def book():
    return read_book(settings.C40_BOOK_PATH)


@pytest.fixture(scope="module")
def fixture_objects():
    return [obj for path in dataset_fixture_paths() for obj in json.loads(path.read_text("utf-8"))]


def test_parser_trusts_the_roster_over_the_heading_and_skips_photo_credits():
    data = parse_book(SNIPPET)
    assert data.rosters == {"africa": ["阿比让", "阿克拉", "德班"], "europe": ["伦敦"]}
    assert [entry.city for entry in data.spotlights] == ["阿比让", "德班", "阿克拉"]
    accra = data.spotlights[2]
    assert accra.heading_region == "europe"
    assert data.roster_region(accra.city) == "africa"
    assert data.spotlights[1].alternative_names == ["eThekweni"]
    assert data.spotlights[1].country == "南非"


def test_book_has_seven_rosters_of_98_cities_and_97_spotlights(book):
    assert len(book.rosters) == 7
    assert sum(len(names) for names in book.rosters.values()) == 98
    assert len(book.spotlights) == 97


def test_vendored_book_is_the_shared_seed():
    seed = settings.BASE_DIR.parent / "shared" / "seeds" / "003_016f86a228f79744.txt"
    if not seed.exists():
        pytest.skip("../shared is not beside this checkout")
    assert seed.read_bytes() == settings.C40_BOOK_PATH.read_bytes()


def test_fixtures_agree_with_the_book(book, fixture_objects):
    assert fixture_drift(book, fixture_objects) == []


def test_a_changed_paragraph_or_a_moved_city_is_reported(book, fixture_objects):
    objects = copy.deepcopy(fixture_objects)
    spotlight = next(o for o in objects if o["model"] == "spotlights.spotlight")
    spotlight["fields"]["body_zh_hans"] += "。"
    city = next(o for o in objects if o["fields"].get("slug") == "warsaw")
    city["fields"]["region"] = ["latin-america"]

    problems = fixture_drift(book, objects)

    assert any("warsaw" in problem and "europe" in problem for problem in problems)
    assert any("verbatim" in problem for problem in problems)
    assert len(apply_book(book, objects)) == 2
    assert fixture_drift(book, objects) == []


def test_a_missing_roster_city_is_reported(book, fixture_objects):
    objects = [o for o in fixture_objects if o["fields"].get("slug") != "delhi"]
    assert "Roster city Delhi (south-west-asia) is missing from the fixtures." in fixture_drift(
        book, objects
    )


def test_extract_book_command_reports_agreement(capsys):
    call_command("extract_book")
    out = capsys.readouterr().out
    assert "7 regions, 98 roster cities, 97 spotlights" in out
    assert "Delhi: roster city without a spotlight" in out
    assert "The fixtures agree with the book." in out


def test_extract_book_command_refuses_a_missing_book(tmp_path):
    with pytest.raises(CommandError, match="Cannot read the book"):
        call_command("extract_book", book=str(tmp_path / "missing.txt"))
