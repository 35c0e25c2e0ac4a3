#!/usr/bin/env bash
# Rebuilds the attachment test files from the corpus HTML (see README.md).
# Needs LibreOffice (soffice), chromium, poppler-utils, img2pdf, qpdf, python3
# and the fonts-noto-cjk and fonts-wqy-zenhei packages. Run from this folder: bash make.sh
set -euo pipefail
corpus=../../../../shared/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
soff() { soffice -env:UserInstallation=file://$tmp/profile --headless --infilter="HTML (StarWriter)" "$@" >/dev/null 2>&1; }

# The Shanghai page fixes its cells' widths in px (nowrap): the table is
# wider than A4 and would be clipped, so drop the fixed widths first.
cp "$corpus/pingtan-2024.html" "$tmp/"
sed -E 's/ nowrap="nowrap"//g; s/ style="width:[0-9.]+px;"//g' "$corpus/shanghai-office-2019.html" >"$tmp/shanghai-office-2019.html"
for f in pingtan-2024 shanghai-office-2019; do
	soff --convert-to pdf --outdir . "$tmp/$f.html"
	soff --convert-to 'docx:MS Word 2007 XML' --outdir . "$tmp/$f.html"
	soff --convert-to 'doc:MS Word 97' --outdir . "$tmp/$f.html"
done
soff --convert-to odt --outdir . "$tmp/shanghai-office-2019.html"

# Another producer: Chromium's print to PDF (Skia), with a TrueType CJK font
# (fonts-wqy-zenhei) so that the glyphs are embedded small. Its table 三
# continues over a page break without a rule above the continued rows.
sed 's|</head>|<style>*{font-family:"WenQuanYi Zen Hei" !important}</style></head>|' "$tmp/pingtan-2024.html" >"$tmp/pingtan-wqy.html"
chromium --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/chromium" --no-pdf-header-footer \
	--print-to-pdf="$PWD/pingtan-2024-chromium.pdf" "file://$tmp/pingtan-wqy.html" >/dev/null 2>&1

# A scan: the page of table 三 rendered to a grey JPEG and wrapped in a PDF
# with no text layer.
pdftoppm -r 60 -gray -jpeg -jpegopt quality=40 -f 3 -l 3 pingtan-2024.pdf "$tmp/scan"
img2pdf -o scanned.pdf "$tmp"/scan*.jpg
# A PDF that needs a password to open (qpdf, AES-256).
qpdf --encrypt secret secret 256 -- scanned.pdf encrypted.pdf

# Damaged files: downloads cut short, and a Word file whose XML is broken.
head -c 40000 pingtan-2024.pdf >truncated.pdf
head -c 6000 pingtan-2024.docx >truncated.docx
head -c 20000 pingtan-2024.doc >truncated.doc
python3 - <<'PY'
import zipfile
src = zipfile.ZipFile("pingtan-2024.docx")
with zipfile.ZipFile("broken-xml.docx", "w", zipfile.ZIP_DEFLATED) as dst:
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename == "word/document.xml":
            data = data[: len(data) // 2]
        dst.writestr(item, data)
PY

# pdftotext -layout output of the text PDFs: the reference the PDF reader's
# rebuilt lines are checked against.
for f in pingtan-2024 shanghai-office-2019; do
	pdftotext -layout "$f.pdf" "$f.pdftotext.txt"
done

# The Pingtan page with its zero cells left blank, printed and read by
# pdftotext: rows of a narrow table then lose their columns' positions.
sed -E 's#>0</p></td>#></p></td>#g' "$corpus/pingtan-2024.html" >"$tmp/pingtan-2024-blank.html"
soff --convert-to pdf --outdir "$tmp" "$tmp/pingtan-2024-blank.html"
pdftotext -layout "$tmp/pingtan-2024-blank.pdf" pingtan-2024-blank.pdftotext.txt

# Chromium prints of the Pingtan page with the table narrowed to 60% of the
# page (labels and headers wrap, one space between cells), as printed and
# with its zero cells blank. The first is a golden case of the text reader.
# (The page is a fragment without <head>: the style goes before it.)
{
	echo '<html><head><style>*{font-family:"WenQuanYi Zen Hei" !important} table{width:60% !important; font-size:15px}</style></head><body>'
	cat "$corpus/pingtan-2024.html"
} >"$tmp/narrow.html"
sed -E 's#>0</p></td>#></p></td>#g' "$tmp/narrow.html" >"$tmp/narrow-blank.html"
for f in narrow narrow-blank; do
	chromium --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/chromium" --no-pdf-header-footer \
		--print-to-pdf="$tmp/$f.pdf" "file://$tmp/$f.html" >/dev/null 2>&1
done
pdftotext -layout "$tmp/narrow.pdf" ../golden/pingtan-2024-narrow-chromium.txt
pdftotext -layout "$tmp/narrow-blank.pdf" pingtan-2024-narrow-blank.pdftotext.txt
{
	echo '<html><head><style>*{font-family:"WenQuanYi Zen Hei" !important} table{width:75% !important; font-size:15px}</style></head><body>'
	cat "$tmp/shanghai-office-2019.html"
} >"$tmp/sh-narrow.html"
chromium --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/chromium" --no-pdf-header-footer \
	--print-to-pdf="$tmp/sh-narrow.pdf" "file://$tmp/sh-narrow.html" >/dev/null 2>&1
pdftotext -layout "$tmp/sh-narrow.pdf" shanghai-office-2019-narrow.pdftotext.txt

# Golden cases of the text reader: two golden pages (an extra 小计 column;
# the 2019 template) printed by Chromium with the table at half the page.
for g in subtotal-split template-2019; do
	{
		echo '<html><head><meta charset=utf-8><style>*{font-family:"WenQuanYi Zen Hei" !important} table{width:50% !important; font-size:14px}</style></head><body>'
		cat "../golden/$g.html"
	} >"$tmp/$g-narrow.html"
	chromium --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/chromium" --no-pdf-header-footer \
		--print-to-pdf="$tmp/$g-narrow.pdf" "file://$tmp/$g-narrow.html" >/dev/null 2>&1
	pdftotext -layout "$tmp/$g-narrow.pdf" "../golden/$g-narrow-pdftotext.txt"
	cp "../golden/$g.want.json" "../golden/$g-narrow-pdftotext.want.json"
done
