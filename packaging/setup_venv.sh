#!/usr/bin/env bash
# Create .venv and install the app + test tools with the exact pins of requirements-lock.txt.
# torch==2.13.0 is pinned exactly to get the CPU wheel CI installs; never add -U (it would fetch a CUDA build).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements-lock.txt
.venv/bin/pip install -q --disable-pip-version-check --no-deps -e .
