"""Render ``resources/icons/seq2seq-desktop.svg`` to the PNG next to it (run after editing the SVG).

``QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icon.py [SIZE]`` (default 256 px).
"""
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "seq2seq-desktop.svg"


def main() -> int:
    """Render the SVG at ``argv[1]`` pixels (default 256) and save the PNG; return the exit code."""
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 256
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (QPainter needs one)
    renderer = QSvgRenderer(str(ICON))
    if not renderer.isValid():
        print(f"cannot read {ICON}", file=sys.stderr)
        return 1
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    out = ICON.with_suffix(".png")
    if not image.save(str(out)):
        print(f"cannot write {out}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({size}x{size})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
