#!/usr/bin/env bash
# Install the pinned Leaflet + plugin assets from the npm registry and copy them into static/vendor/,
# where the map (Streamlit at /app/static/vendor/, standalone HTML and PNG export) loads them from.
# static/vendor/ and node_modules/ are git-ignored: third-party JS/CSS is never committed.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi

# package folder under node_modules → copied whole (small), so CSS-relative image paths keep working.
PACKAGES=(leaflet leaflet.fullscreen leaflet-measure leaflet-minimap leaflet-search leaflet.heat leaflet.markercluster)

rm -rf static/vendor
mkdir -p static/vendor
for pkg in "${PACKAGES[@]}"; do
  src="node_modules/$pkg"
  if [ ! -d "$src" ]; then
    echo "install_assets: $src missing after npm install" >&2
    exit 1
  fi
  mkdir -p "static/vendor/$pkg"
  # Only what a browser loads: scripts, styles, images, licences.
  (cd "$src" && find . -type f \( -name '*.js' -o -name '*.css' -o -name '*.png' -o -name '*.svg' \
      -o -name '*.gif' -o -iname 'LICENSE*' \) -not -path './node_modules/*' -not -path './src/*' \
      -not -path './spec/*' -not -path './test*' -not -name 'Gruntfile.js' -not -path './buildscripts/*' -not -path './example*' -not -path './demo/*' -not -path './docs/*' \
      -print0 | xargs -0 -I{} cp --parents {} "../../static/vendor/$pkg/")
done
echo "install_assets: copied ${#PACKAGES[@]} packages into static/vendor/"
