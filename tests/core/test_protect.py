"""Faithful translation: spans found, replaced by placeholders, and put back whatever the model did."""
import random
import re
import unicodedata

import pytest

from seq2seq_desktop.core.protect import (
    PLACEHOLDERS,
    SLOTS_PER_KIND,
    GlossaryEntry,
    Protected,
    find_spans,
    is_placeholder,
    placeholder,
    placeholder_kind,
    protect,
    restore,
    sanitize,
    script_of,
    wrong_script,
)

# the words the model "knows" for the name rule (everything else capitalised is a name)
KNOWN = frozenset("""
i yesterday met in new the is my friend here hello there where station think like it weather nice today visited
paris with will leave hours mr arrived call me at now good morning this a pen sing and born he left on order meet may
""".split())


def known_word(word):
    return word in KNOWN


GLOSSARY = (GlossaryEntry("machine learning", "機械学習"), GlossaryEntry("Seq2Seq"),
            GlossaryEntry("深層学習", "deep learning"), GlossaryEntry("東京タワー", "Tokyo Tower"),
            GlossaryEntry("learning", "学習"))

# (source_lang, text, [(span text, kind, reason), ...])
SPAN_TABLE = [
    # numbers
    ("en", "I have 3 apples.", [("3", "N", "number")]),
    ("en", "It costs ¥3,200 or $5.", [("¥3,200", "N", "number"), ("$5", "N", "number")]),
    ("en", "Prices rose 50% to €12.50 in 2.5 days.",
     [("50%", "N", "number"), ("€12.50", "N", "number"), ("2.5", "N", "number")]),
    ("en", "The temperature was -5 today.", [("-5", "N", "number")]),
    ("en", "We need 10-20 chairs.", [("10-20", "N", "number")]),
    ("en", "Update to v2.4.1 or 2.4 now.", [("v2.4.1", "N", "number"), ("2.4", "N", "number")]),
    ("en", "Add ３２００ yen and 3/4 cup.", [("３２００", "N", "number"), ("3/4", "N", "number")]),
    ("en", "It is the 21st time.", [("21st", "N", "number")]),
    ("en", "It weighs 5kg and is 30°C.", [("5kg", "N", "number"), ("30°C", "N", "number")]),
    ("en", "I will leave in 6 hours.", [("6", "N", "number")]),
    ("ja", "値段は３，２００円です。", [("３，２００", "N", "number")]),
    ("ja", "住所は1-4-7です。", [("1-4-7", "N", "number")]),
    ("ja", "待ち時間は10〜20分です。", [("10〜20", "N", "number")]),
    ("ja", "彼は３２歳です。", [("３２", "N", "number")]),
    # times
    ("en", "Meet me at 6:30 pm or 18:00.", [("6:30 pm", "N", "time"), ("18:00", "N", "time")]),
    ("en", "I wake up at 6 a.m. every day.", [("6 a.m.", "N", "time")]),
    ("en", "The bus leaves at 7pm.", [("7pm", "N", "time")]),
    ("ja", "会議は6時30分に始まります。", [("6時30分", "N", "time")]),
    ("ja", "18時に会いましょう。", [("18時", "N", "time")]),
    ("ja", "6時間待ちました。", [("6", "N", "number")]),
    ("ja", "午後6時半に駅で。", [("午後6時半", "N", "time")]),
    # dates
    ("en", "The party is on May 5, 2026.", [("May 5, 2026", "N", "date")]),
    ("en", "Born on 5 May, he left on December 1st.", [("5 May", "N", "date"), ("December 1st", "N", "date")]),
    ("en", "The deadline is 2026-12-01 or 12/1/2026.", [("2026-12-01", "N", "date"), ("12/1/2026", "N", "date")]),
    ("en", "It opened in May 2026.", [("May 2026", "N", "date")]),
    ("ja", "5月5日は祝日です。", [("5月5日", "N", "date")]),
    ("ja", "2026年12月1日に出発します。", [("2026年12月1日", "N", "date")]),
    ("ja", "2026年5月に開店した。", [("2026年5月", "N", "date")]),
    # phone numbers
    ("en", "Call 03-1234-5678 or +81 3-1234-5678.",
     [("03-1234-5678", "N", "phone"), ("+81 3-1234-5678", "N", "phone")]),
    ("en", "Call (555) 123-4567 now.", [("(555) 123-4567", "N", "phone")]),
    ("ja", "電話番号は090-1234-5678です。", [("090-1234-5678", "N", "phone")]),
    # URLs and e-mails
    ("en", "Visit https://example.com/a?b=1, or www.example.org.",
     [("https://example.com/a?b=1", "T", "url"), ("www.example.org", "T", "url")]),
    ("en", "See example.com for details.", [("example.com", "T", "url")]),
    ("en", "Mail taro.yamada@example.co.jp today.", [("taro.yamada@example.co.jp", "T", "email")]),
    ("ja", "詳しくはhttps://example.com/jaを見てください。", [("https://example.com/ja", "T", "url")]),
    ("ja", "メールはtaro@example.comまで。", [("taro@example.com", "T", "email")]),
    # emoji and symbols
    ("en", "I ❤️ 東京", [("❤️", "S", "emoji"), ("東京", "T", "foreign")]),
    ("en", "Great job 👍🏽 🎉🎉!", [("👍🏽 🎉🎉", "S", "emoji")]),
    ("en", "Our family 👨\u200d👩\u200d👧 went to 🇯🇵.", [("👨\u200d👩\u200d👧", "S", "emoji"), ("🇯🇵", "S", "emoji")]),
    ("en", "Sing ♪ with ★ and © 2026 ™ →",
     [("♪", "S", "emoji"), ("★", "S", "emoji"), ("©", "S", "emoji"), ("2026", "N", "number"), ("™ →", "S", "emoji")]),
    ("ja", "ありがとう😊", [("😊", "S", "emoji")]),
    # codes
    ("en", "Your seat is B-7731 on flight NH 212.", [("B-7731", "T", "code"), ("NH 212", "T", "code")]),
    ("en", "Order SKU-00123-B and XZ90 on A4 paper.",
     [("SKU-00123-B", "T", "code"), ("XZ90", "T", "code"), ("A4", "T", "code")]),
    ("en", "COVID-19 changed everything.", [("COVID-19", "T", "code")]),
    ("ja", "便名はNH 212です。", [("NH 212", "T", "code")]),
    # acronyms, latin words, names, foreign text
    ("en", "NASA and the USB AI are OK.",
     [("NASA", "T", "acronym"), ("USB", "T", "acronym"), ("AI", "T", "acronym"), ("OK", "T", "acronym")]),
    ("en", "Version 2 of the API is great.", [("2", "N", "number"), ("API", "T", "acronym")]),
    ("en", "I bought an iPhone on eBay.", [("iPhone", "T", "latin"), ("eBay", "T", "latin")]),
    ("en", "Yesterday I met Hanako Tanaka in New York.", [("Hanako Tanaka", "T", "name"), ("New York", "T", "name")]),
    ("en", "Hanako Tanaka is my friend.", [("Hanako Tanaka", "T", "name")]),
    ("en", "I visited Paris with Tom.", [("Tom", "T", "name")]),
    ("en", "Mr. Smith arrived.", [("Smith", "T", "name")]),
    ("ja", "AIとiPhoneが好きです。", [("AI", "T", "acronym"), ("iPhone", "T", "latin")]),
    ("ja", "TomはNew Yorkに住んでいます。", [("Tom", "T", "latin"), ("New York", "T", "latin")]),
    ("ja", "Wi-Fiのパスワードを教えて。", [("Wi-Fi", "T", "latin")]),
    ("ja", "USBケーブルを買った。", [("USB", "T", "acronym")]),
    # glossary (wins over code/acronym; case-insensitive in English; longest term first)
    ("en", "I study machine learning with Seq2Seq.",
     [("machine learning", "T", "glossary"), ("Seq2Seq", "T", "glossary")]),
    ("en", "MACHINE LEARNING is fun, learning too.",
     [("MACHINE LEARNING", "T", "glossary"), ("learning", "T", "glossary")]),
    ("ja", "深層学習と東京タワーが好き。", [("深層学習", "T", "glossary"), ("東京タワー", "T", "glossary")]),
    # negatives: nothing to protect
    ("en", "Hello there. Where is the station?", []),
    ("en", "I think I like it.", []),
    ("en", "Tanaka is here.", []),  # sentence-initial capital: no evidence of a name
    ("en", "Good morning!", []),
    ("en", "This is a pen.", []),
    ("en", "I AM SO HAPPY", []),  # shouting, not acronyms
    ("en", "See you at home.It was fun, e.g. in May.", []),
    ("ja", "今日はいい天気ですね。", []),
    ("ja", "三時に会いましょう。", []),
]


@pytest.mark.parametrize("lang,text,expected", SPAN_TABLE, ids=[row[1][:30] for row in SPAN_TABLE])
def test_find_spans_table(lang, text, expected):
    target = "ja" if lang == "en" else "en"
    spans = find_spans(text, lang, target, glossary=GLOSSARY, known_word=known_word)
    assert [(s.text, s.kind, s.reason) for s in spans] == expected
    for s in spans:
        assert text[s.start:s.end] == s.text
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_span_table_is_big_and_covers_every_reason():
    reasons = {r for _, _, exp in SPAN_TABLE for _, _, r in exp}
    assert len(SPAN_TABLE) >= 40
    assert reasons == {"number", "time", "date", "phone", "url", "email", "emoji", "code", "acronym", "latin", "name",
                       "foreign", "glossary"}


def test_names_need_known_word():
    assert find_spans("I met Tanaka in Osaka.", "en", "ja") == []
    spans = find_spans("I met Tanaka in Osaka.", "en", "ja", known_word=known_word)
    assert [s.text for s in spans] == ["Tanaka", "Osaka"]
    # a known sentence-initial word does not join the name; a place-name leader does
    assert [s.text for s in find_spans("Yesterday Tom came.", "en", "ja", known_word=known_word)] == ["Tom"]
    assert [s.text for s in find_spans("New York is big.", "en", "ja", known_word=known_word)] == ["New York"]
    assert [s.text for s in find_spans("I met Tom\nTanaka came", "en", "ja", known_word=known_word)] == ["Tom"]
    assert [s.text for s in find_spans("😀 Tanaka came. I met Tom", "en", "ja", known_word=known_word)] == ["😀", "Tom"]


def test_unknown_language_is_an_error():
    with pytest.raises(ValueError):
        find_spans("hello", "fr", "ja")
    with pytest.raises(ValueError):
        protect("hello", "en", "de")


# (source_lang, target_lang, text, target form of its single span)
TARGET_TABLE = [
    ("en", "ja", "6:30", "6時30分"),
    ("en", "ja", "18:00", "18時00分"),
    ("en", "ja", "6:30 pm", "午後6時30分"),
    ("en", "ja", "12 am", "午前12時"),
    ("en", "ja", "6:05:09", "6時05分9秒"),
    ("ja", "en", "6時30分", "6:30"),
    ("ja", "en", "18時", "18:00"),
    ("ja", "en", "6時5分", "6:05"),
    ("ja", "en", "午後6時", "6 pm"),
    ("ja", "en", "午前6時30分", "6:30 am"),
    ("ja", "en", "6時半", "6:30"),
    ("ja", "en", "18:00", "18:00"),
    ("en", "ja", "May 5", "5月5日"),
    ("en", "ja", "May 5, 2026", "2026年5月5日"),
    ("en", "ja", "December 1st", "12月1日"),
    ("en", "ja", "5th of May", "5月5日"),
    ("en", "ja", "May 2026", "2026年5月"),
    ("ja", "en", "5月5日", "5/5"),
    ("ja", "en", "2026年12月1日", "2026/12/1"),
    ("ja", "en", "2026年5月", "2026/5"),
    ("ja", "en", "5月", "May"),
    ("ja", "en", "２０２６年１２月１日", "2026/12/1"),
    ("en", "ja", "2026-12-01", "2026-12-01"),
    ("en", "ja", "12/1/2026", "12/1/2026"),
    ("ja", "en", "2026/12/01", "2026/12/01"),
    ("ja", "en", "３２００", "3200"),
    ("en", "ja", "３２００", "３２００"),
    ("en", "ja", "21st", "21"),
    ("ja", "en", "ＡＩ", "AI"),
    ("en", "ja", "™", "™"),
    ("en", "ja", "machine learning", "機械学習"),
    ("en", "ja", "Seq2Seq", "Seq2Seq"),
    ("ja", "en", "東京タワー", "Tokyo Tower"),
]


@pytest.mark.parametrize("src,tgt,text,expected", TARGET_TABLE)
def test_target_forms(src, tgt, text, expected):
    spans = find_spans(text, src, tgt, glossary=GLOSSARY)
    assert [(s.text, s.target) for s in spans] == [(text, expected)]


def _source_numbers_kept(span):
    """Every number of the span survives in its target (values; allowed changes of form listed)."""
    target = span.target
    target_numbers = {int(x) for x in re.findall(r"\d+", unicodedata.normalize("NFKC", target))}
    source = unicodedata.normalize("NFKC", span.text)
    for value in (int(x) for x in re.findall(r"\d+", source)):
        if value in target_numbers:
            continue
        if span.reason == "date" and 1 <= value <= 12 and re.search(r"[A-Z][a-z]+", target) \
                and target.startswith(("January", "February", "March", "April", "May", "June", "July", "August",
                                       "September", "October", "November", "December")[value - 1]):
            continue  # 12月1日 -> December 1: the month number becomes its English name
        return False
    return True


def test_target_forms_keep_every_source_number():
    checked = 0
    for lang, text, _ in SPAN_TABLE:
        for target in ("en", "ja"):
            for span in find_spans(text, lang, target, glossary=GLOSSARY, known_word=known_word):
                if span.reason != "glossary":
                    assert _source_numbers_kept(span), span
                    checked += 1
    for src, tgt, text, _ in TARGET_TABLE:
        for span in find_spans(text, src, tgt):
            assert _source_numbers_kept(span), span
            checked += 1
    assert checked > 100
    # the check itself can fail
    spans = find_spans("6:30", "en", "ja")
    bad = type(spans[0])(0, 4, "6:30", "N", "time", "7時30分")
    assert not _source_numbers_kept(bad)


def test_placeholder_characters():
    assert placeholder("N", 0) == "\ue000"
    assert placeholder("T", 5) == "\ue015"
    assert placeholder("S", 2) == "\ue022"
    assert len(PLACEHOLDERS) == 3 * SLOTS_PER_KIND == 18
    assert PLACEHOLDERS[:2] == ("\ue000", "\ue001") and PLACEHOLDERS[-1] == "\ue025"
    assert all(unicodedata.normalize("NFKC", p) == p and unicodedata.category(p) == "Co" for p in PLACEHOLDERS)
    assert [placeholder_kind(p) for p in PLACEHOLDERS] == ["N"] * 6 + ["T"] * 6 + ["S"] * 6
    assert is_placeholder("\ue005") and not is_placeholder("\ue006") and not is_placeholder("a")
    for bad in [("X", 0), ("N", 6), ("N", -1)]:
        with pytest.raises(ValueError):
            placeholder(*bad)
    with pytest.raises(ValueError):
        placeholder_kind("\ue00a")


def test_protect_substitutes_placeholders_per_kind():
    p = protect("Meet Tom at 6:30 pm on May 5 👍", "en", "ja", known_word=known_word)
    assert p.text == "Meet \ue010 at \ue000 on \ue001 \ue020"
    assert p.placeholders == ("\ue010", "\ue000", "\ue001", "\ue020")
    assert [s.text for s in p.spans] == ["Tom", "6:30 pm", "May 5", "👍"]
    assert not p.passthrough


def test_slots_run_out_and_later_spans_stay_text():
    p = protect("1 2 3 4 5 6 7 8 AI", "en", "ja")
    assert p.text == "\ue000 \ue001 \ue002 \ue003 \ue004 \ue005 7 8 \ue010"
    assert len(p.spans) == SLOTS_PER_KIND + 1
    assert restore(p.text, p).text == "1 2 3 4 5 6 7 8 AI"


@pytest.fixture
def meeting() -> Protected:
    p = protect("Meet me at 6:30 pm on May 5.", "en", "ja")
    assert p.text == "Meet me at \ue000 on \ue001."
    return p


def test_restore_identity_puts_target_forms_in_place(meeting):
    r = restore(meeting.text, meeting)
    assert r.text == "Meet me at 午後6時30分 on 5月5日."
    assert (r.missing, r.duplicated, r.unknown, r.repaired) == ((), (), 0, False)


def test_restore_follows_the_models_order(meeting):
    r = restore("\ue001の\ue000に会いましょう。", meeting)
    assert r.text == "5月5日の午後6時30分に会いましょう。"
    assert not r.repaired


def test_restore_reinserts_dropped_placeholders(meeting):
    r = restore("\ue000に会いましょう。", meeting)
    assert r.text == "午後6時30分に会いましょう5月5日。"
    assert [s.text for s in r.missing] == ["May 5"] and r.repaired
    r = restore("\ue000に会いましょう。", meeting, insert_at={1: 0})
    assert r.text == "5月5日午後6時30分に会いましょう。"
    r = restore("会いましょう", meeting)
    assert r.text == "会いましょう午後6時30分5月5日"
    assert [s.text for s in r.missing] == ["6:30 pm", "May 5"]


def test_restore_removes_duplicates_and_unknown_placeholders(meeting):
    r = restore("\ue000と\ue000、\ue001。", meeting)
    assert r.text == "午後6時30分と、5月5日。"
    assert [s.text for s in r.duplicated] == ["6:30 pm"] and r.missing == () and r.unknown == 0
    r = restore("\ue005\ue000 \ue015に \ue001 。\uf000", meeting)
    assert r.text == "午後6時30分に5月5日。"
    assert r.unknown == 3 and r.repaired


def test_restore_japanese_removes_spaces_next_to_cjk(meeting):
    assert restore("会議は \ue000 に \ue001 です", meeting).text == "会議は午後6時30分に5月5日です"
    p = protect("I met Tom Smith today.", "en", "ja", known_word=known_word)
    assert restore("今日 \ue010 に会った", p).text == "今日Tom Smithに会った"


def test_restore_english_spacing():
    p = protect("AIは6時に始まる。", "ja", "en")
    assert p.text == "\ue010は\ue000に始まる。"
    for out in ["\ue010starts at\ue000.", "\ue010 starts at \ue000."]:
        assert restore(out, p, target_lang="en").text == "AI starts at 6:00."
    assert restore("(\ue000) \ue010s", p, target_lang="en").text == "(6:00) AIs"
    r = restore("It starts at \ue000 and \ue000.", p, target_lang="en")
    assert r.text == "It starts at 6:00 and AI."
    assert [s.text for s in r.missing] == ["AI"] and [s.text for s in r.duplicated] == ["6時"]
    q = protect("21番目の部屋", "ja", "en")
    assert restore("the \ue000st room", q, target_lang="en").text == "the 21st room"
    assert restore("room\ue000", q, target_lang="en").text == "room 21"


def test_restore_never_leaves_a_placeholder():
    rng = random.Random(20260501)
    pieces = list(PLACEHOLDERS) + ["\ue00a", "\ue01f", "\uf8ff", "\U000f0001", "a", "b", "東", "。", ".", " ", "  ",
                                   "(", "!", "7", "は"]
    sources = [("Meet Tom at 6:30 pm on May 5 👍 with NASA.", "en", "ja"), ("AIは6時に始まる😊", "ja", "en"),
               ("1 2 3 4 5 6 7 8 ★ iPhone", "en", "ja")]
    for _ in range(400):
        text, src, tgt = rng.choice(sources)
        p = protect(text, src, tgt, known_word=known_word)
        output = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        insert_at = {i: rng.randint(-3, len(output) + 3) for i in range(len(p.spans)) if rng.random() < 0.3}
        r = restore(output, p, insert_at=insert_at, target_lang=tgt)
        assert not any(0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000 for c in r.text), (output, r.text)
        counts = [output.count(ph) for ph in p.placeholders]
        assert r.missing == tuple(s for s, c in zip(p.spans, counts, strict=True) if c == 0)
        assert r.duplicated == tuple(s for s, c in zip(p.spans, counts, strict=True) if c > 1)
        assert r.unknown == sum(1 for c in output if 0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000) - sum(counts)
        for span in p.spans:  # every span is in the result (once put back, however the model mangled it)
            assert span.target in r.text


def test_sanitize_removes_invisible_and_fake_placeholders():
    assert sanitize("a\x00b\x1fc\x7f\x85d") == "abcd"
    assert sanitize("a\tb\r\nc\rd") == "a b\nc\nd"
    assert sanitize("\u202eabc\u202c\u200e\u200f\u061c\u2066x\u2069") == "abcx"
    assert sanitize("\ufeffhi\u200b there") == "hi there"
    assert sanitize("\ue000N0\uf8ff\U000f0000\U0010fffd!") == "N0!"
    assert sanitize("soft\u00adhyphen") == "softhyphen"
    family, heart = "👨\u200d👩\u200d👧", "❤\ufe0f"
    flag = "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"  # England: tag sequence
    assert sanitize(f"{family} {heart} {flag} 1\ufe0f\u20e3") == f"{family} {heart} {flag} 1\ufe0f\u20e3"
    assert sanitize("普通の文です。") == "普通の文です。"
    assert [s.text for s in find_spans(sanitize(f"go {flag}!"), "en", "ja")] == [flag]
    p = protect("fake \ue000 placeholder", "en", "ja")
    assert p.source == "fake  placeholder" and p.spans == ()


@pytest.mark.parametrize("text,expected", [
    ("😀🎉", True), ("★ ♪ →", True), ("\x00\x01\u200b", True), ("", True), ("   ", True), ("3,200", True),
    ("12:30", True), ("👍 3,200!", True), ("Hello 😀", False), ("こんにちは", False), ("NASA", False),
    ("5月5日", False), ("May 5", False),
])
def test_passthrough(text, expected):
    assert protect(text, "en", "ja").passthrough is expected
    assert protect(text, "ja", "en").passthrough is expected


@pytest.mark.parametrize("text,script,wrong_en,wrong_ja", [
    ("Hello world", "en", False, True),
    ("こんにちは、元気ですか？", "ja", True, False),
    ("私はiPhoneが好きです", "ja", True, False),
    ("私はSmartphoneが好き", "ja", True, False),
    ("I visited 東京 last year.", "en", False, True),
    ("I ❤️ 東京", "en", False, False),
    ("詳しくは https://example.com/path/to/page を見て", "ja", True, False),
    ("ＨＥＬＬＯ　ｗｏｒｌｄ", "en", False, True),
    ("123 😀", "none", False, False),
    ("", "none", False, False),
])
def test_script_of_and_wrong_script(text, script, wrong_en, wrong_ja):
    assert script_of(text) == script
    assert wrong_script(text, "en") is wrong_en
    assert wrong_script(text, "ja") is wrong_ja
