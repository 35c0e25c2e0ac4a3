#!/usr/bin/env bash
# Prints weihui-2020.html (written by `go test ./sampleportal -update`) to
# weihui-2020.pdf, the text-layer PDF attachment of 卫辉市's 2020 report.
# Needs LibreOffice (soffice) and the fonts-noto-cjk package.
# Run from this folder: bash make.sh
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
soffice -env:UserInstallation=file://$tmp/profile --headless --infilter="HTML (StarWriter)" \
	--convert-to pdf --outdir "$tmp" weihui-2020.html >/dev/null 2>&1
mv "$tmp/weihui-2020.pdf" weihui-2020.pdf
