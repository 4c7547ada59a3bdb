"""Decoding experiments (beam sweep, length buckets) on the tiny reverse-digits model."""
import csv

import pytest

from seq2seq_desktop.core import experiments as ex
from seq2seq_desktop.core.engine import Engine
from seq2seq_desktop.core.errors import ConfigError, DataError
from support.tiny_task import make_pairs


@pytest.fixture(scope="module")
def engine(tiny_bundle):
    return Engine.load(tiny_bundle, device="cpu", num_threads=1)


@pytest.fixture(scope="module")
def pairs():
    return make_pairs(12, seed=777, min_len=3, max_len=8)


def _run(gen):
    steps = []
    while True:
        try:
            steps.append(next(gen))
        except StopIteration as stop:
            return steps, stop.value


# ----------------------------------------------------------------------------------- sample pairs
def test_sample_pairs_en_ja_are_60_aligned_with_japanese_targets():
    pairs = ex.sample_pairs("en", "ja")
    assert len(pairs) == 60
    assert all(src and ref for src, ref in pairs)
    assert all(src.isascii() for src, _ in pairs)
    assert all(any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in ref) for _, ref in pairs)
    assert pairs[0] == ("the kettle on the stove is starting to whistle.", "台所のやかんが鳴り始めた。")
    assert not any(src.startswith("#") for src, _ in pairs)  # the TSV's comment lines are skipped


def test_sample_pairs_flip_for_ja_en_and_refuse_other_pairs():
    assert ex.sample_pairs("ja", "en") == [(j, e) for e, j in ex.sample_pairs("en", "ja")]
    with pytest.raises(ConfigError, match="en->ja or ja->en"):
        ex.sample_pairs("en", "fr")


def test_source_length_counts_words_or_japanese_characters():
    assert ex.source_length("the cat sat.", "en") == 3
    assert ex.source_length("猫が 座った。", "ja") == 6
    assert ex.length_unit("ja") == "characters" and ex.length_unit("en") == "words"


# ------------------------------------------------------------------------------------- beam sweep
def test_beam_sweep_rows_progress_and_scores(engine, pairs):
    steps, rows = _run(ex.beam_sweep_steps(engine, pairs, beams=range(1, 4), alphas=(0.6, 1.0), chunk=5))
    assert [(r.alpha, r.beam) for r in rows] == [(0.6, 1), (0.6, 2), (0.6, 3), (1.0, 1), (1.0, 2), (1.0, 3)]
    for r in rows:
        assert 0.0 <= r.bleu <= 100.0 + 1e-9 and 0.0 <= r.chrf <= 100.0 + 1e-9
        assert r.sentences == len(pairs) and r.seconds > 0 and r.sentences_per_s > 0
        assert r.mean_length > 0 and r.ref_length == pytest.approx(sum(len(t.split()) for _, t in pairs) / len(pairs))
    assert rows[0].bleu > 50  # the model learned to reverse: the sweep measures real translations
    measured = [s.row for s in steps if s.row is not None]
    assert measured == rows
    # 12 sentences in chunks of 5: two progress steps inside each setting, then its row
    assert len(steps) == 3 * len(rows)
    assert [s.done for s in steps if s.row is not None] == list(range(1, 7))
    assert all(s.total == 6 for s in steps)
    fractions = [s.fraction for s in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and 0 < fractions[0] < 1 / 6


def test_beam_sweep_matches_translate_sentences(engine, pairs):
    from seq2seq_desktop.core.config import DecodeConfig
    from seq2seq_desktop.core.metrics import corpus_scores

    _, rows = _run(ex.beam_sweep_steps(engine, pairs, beams=[2], alphas=[0.8]))
    out = [t.text for t in engine.translate_sentences([s for s, _ in pairs], DecodeConfig(beam_width=2, alpha=0.8))]
    assert rows[0].bleu == pytest.approx(corpus_scores(out, [r for _, r in pairs], engine.info.target_lang).bleu)


def test_beam_sweep_stops_when_the_consumer_closes_it(engine, pairs):
    calls = []

    class Counting:
        info = engine.info

        def translate_sentences(self, *a, **k):
            calls.append(a[1].beam_width)
            return engine.translate_sentences(*a, **k)

    gen = ex.beam_sweep_steps(Counting(), pairs, beams=range(1, 6), alphas=(0.8,))
    first = next(gen)
    assert first.row is not None and first.row.beam == 1
    gen.close()
    with pytest.raises(StopIteration):
        next(gen)
    assert calls == [1, 1]  # the warm-up and beam 1: nothing after the close


def test_beam_sweep_refuses_bad_settings_before_translating(engine, pairs):
    with pytest.raises(ConfigError, match="beam_width"):
        next(ex.beam_sweep_steps(engine, pairs, beams=[0, 1]))
    with pytest.raises(ConfigError, match="alpha"):
        next(ex.beam_sweep_steps(engine, pairs, beams=[1], alphas=[5.0]))
    with pytest.raises(ConfigError, match="sets"):
        next(ex.beam_sweep_steps(engine, pairs, beams=[1], reverse_weight=0.7))
    with pytest.raises(DataError):
        next(ex.beam_sweep_steps(engine, [], beams=[1]))


def test_csv_round_trip(engine, pairs, tmp_path):
    _, rows = _run(ex.beam_sweep_steps(engine, pairs, beams=[1, 2], alphas=(0.8,)))
    path = ex.write_csv(rows, tmp_path / "sweep.csv")
    assert ex.read_csv(path) == rows
    with path.open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header[:6] == ["beam", "alpha", "bleu", "chrf", "sentences_per_s", "mean_length"]
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="not a beam-sweep CSV"):
        ex.read_csv(tmp_path / "other.csv")


# ---------------------------------------------------------------------------------- length buckets
def test_length_buckets_counts_scores_and_progress(engine, pairs):
    steps, result = _run(ex.length_buckets_steps({"a": engine, "b": engine}, pairs, edges=(4, 6), chunk=5,
                                                 beam_width=1))
    assert list(result) == ["a", "b"]
    lengths = [len(s.split()) for s, _ in pairs]
    for buckets in result.values():
        assert [b.label for b in buckets] == ["1\u20134", "5\u20136", "7+"]
        assert sum(b.count for b in buckets) == len(pairs)
        assert [b.count for b in buckets] == [sum(n <= 4 for n in lengths), sum(5 <= n <= 6 for n in lengths),
                                              sum(n >= 7 for n in lengths)]
        for b in buckets:
            if b.count:
                assert 0 <= b.bleu <= 100 + 1e-9 and 0 <= b.chrf <= 100 + 1e-9 and 0 <= b.exact <= 1
            else:
                assert b.bleu is b.chrf is b.exact is None
    assert result["a"] == result["b"]  # the same model scores the same
    assert [s.done for s in steps] == [5, 10, 12, 17, 22, 24] and {s.engine for s in steps} == {"a", "b"}


def test_length_buckets_exact_match_of_a_perfect_model(engine):
    from seq2seq_desktop.core.config import DecodeConfig

    sources = [s for s, _ in make_pairs(8, seed=99)]
    out = [t.text for t in engine.translate_sentences(sources, DecodeConfig(beam_width=5))]
    _, result = _run(ex.length_buckets_steps({"m": engine}, list(zip(sources, out)), edges=(100,)))
    (bucket, empty), = [result["m"]]
    assert bucket.count == 8 and bucket.exact == 1.0 and bucket.bleu == pytest.approx(100.0)
    assert empty.count == 0 and empty.label == "101+"


def test_length_buckets_refuse_bad_edges_and_mixed_directions(engine, pairs):
    with pytest.raises(ConfigError, match="strictly increasing"):
        next(ex.length_buckets_steps({"m": engine}, pairs, edges=(5, 3)))
    with pytest.raises(ConfigError, match="at least one engine"):
        next(ex.length_buckets_steps({}, pairs))

    class Other:
        class info:  # noqa: N801 - stands in for PackageInfo
            source_lang, target_lang = "en", "ja"

    with pytest.raises(ConfigError, match="different directions"):
        next(ex.length_buckets_steps({"m": engine, "o": Other()}, pairs))


def test_default_edges_split_the_samples_into_populated_buckets():
    pairs = ex.sample_pairs("en", "ja")
    for lang, texts in (("en", [s for s, _ in pairs]), ("ja", [r for _, r in pairs])):
        bounds = ex._bucket_bounds(ex.default_edges(lang))
        counts = [sum(lo <= ex.source_length(t, lang) and (hi is None or ex.source_length(t, lang) <= hi)
                      for t in texts) for lo, hi in bounds]
        assert sum(counts) == 60 and min(counts) >= 5, (lang, counts)
