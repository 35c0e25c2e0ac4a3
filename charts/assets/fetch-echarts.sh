#!/bin/sh
# fetch-echarts.sh VERSION SHA256 OUT: take dist/echarts.min.js from the npm
# package echarts@VERSION, check it against the pinned SHA256, and move it to
# OUT. The chart pages embed OUT (go:embed) so that they never load a CDN.
# Called by `make assets`; quick when OUT is already the pinned file.
set -eu
version=$1
want=$2
out=$3

# Already there and the pinned one: nothing to do.
if [ -f "$out" ] && [ "$(sha256sum "$out" | cut -d' ' -f1)" = "$want" ]; then
	exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
	echo "fetch-echarts: npm not found: install Node.js with npm (Debian: apt-get install nodejs npm)" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# npm pack downloads the published tarball and checks its registry integrity.
(cd "$tmp" && npm pack --silent "echarts@$version" >/dev/null)
tar -xzf "$tmp/echarts-$version.tgz" -C "$tmp" package/dist/echarts.min.js
got=$(sha256sum "$tmp/package/dist/echarts.min.js" | cut -d' ' -f1)
if [ "$got" != "$want" ]; then
	echo "fetch-echarts: echarts@$version dist/echarts.min.js has sha256 $got, want $want" >&2
	exit 1
fi
mkdir -p "$(dirname "$out")"
# Move into place in one step so that a failed run never leaves half a file.
cp "$tmp/package/dist/echarts.min.js" "$out.tmp"
mv "$out.tmp" "$out"
echo "fetch-echarts: echarts@$version -> $out"
