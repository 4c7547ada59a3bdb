"""int8 weight storage: half the bytes on disk, every weight within one quantisation step, damage named."""
import shutil

import pytest
import torch
from safetensors.torch import load_file, save_file

from seq2seq_desktop.core.errors import ModelLoadError
from seq2seq_desktop.core.manifest import write_manifest
from seq2seq_desktop.core.package import (
    INT8_SCALE_SUFFIX,
    load_package,
    pack_weights,
    read_package_info,
    repack_package,
    save_package,
    unpack_weights,
)


@pytest.fixture
def pkg(tiny_bundle, tmp_path):
    dest = tmp_path / "pkg"
    shutil.copytree(tiny_bundle, dest)
    return dest


def test_pack_int8_is_per_row_and_within_half_a_step():
    torch.manual_seed(0)
    w = torch.randn(6, 10) * torch.tensor([0.01, 0.1, 1.0, 10.0, 100.0, 0.0])[:, None]
    packed = pack_weights({"w": w, "b": torch.randn(6), "ids": torch.arange(3)}, "int8")
    assert packed["w"].dtype == torch.int8 and packed["b"].dtype == torch.float16
    assert packed["ids"].dtype == torch.int64 and "b" + INT8_SCALE_SUFFIX not in packed
    scale = packed["w" + INT8_SCALE_SUFFIX]
    assert scale.shape == (6,)
    back = unpack_weights(packed)["w"]
    # each row keeps its own scale, so small rows are not crushed by large ones
    assert ((back - w).abs() <= scale[:, None] / 2 + 1e-7).all()
    assert torch.equal(back[5], torch.zeros(10))  # an all-zero row stays zero (no division by zero)
    assert packed["w"].abs().max() == 127


def test_unknown_storage_is_refused():
    with pytest.raises(Exception, match="not one of fp16, int8, fp32"):
        pack_weights({"w": torch.ones(2, 2)}, "int4")


def test_int8_package_is_about_half_and_decodes_like_fp16(pkg, tmp_path):
    fp16 = load_package(pkg)
    int8_dir = tmp_path / "int8"
    shutil.copytree(pkg, int8_dir)
    repack_package(int8_dir, "int8")
    info = read_package_info(int8_dir)  # the manifest was rewritten: it verifies
    assert info.weight_storage == "int8" and read_package_info(pkg).weight_storage == "fp16"
    assert "weight_storage" not in info.extra
    size = (int8_dir / "model.safetensors").stat().st_size
    assert size < 0.7 * (pkg / "model.safetensors").stat().st_size  # a tiny model: the header is a large share
    int8 = load_package(int8_dir)
    for name, a in fp16.model.state_dict().items():
        b = int8.model.state_dict()[name]
        assert b.dtype == torch.float32
        if a.dim() >= 2:  # within half a step of its row's scale (plus the fp16 the package started from)
            rows_a, rows_b = a.reshape(a.shape[0], -1), b.reshape(b.shape[0], -1)
            step = rows_a.abs().amax(dim=1, keepdim=True) / 127
            assert ((rows_a - rows_b).abs() <= step / 2 + 1e-3 * step + 1e-6).all(), name
        else:
            torch.testing.assert_close(a, b, msg=name)


def test_repack_back_to_fp16_and_a_save_does_not_inherit_int8(pkg, tmp_path):
    repack_package(pkg, "int8")
    loaded = load_package(pkg)
    again = save_package(tmp_path / "again", loaded.model, task="translate", source_lang="a", target_lang="b",
                         source_spm=(pkg / "source.spm").read_bytes(), target_spm=(pkg / "target.spm").read_bytes(),
                         card="x", extra=dict(loaded.info.extra))
    assert read_package_info(again).weight_storage == "fp16"
    assert all(t.dtype != torch.int8 for t in load_file(str(again / "model.safetensors")).values())
    repack_package(pkg, "fp16")
    assert read_package_info(pkg).weight_storage == "fp16"
    for name, t in load_package(pkg).model.state_dict().items():
        torch.testing.assert_close(t, loaded.model.state_dict()[name], atol=1e-2, rtol=1e-3, msg=name)


def test_int8_weight_without_its_scales_is_named(pkg):
    repack_package(pkg, "int8")
    tensors = load_file(str(pkg / "model.safetensors"))
    victim = next(k for k in tensors if k.endswith(INT8_SCALE_SUFFIX))
    del tensors[victim]
    save_file(tensors, str(pkg / "model.safetensors"))
    write_manifest(pkg)
    with pytest.raises(ModelLoadError, match="stored as int8 without its per-row scales"):
        load_package(pkg)


def test_scales_of_no_weight_are_named(pkg):
    repack_package(pkg, "int8")
    tensors = load_file(str(pkg / "model.safetensors"))
    tensors["nothing" + INT8_SCALE_SUFFIX] = torch.ones(3)
    save_file(tensors, str(pkg / "model.safetensors"))
    write_manifest(pkg)
    with pytest.raises(ModelLoadError, match="belong to no weight"):
        load_package(pkg)
