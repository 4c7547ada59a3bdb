#!/usr/bin/env bash
# The recipe search for the translators (docs/RESULTS.md, "A Transformer on the CPU") in one call of a GPU machine.
#
# The same data, dev split and wall-clock budget for every recipe, all trained side by side on the
# one GPU, each then exported (scored on the Tatoeba dev split and small_parallel_enja test, greedy,
# beam 5 and beam 5 + the reverse check by the shipped opposite-direction model; benchmarked on the
# CPU) and packed with its training log into $OUT/NAME.tgz:
#
#   EN->JA  configs/en-ja.json (the shipped GRU recipe, from scratch), en-ja-gru-deep,
#           en-ja-transformer, en-ja-transformer-deep;   JA->EN  ja-en-transformer
#
# Here, once (packs the corpora, which never go into git, and the wheel the device lacks into
# work/device, which git ignores):
#     bash tools/device_recipe_search.sh prepare
# There (device tool, carry ["work/device"]; about 9 minutes with MINUTES=5):
#     bash tools/device_recipe_search.sh run [MINUTES]
# Nothing can come back but $OUT's files (8 at most, 16 MiB each): checkpoints stay there, so a
# recipe worth continuing goes on from its package: `seq2seq train run CONFIG --init-from PACKAGE`.
# RECIPES="configs/en-ja.json" DEVICE=cpu runs a short rehearsal on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
STAGE=work/device

recipes="${RECIPES:-configs/en-ja.json configs/experiments/en-ja-gru-deep.json configs/experiments/en-ja-transformer.json configs/experiments/en-ja-transformer-deep.json configs/experiments/ja-en-transformer.json}"

case "${1:-}" in
prepare)
    rm -rf "$STAGE"; mkdir -p "$STAGE/wheels"
    # compressed: the working tree that travels (models/ alone is 46 MB) may not exceed 64 MiB
    tar cJf "$STAGE/data.tar.xz" -C ../shared/data small_parallel_enja tatoeba-jpn-eng
    # the device's Python (3.12) has torch, sentencepiece, safetensors, sacrebleu, tqdm and numpy; the
    # project's paths module needs platformdirs.  Without MeCab there, Japanese BLEU falls back to
    # sacrebleu's char tokenizer (its signature says tok:char): compare recipes by it and by chrF, and
    # score a package worth shipping again here with ja-mecab (python -m tools.repack_model NAME)
    python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
        -d "$STAGE/wheels" platformdirs==4.14.7
    du -sh "$STAGE"
    ;;
run)
    minutes="${2:-5}"
    device="${DEVICE:-cuda}"
    out="${OUT:-/tmp/recipe-out}"; mkdir -p "$out"
    if [ "$device" = cuda ]; then
        python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site "$STAGE"/wheels/*.whl
        export PYTHONPATH="/tmp/site:$PWD"
        python3 -c "import torch; assert torch.cuda.is_available(), 'no CUDA here'; print(torch.cuda.get_device_name())"
    fi
    py="${PYTHON:-python3}"
    data=/tmp/recipe-data; rm -rf "$data"; mkdir -p "$data"; tar xJf "$STAGE/data.tar.xz" -C "$data"
    runs=/tmp/recipe-runs; rm -rf "$runs"
    for cfg in $recipes; do
        name=$(basename "$cfg" .json)
        dir="$runs/$name"; mkdir -p "$dir"
        # the opposite direction beside the package, as export finds the reverse model to score with
        src=$("$py" -c "import json,sys; c=json.load(open(sys.argv[1])); print(c['target_lang'] + '-' + c['source_lang'])" "$cfg")
        cp -r "models/$src" "$dir/$src"
        ( "$py" -m seq2seq_desktop train run "$cfg" --device "$device" --threads 2 --data "$data" \
              --work "$dir/work" --out "$dir/$name" --minutes "$minutes" \
          && "$py" -m seq2seq_desktop train export "$cfg" --device "$device" --threads 2 --data "$data" \
              --work "$dir/work" --out "$dir/$name" ) > "$dir/log.txt" 2>&1 \
          && echo "$name: done" || echo "$name: FAILED (see its log.txt)" &
    done
    wait
    for cfg in $recipes; do
        name=$(basename "$cfg" .json); dir="$runs/$name"
        files=(log.txt); [ -d "$dir/$name" ] && files+=("$name")
        tar czf "$out/$name.tgz" -C "$dir" "${files[@]}"
        { echo "== $name"; grep -E "^stopped|BLEU|beam5|greedy" "$dir/log.txt" | tail -20; } >> "$out/summary.txt"
    done
    ls -la "$out"
    ;;
*)
    echo "usage: $0 prepare | run [MINUTES]" >&2; exit 2
    ;;
esac
