"""Recipes: how the bundled models are reproduced (training corpora, the run pipeline, model cards).

Needs the corpora in ``../shared/data`` and the project's ``train`` extra; the desktop build leaves
this package out.  Import the submodules directly (``from seq2seq_desktop.recipes.pipeline import train_run``).
"""
