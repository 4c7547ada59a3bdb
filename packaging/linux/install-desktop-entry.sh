#!/usr/bin/env sh
# Register a built dist/seq2seq-desktop/ with the Linux desktop (menu entry + icon) for this user.
# Usage: packaging/linux/install-desktop-entry.sh [DIST_DIR]     (default: <checkout>/dist/seq2seq-desktop)
#        packaging/linux/install-desktop-entry.sh --uninstall
# build.py also copies this script and the .desktop template into dist/seq2seq-desktop/, so a
# user of the built folder runs ./install-desktop-entry.sh there (DIST_DIR defaults to that folder).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
APPS=$DATA/applications
ICONS=$DATA/icons/hicolor
if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$APPS/seq2seq-desktop.desktop" "$ICONS/scalable/apps/seq2seq-desktop.svg" "$ICONS/256x256/apps/seq2seq-desktop.png"
  echo "removed the seq2seq-desktop menu entry"; exit 0
fi
if [ -x "$HERE/seq2seq-desktop" ]; then DEFAULT=$HERE; else DEFAULT=$HERE/../../dist/seq2seq-desktop; fi
DIST=$(cd "${1:-$DEFAULT}" && pwd)
EXE=$DIST/seq2seq-desktop
[ -x "$EXE" ] || { echo "no $EXE: build first (python packaging/build.py)" >&2; exit 1; }
RES=$DIST/_internal/resources/icons
mkdir -p "$APPS" "$ICONS/scalable/apps" "$ICONS/256x256/apps"
cp "$RES/seq2seq-desktop.svg" "$ICONS/scalable/apps/"
cp "$RES/seq2seq-desktop.png" "$ICONS/256x256/apps/"
# the .desktop template runs "seq2seq-desktop" from PATH; point it at this build instead
sed -e "s|^Exec=.*|Exec=\"$EXE\"|" -e "s|^TryExec=.*|TryExec=$EXE|" "$HERE/seq2seq-desktop.desktop" \
  >"$APPS/seq2seq-desktop.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$APPS" || true
echo "installed $APPS/seq2seq-desktop.desktop -> $EXE"
