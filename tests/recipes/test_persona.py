"""The project's own chat exchanges (resources/chat/persona-en.txt): parsed, kept out of the
held-out prompts, and added to the training pairs only."""
from pathlib import Path

from seq2seq_desktop.recipes import pipeline
from seq2seq_desktop.recipes.card import held_out_chat_prompts
from seq2seq_desktop.recipes.corpora import DataError, norm_key
from seq2seq_desktop.recipes.pipeline import PROJECT_ROOT, RunConfig, load_persona_pairs, prepare_run


def test_the_japanese_persona_file_parses_and_never_holds_a_held_out_prompt():
    pairs = load_persona_pairs(PROJECT_ROOT / "resources" / "chat" / "persona-ja.txt")
    assert len(pairs) > 500
    held_out = {norm_key(p) for p in held_out_chat_prompts()}
    assert not [p for p, _ in pairs if norm_key(p) in held_out]
    assert all(any("\u3040" <= ch <= "\u30ff" for ch in reply) for _, reply in pairs)  # every reply has kana


def test_the_shipped_persona_file_parses_and_never_holds_a_held_out_prompt():
    pairs = load_persona_pairs(PROJECT_ROOT / "resources" / "chat" / "persona-en.txt")
    assert len(pairs) > 500
    held_out = {norm_key(p) for p in held_out_chat_prompts()}
    assert not [p for p, _ in pairs if norm_key(p) in held_out]
    assert ("So, bot, what's your name?", "You can call me Seq.") in pairs


def test_persona_pairs_join_training_only_and_leave_the_dev_split_alone(tmp_path, monkeypatch):
    convs = {"chatterbot": [[f"question {i}", f"answer {i}"] for i in range(60)],
             "chitchat": [[f"hello {i}", f"hi {i}", f"bye {i}"] for i in range(60)]}
    monkeypatch.setattr(pipeline, "load_chat_conversations", lambda data_dir, lang: convs)
    persona = tmp_path / "persona.txt"
    held = held_out_chat_prompts()[0]
    persona.write_text(f"> Who are you?\n< I am a bot.\n\n> {held}\n< Kept out.\n", encoding="utf-8")
    spm = tmp_path / "work" / "spm"
    spm.mkdir(parents=True)
    (spm / "chat-en8000.spm").write_bytes((PROJECT_ROOT / "models" / "chat-en" / "source.spm").read_bytes())
    base = RunConfig(name="p", task="chat", source_lang="en", target_lang="en", model={}, train={})
    plain = prepare_run(base, tmp_path / "work")
    cfg = RunConfig(**{**base.__dict__, "persona_file": str(persona), "persona_upsample": 3})
    with_persona = prepare_run(cfg, tmp_path / "work")
    assert with_persona.dev_pairs == plain.dev_pairs
    extra = [p for p in with_persona.train_pairs if p not in plain.train_pairs]
    assert extra == [("Who are you?", "I am a bot.")] * 3
    assert with_persona.data_stats["persona_pairs"] == 1
    reverse = prepare_run(RunConfig(**{**cfg.__dict__, "task": "chat-reverse"}), tmp_path / "work")
    assert ("I am a bot.", "Who are you?") in reverse.train_pairs
    assert reverse.dev_pairs == [(b, a) for a, b in plain.dev_pairs]


def test_well_formed_replies_filter_training_pairs_only(tmp_path, monkeypatch):
    convs = {"chatterbot": [[f"Question {i}?", f"Answer number {i}."] for i in range(60)],
             "chitchat": [[f"hello {i}", f"hi there {i}", f"Bye for now, {i}!"] for i in range(60)]}
    monkeypatch.setattr(pipeline, "load_chat_conversations", lambda data_dir, lang: convs)
    persona = tmp_path / "persona.txt"
    persona.write_text("> who are you\n< just a bot\n", encoding="utf-8")  # ours: kept as written
    spm = tmp_path / "work" / "spm"
    spm.mkdir(parents=True)
    (spm / "chat-en8000.spm").write_bytes((PROJECT_ROOT / "models" / "chat-en" / "source.spm").read_bytes())
    base = RunConfig(name="p", task="chat", source_lang="en", target_lang="en", model={}, train={},
                     persona_file=str(persona))
    plain = prepare_run(base, tmp_path / "work")
    clean = prepare_run(RunConfig(**{**base.__dict__, "well_formed_replies": True}), tmp_path / "work")
    assert clean.dev_pairs == plain.dev_pairs
    dropped = [p for p in plain.train_pairs if p not in clean.train_pairs]
    assert dropped and all(p[1].startswith("hi there") for p in dropped)
    assert ("who are you", "just a bot") in clean.train_pairs
    assert len(clean.train_pairs) == len(plain.train_pairs) - len(dropped)


#: Japanese lines shorter than this (normalised) may equal a corpus line: see the test below
JA_COMMON_PHRASE_CHARS = 12


def _corpus_sentences(root: Path) -> set[str]:
    """Normalised lines (tab-separated fields, YAML list items) of every text file under ``root``."""
    keys = set()
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in {"", ".tsv", ".txt", ".en", ".ja", ".yml", ".yaml"}:
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                for field in line.split("\t"):
                    key = norm_key(field.strip().lstrip("- "))
                    if key:
                        keys.add(key)
    return keys


def test_no_persona_or_sample_line_is_a_corpus_sentence():
    """The exchanges, prompts and bench sentences are our own words: the corpora stay in ../shared/data
    (and the chat packages), never in the project."""
    import pytest

    from seq2seq_desktop.recipes.corpora import default_data_dir, load_chat_conversations

    root = default_data_dir()
    if not root.is_dir():
        pytest.skip("no ../shared/data here (a user's clone): nothing to compare with")
    corpus = _corpus_sentences(root)
    try:  # chitchat-dataset comes from the 'train' extra
        corpus |= {norm_key(turn) for convs in load_chat_conversations(root, "en").values()
                   for conv in convs for turn in conv}
    except DataError:
        pass
    lines = (PROJECT_ROOT / "resources" / "chat" / "persona-en.txt").read_text(encoding="utf-8").splitlines()
    bodies = [ln[2:] if ln[:2] in ("> ", "< ") else ln.lstrip("#@ ") for ln in lines]
    for folder in ("samples", "bench"):
        for path in sorted((PROJECT_ROOT / "resources" / folder).iterdir()):
            bodies += [field for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")
                       for field in ln.split("\t")]
    # Japanese: こんにちは, ありがとうございます, 疲れた... are everyone's words, and a Japanese user
    # types exactly them; lines that short may equal a corpus line.  From 12 characters (the
    # stock-phrase length the persona files' headers use) a line must be our own.
    ja_lines = (PROJECT_ROOT / "resources" / "chat" / "persona-ja.txt").read_text(encoding="utf-8").splitlines()
    ja_lines += [ln for path in sorted((PROJECT_ROOT / "resources" / "samples").glob("chat-ja*.txt"))
                 for ln in path.read_text(encoding="utf-8").splitlines()]
    ja_bodies = {ln[2:] if ln[:2] in ("> ", "< ") else ln.lstrip("#@ ") for ln in ja_lines}
    bodies = [b for b in bodies if b not in ja_bodies or len(norm_key(b)) >= JA_COMMON_PHRASE_CHARS]
    assert [b for b in bodies if norm_key(b) and norm_key(b) in corpus] == []
