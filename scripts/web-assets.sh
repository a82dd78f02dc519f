#!/usr/bin/env bash
# Installs the npm dev dependencies (locked in package-lock.json) when they are
# missing or stale, and copies the console's fonts from @fontsource into
# web/static/fonts/ (gitignored), which the build embeds. Quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

# npm writes node_modules/.package-lock.json on every install; when it is newer
# than package-lock.json the tree is current.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# source under node_modules/@fontsource → name under web/static/fonts (the OFL asks
# for the licence to travel with the fonts).
FONTS=(
  share-tech-mono/files/share-tech-mono-latin-400-normal.woff2:share-tech-mono-latin-400-normal.woff2
  share-tech-mono/LICENSE:LICENSE-share-tech-mono.txt
  syne/files/syne-latin-400-normal.woff2:syne-latin-400-normal.woff2
  syne/files/syne-latin-700-normal.woff2:syne-latin-700-normal.woff2
  syne/files/syne-latin-800-normal.woff2:syne-latin-800-normal.woff2
  syne/LICENSE:LICENSE-syne.txt
)
mkdir -p web/static/fonts
for entry in "${FONTS[@]}"; do
  source="node_modules/@fontsource/${entry%%:*}"
  target="web/static/fonts/${entry##*:}"
  # Copy only on change, so the build does not re-embed for nothing.
  if [[ ! -f "$target" ]] || ! cmp -s "$source" "$target"; then
    cp "$source" "$target"
  fi
done
