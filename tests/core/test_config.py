"""core.config: validators raise ConfigError naming the field and the valid choices; shared defaults."""
import dataclasses

import pytest

from seq2seq_desktop.core import config
from seq2seq_desktop.core.config import DecodeConfig, ModelConfig, TrainConfig, from_dict
from seq2seq_desktop.core.errors import ConfigError


def test_defaults_validate():
    ModelConfig(src_vocab_size=8, tgt_vocab_size=8).validate()
    DecodeConfig().validate()
    TrainConfig().validate()


@pytest.mark.parametrize(("field", "value", "choices"), [
    ("rnn_type", "transformer", "gru, lstm"),
    ("attention", "dot", "bahdanau, luong_dot, luong_general"),
])
def test_model_config_choice_errors_name_the_choices(field, value, choices):
    cfg = dataclasses.replace(ModelConfig(src_vocab_size=8, tgt_vocab_size=8), **{field: value})
    with pytest.raises(ConfigError, match=f"{field}='{value}' is not valid; choose one of {choices}"):
        cfg.validate()


def test_train_config_schedule_error_names_the_choices():
    with pytest.raises(ConfigError, match="lr_schedule='cosine'.*inverse_sqrt, constant, linear"):
        TrainConfig(lr_schedule="cosine").validate()


@pytest.mark.parametrize(("cfg", "message"), [
    (DecodeConfig(beam_width=0), r"beam_width=0 is out of range; it must lie in \[1, 64\]"),
    (DecodeConfig(top_p=0.0), r"top_p=0.0 is out of range"),
    (DecodeConfig(temperature=20.0), r"temperature=20.0 is out of range"),
    (DecodeConfig(beam_width=2, n_best=3), "n_best=3 cannot exceed beam_width=2"),
    (ModelConfig(src_vocab_size=0, tgt_vocab_size=8), "src_vocab_size must be a positive integer"),
    (ModelConfig(src_vocab_size=8, tgt_vocab_size=8, dropout=0.95), "dropout=0.95 is out of range"),
    (ModelConfig(src_vocab_size=8, tgt_vocab_size=8, attention="luong_dot", enc_hidden=8, dec_hidden=8),
     "luong_dot.*dec_hidden == 2 \\* enc_hidden"),
    (ModelConfig(src_vocab_size=8, tgt_vocab_size=9, share_src_tgt_embeddings=True), "one vocabulary"),
    (TrainConfig(tokens_per_batch=8), "tokens_per_batch must be at least 16"),
    (TrainConfig(teacher_forcing=1.5), "teacher_forcing=1.5 is out of range"),
])
def test_out_of_range_values_raise_a_named_error(cfg, message):
    with pytest.raises(ConfigError, match=message):
        cfg.validate()


def test_sampling_may_keep_more_than_the_beam():
    DecodeConfig(sample=True, beam_width=1, n_best=4).validate()


def test_from_dict_refuses_unknown_keys_and_lists_the_valid_ones():
    with pytest.raises(ConfigError, match="unknown DecodeConfig keys: beam, colour; valid keys: .*beam_width"):
        from_dict(DecodeConfig, {"beam": 3, "colour": "red"})
    with pytest.raises(ConfigError, match="beam_width=99"):
        from_dict(DecodeConfig, {"beam_width": 99})
    assert from_dict(DecodeConfig, {"beam_width": 3}) == DecodeConfig(beam_width=3)


def test_shared_decoding_defaults_are_valid():
    DecodeConfig(sample=True, temperature=config.CHAT_TEMPERATURE, top_p=config.CHAT_TOP_P,
                 candidates=config.CHAT_CANDIDATES, reverse_weight=config.CHAT_REVERSE_WEIGHT).validate()
    DecodeConfig(anti_lm=config.ANTI_LM_WEIGHT, reverse_weight=config.REVERSE_WEIGHT).validate()


def test_input_limit_is_one_constant():
    from seq2seq_desktop import core
    from seq2seq_desktop.core import engine

    assert engine.MAX_INPUT_CHARS == config.MAX_INPUT_CHARS == core.MAX_INPUT_CHARS == 20_000
