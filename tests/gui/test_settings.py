"""Settings: JSON round trip, corrupt/invalid files never crash, the window restores its state."""
import dataclasses
import json

from seq2seq_desktop.gui.settings import Settings, default_settings_path, load_settings, save_settings


def test_round_trip(tmp_path):
    s = Settings(direction="ja-en", beam_width=9, alpha=1.2, n_best=4, live_translate=True, seed=7,
                 chat_mode="sample", models={"en-ja": "/x/en-ja"}, geometry="AAAA")
    path = tmp_path / "sub" / "settings.json"
    assert save_settings(s, path)
    loaded, warnings = load_settings(path)
    assert warnings == [] and loaded == s


def test_missing_file_gives_defaults(tmp_path):
    assert load_settings(tmp_path / "none.json") == (Settings(), [])


def test_corrupt_file_is_reset_with_warning_and_kept_aside(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{ this is not json", encoding="utf-8")
    s, warnings = load_settings(path)
    assert s == Settings()
    assert len(warnings) == 1 and "reset to defaults" in warnings[0]
    assert (tmp_path / "settings.json.corrupt").read_text(encoding="utf-8") == "{ this is not json"
    for text in ("[1, 2]", "\udcff", "null"):
        path.write_text(text, encoding="utf-8", errors="surrogateescape")
        s, warnings = load_settings(path)
        assert s == Settings() and warnings


def test_bad_values_fall_back_per_key(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"beam_width": 99, "direction": "fr-de", "alpha": "x", "seed": True,
                                "models": {"en-ja": 3}, "n_best": 2, "unknown_key": 1}), encoding="utf-8")
    s, warnings = load_settings(path)
    assert (s.beam_width, s.direction, s.alpha, s.seed, s.models) == (5, "en-ja", 0.8, None, {})
    assert s.n_best == 2
    assert len(warnings) == 5


def test_save_failure_reports_false(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert save_settings(Settings(), blocker / "settings.json") is False


def test_default_path_honours_home_env(tmp_path, monkeypatch):
    monkeypatch.setenv("SEQ2SEQ_DESKTOP_HOME", str(tmp_path))
    assert str(default_settings_path()).startswith(str(tmp_path))


def test_window_settings_round_trip(make_window, tiny_engine, settings_file, qtbot):
    win = make_window(tiny_engine, wait=False)
    tp, cp = win.translate_panel, win.chat_panel
    tp.direction_combo.setCurrentIndex(1)
    tp.beam_slider.setValue(11)
    tp.alpha_spin.setValue(1.3)
    tp.nbest_spin.setValue(4)
    tp.live_check.setChecked(True)
    cp.mode_combo.setCurrentIndex(1)
    cp.seed_check.setChecked(True)
    cp.seed_spin.setValue(42)
    cp.specific_check.setChecked(False)  # both on by default
    tp.reverse_check.setChecked(False)
    win.tabs.setCurrentIndex(1)
    win.close()
    saved, warnings = load_settings(settings_file)
    assert warnings == []
    assert (saved.direction, saved.beam_width, saved.alpha, saved.n_best, saved.live_translate) == \
        ("ja-en", 11, 1.3, 4, True)
    assert (saved.chat_mode, saved.seed, saved.last_tab, saved.chat_specific, saved.reverse_rerank) == \
        ("sample", 42, 1, False, False)
    assert saved.geometry
    again = make_window(tiny_engine, settings=dataclasses.replace(saved), wait=False)
    assert again.translate_panel.direction() == "ja-en"
    assert again.translate_panel.beam_slider.value() == 11
    assert again.chat_panel.seed_spin.value() == 42 and again.chat_panel.seed_check.isChecked()
    assert not again.chat_panel.specific_check.isChecked() and not again.translate_panel.reverse_check.isChecked()
    assert again.tabs.currentIndex() == 1


def test_window_shows_settings_warning(make_window, tiny_engine):
    win = make_window(tiny_engine, wait=False)
    box = win.show_warnings(["the settings file was damaged and has been reset to defaults"])
    assert box.isVisible() and "reset to defaults" in box.text()
    box.close()


def test_language_round_trips_and_an_unknown_one_falls_back(tmp_path):
    path = tmp_path / "settings.json"
    assert Settings().language == "system"
    for lang in ("ja", "en", "system"):
        assert save_settings(Settings(language=lang), path)
        assert load_settings(path) == (Settings(language=lang), [])
    path.write_text(json.dumps({"language": "fr", "beam_width": 7}), encoding="utf-8")
    s, warnings = load_settings(path)
    assert (s.language, s.beam_width) == ("system", 7)
    assert len(warnings) == 1 and "language" in warnings[0]
