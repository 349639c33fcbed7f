import pytest

from core.typography import normalize_chinese_punctuation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("清洁空气区,改善了空气质量", "清洁空气区，改善了空气质量"),
        ("多项具体举措:加大力度", "多项具体举措：加大力度"),
        ("步行抵达绿地;周末这一人数", "步行抵达绿地；周末这一人数"),
        ("这是为什么?真的!", "这是为什么？真的！"),
        ("什么?!", "什么？！"),
        ("新能源汽车渗透率高达75.5%,新能源汽车", "新能源汽车渗透率高达75.5%，新能源汽车"),
        ("在Lalbagh,一片闲置地块", "在Lalbagh，一片闲置地块"),
        ("“15分钟城市”,让每个人", "“15分钟城市”，让每个人"),
        ('他说"你好"。', "他说“你好”。"),
    ],
)
def test_marks_beside_chinese_become_full_width(text, expected):
    assert normalize_chinese_punctuation(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("北京在12年间(2013-2024)将PM2.5污染", "北京在12年间（2013-2024）将PM2.5污染"),
        ("雅加达快速公交(Transjakarta)2024年", "雅加达快速公交（Transjakarta）2024年"),
        ("Ni Mauuna(由我先行)", "Ni Mauuna（由我先行）"),
        ("入选整县(市、区)屋顶", "入选整县（市、区）屋顶"),
        ("马德里市公交公司(EMT Madrid, S.A.)目前", "马德里市公交公司（EMT Madrid, S.A.）目前"),
        ("计划” (Escuelas Pluvial)，已在", "计划”（Escuelas Pluvial），已在"),
        ("二氧化碳排放(相当于(约)100万辆汽车)", "二氧化碳排放（相当于（约）100万辆汽车）"),
    ],
)
def test_parentheses_pair_becomes_full_width_when_content_or_a_neighbour_is_chinese(
    text, expected
):
    assert normalize_chinese_punctuation(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "约1,300个智能厨余回收桶",
        "PM2.5浓度下降了2.5微克",
        "会议于10:30开始",
        "PARU project, World Bank",
        "Abidjan (Côte d'Ivoire): early warning; training? Yes!",
        '"Hello", she said.',
        "C40城市气候领导联盟",
        "“Solar for All” “Shade Phoenix”",
        "",
    ],
)
def test_numbers_and_latin_are_left_alone(text):
    assert normalize_chinese_punctuation(text) == text


def test_none_is_left_alone():
    assert normalize_chinese_punctuation(None) is None


def test_tags_and_attributes_are_left_alone_and_only_text_changes():
    text = '<p><a href="https://c40.org/a,b(c)?x=1" title="北京,上海">北京,上海</a>,好</p>'
    assert normalize_chinese_punctuation(text) == (
        '<p><a href="https://c40.org/a,b(c)?x=1" title="北京,上海">北京，上海</a>，好</p>'
    )


def test_inline_tags_do_not_hide_a_chinese_neighbour():
    assert normalize_chinese_punctuation("<strong>北京</strong>,上海") == (
        "<strong>北京</strong>，上海"
    )


def test_a_paragraph_of_its_own_is_not_chinese_context():
    text = "<ul><li>北京</li><li>(World Bank)</li></ul>"
    assert normalize_chinese_punctuation(text) == text


def test_urls_and_character_references_are_left_alone():
    assert normalize_chinese_punctuation("详见https://c40.org/a,b:c,了解更多") == (
        "详见https://c40.org/a,b:c，了解更多"
    )
    assert normalize_chinese_punctuation("北京&amp;上海") == "北京&amp;上海"


def test_stray_spaces_beside_full_width_marks_are_removed():
    assert normalize_chinese_punctuation("北京 ， 上海 。 广州") == "北京，上海。广州"
    assert normalize_chinese_punctuation("清洁空气区 , 改善了") == "清洁空气区，改善了"
    assert normalize_chinese_punctuation("“Solar for All” 计划") == "“Solar for All”计划"


def test_a_mark_becomes_chinese_context_for_its_neighbours():
    # The comma turns full-width first; the parentheses then sit beside Chinese punctuation.
    assert normalize_chinese_punctuation("World Bank (PARU), 北京") == "World Bank（PARU），北京"


def test_line_breaks_are_kept():
    text = "第一段,完。\n\n第二段(续)。"
    assert normalize_chinese_punctuation(text) == "第一段，完。\n\n第二段（续）。"


@pytest.mark.parametrize(
    "text",
    [
        "清洁空气区,改善了",
        "World Bank (PARU), 北京",
        "“Ni Mauuna”(由我先行),该书",
        '<a href="https://c40.org/">北京,上海</a> (PARU) , ok',
        '北京 ( ( 上海 ) "引号 , 3,000',
        "什么?!? !",
    ],
)
def test_normalising_twice_changes_nothing(text):
    once = normalize_chinese_punctuation(text)
    assert normalize_chinese_punctuation(once) == once
