"""core.metrics: corpus BLEU / chrF through sacrebleu, with the signatures that make them reproducible."""
import pytest

from seq2seq_desktop.core.metrics import Scores, bleu_tokenizer_for, corpus_scores

REFS = ["the cat sat on the mat", "a dog barked at the postman today"]


def test_tokenizer_per_target_language():
    assert bleu_tokenizer_for("ja") == "ja-mecab"
    assert bleu_tokenizer_for("en") == "13a"
    assert bleu_tokenizer_for("") == "13a"


def test_perfect_and_wrong_hypotheses():
    perfect = corpus_scores(REFS, REFS, "en")
    assert isinstance(perfect, Scores) and perfect.n == 2
    assert perfect.bleu == pytest.approx(100.0) and perfect.chrf == pytest.approx(100.0)
    assert "tok:13a" in perfect.bleu_signature and "nc:6" in perfect.chrf_signature  # chrF: 6-char n-grams
    wrong = corpus_scores(["zebra quantum", "xylophone"], REFS, "en")
    assert wrong.bleu < 5 and wrong.chrf < perfect.chrf


def test_lowercase_is_in_the_signature():
    cased = corpus_scores(["The Cat sat on the mat"], REFS[:1], "en")
    lower = corpus_scores(["The Cat sat on the mat"], REFS[:1], "en", lowercase=True)
    assert lower.bleu == pytest.approx(100.0) and cased.bleu < lower.bleu
    assert "case:lc" in lower.bleu_signature and "case:mixed" in cased.bleu_signature


def test_japanese_is_scored_with_mecab_or_by_characters():
    s = corpus_scores(["猫が座った"], ["猫が座った"], "ja")
    assert s.bleu == pytest.approx(100.0)
    assert "tok:ja-mecab" in s.bleu_signature or "tok:char" in s.bleu_signature


def test_mismatched_lengths_raise():
    with pytest.raises(ValueError, match="2 hypotheses but 1 references"):
        corpus_scores(REFS, REFS[:1], "en")


def test_as_dict_rounds_for_logs_and_cards():
    d = Scores(bleu=12.3456, chrf=45.6789, bleu_signature="b", chrf_signature="c", n=3).as_dict()
    assert d == {"bleu": 12.35, "chrf": 45.68, "n": 3, "bleu_signature": "b", "chrf_signature": "c"}


def test_faithfulness_counts_kept_spans_and_glossary_uses():
    import pytest

    from seq2seq_desktop.core.errors import DataError
    from seq2seq_desktop.core.metrics import faithfulness, glossary_cases, parse_span_cases
    from seq2seq_desktop.core.protect import GlossaryEntry

    cases = parse_span_cases("I paid 3,200 yen at 6:30.\t3,200\t6:30\nCall 03-1234-5678.\t03-1234-5678\n")
    score = faithfulness(cases, ["6時30分に3200円払った。", "電話して。"])
    assert (score.total, score.kept, score.sentences_all_kept, score.kept_percent) == (3, 2, 1, 66.7)
    assert score.failures == (("Call 03-1234-5678.", "03-1234-5678", "電話して。"),)
    with pytest.raises(DataError, match="spans:1"):
        parse_span_cases("no span here\n")
    entries = [GlossaryEntry("invoice", "請求書"), GlossaryEntry("Seq2Seq", "")]
    assert glossary_cases(["Invoice and invoices; the invoice.", "Seq2Seq"], entries) == \
        [("Invoice and invoices; the invoice.", ["請求書", "請求書"]), ("Seq2Seq", ["Seq2Seq"])]
