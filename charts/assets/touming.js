// touming.js: the compare, county and agency pages' charts, drawn with the
// embedded echarts from specs the server writes into the page. A spec
// carries every point with what a reader must know about it: the report
// behind it (a click opens it), n (the denominator of a rate), whether n is
// under the ranking threshold (drawn hollow), and why a point is missing
// ("无报告": no report; "空白": the cell was blank). 0 is drawn as 0.
(function () {
	"use strict";
	var palette = ["#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc", "#2f4554"];

	function fmt(v, unit) {
		if (v === null || v === undefined) return "";
		var s = Math.abs(v - Math.round(v)) < 1e-9 ? String(Math.round(v)) : v.toFixed(2);
		return unit === "%" ? s + "%" : s + (unit ? " " + unit : "");
	}

	function point(p, color, log) {
		var d = { value: p.v === null || p.v === undefined ? (log ? "-" : 0) : p.v, p: p };
		if (p.v === null || p.v === undefined) {
			d.itemStyle = { color: "transparent" };
			if (p.m && !log) {
				d.label = { show: true, formatter: p.m, position: "insideBottom", rotate: 90, align: "left", color: "#999", fontSize: 10 };
			}
			return d;
		}
		if (p.low) {
			d.itemStyle = { color: "#ffffff", borderColor: color, borderWidth: 1.5, borderType: "dashed" };
		}
		if (p.v === 0 && p.z) {
			d.label = { show: true, formatter: "0", position: "top", color: "#555", fontSize: 10 };
		}
		return d;
	}

	function tooltip(spec) {
		return function (params) {
			if (!params.data || !params.data.p) return "";
			var p = params.data.p, cat = spec.cats[params.dataIndex];
			var lines = ["<b>" + echarts.format.encodeHTML(cat.name) + "</b>", echarts.format.encodeHTML(params.seriesName) + "："];
			if (p.v === null || p.v === undefined) {
				lines[1] += p.m === "空白" ? "空白单元格（不当作0）" : "无报告";
			} else {
				lines[1] += fmt(p.v, spec.unit);
			}
			if (p.n !== undefined && p.n !== null) lines.push("n = " + fmt(p.n, ""));
			if (p.low) lines.push("n 小于 " + spec.threshold + "：比率说明力弱，不参与排名");
			if (p.b) lines.push(p.b + " 个机关之和");
			if (p.a) lines.push(echarts.format.encodeHTML(p.a));
			if (p.r) lines.push("点击打开报告");
			return lines.join("<br>");
		};
	}

	function barOption(spec, log) {
		return {
			animation: false,
			color: palette,
			tooltip: { trigger: "item", formatter: tooltip(spec) },
			legend: { show: true, top: 0, left: 60, right: 50, type: "scroll" },
			toolbox: saveAsImage(spec.id),
			grid: { top: 50, left: 60, right: 30, bottom: 90 },
			xAxis: {
				type: "category", triggerEvent: true,
				data: spec.cats.map(function (c) { return c.flag ? c.name + " *" : c.name; }),
				axisLabel: { rotate: 30, interval: 0 }
			},
			yAxis: {
				type: log ? "log" : "value", name: spec.unit, max: spec.max,
				axisLabel: spec.unit === "%" ? { formatter: "{value}%" } : {}
			},
			series: spec.series.map(function (s, i) {
				var color = palette[(s.color === undefined ? i : s.color) % palette.length];
				return {
					name: s.name, type: "bar", stack: s.stack, itemStyle: { color: color },
					data: s.pts.map(function (p) { return point(p, color, log); })
				};
			})
		};
	}

	// saveAsImage is echarts' "save as image" tool, on every chart (as the
	// server-drawn charts have it), a PNG named after the chart.
	function saveAsImage(name) {
		return { show: true, right: 10, top: 0, feature: { saveAsImage: { show: true, type: "png", name: name, title: "保存为图片" } } };
	}

	function open(p) {
		if (p && p.r) window.location.href = "/report/" + p.r;
		else if (p && p.link) window.location.href = p.link;
	}

	// bars draws a grouped (and perhaps stacked) bar chart over regions.
	window.toumingBars = function (spec) {
		var el = document.getElementById(spec.id);
		var chart = echarts.init(el, null, { renderer: "canvas" });
		chart.setOption(barOption(spec, false));
		chart.on("click", function (params) {
			if (params.componentType === "xAxis") {
				var c = spec.cats.filter(function (c) { return params.value.indexOf(c.name) === 0; })[0];
				if (c && c.link) window.location.href = c.link;
				return;
			}
			open(params.data && params.data.p);
		});
		var box = document.getElementById(spec.id + "-log");
		if (box) {
			box.addEventListener("change", function () { chart.setOption(barOption(spec, box.checked), true); });
		}
		window.addEventListener("resize", function () { chart.resize(); });
	};

	// maps draws one map of a city per year, counties coloured by value
	// on one shared scale; counties without a number stay grey.
	window.toumingMaps = function (spec) {
		var box = document.getElementById(spec.id);
		fetch(spec.url).then(function (r) {
			if (!r.ok) throw new Error(spec.url + ": " + r.status);
			return r.json();
		}).then(function (j) {
			echarts.registerMap(spec.map, j.geo);
			spec.years.forEach(function (y, i) {
				var el = document.createElement("div");
				el.className = "map";
				el.id = spec.id + "-" + y.year;
				box.appendChild(el);
				var chart = echarts.init(el, null, { renderer: "canvas" });
				chart.setOption({
					animation: false,
					title: { text: String(y.year), left: "center", textStyle: { fontSize: 14 } },
					toolbox: saveAsImage(spec.id + "-" + y.year),
					tooltip: {
						trigger: "item", formatter: function (params) {
							var d = params.data;
							if (!d || d.value === null || d.value === undefined) return echarts.format.encodeHTML(params.name) + "：" + (d && d.m ? d.m : "无数据");
							var s = echarts.format.encodeHTML(params.name) + "：" + fmt(d.value, spec.unit);
							if (d.n !== undefined && d.n !== null) s += "<br>n = " + fmt(d.n, "");
							if (d.low) s += "<br>n 小于 " + spec.threshold + "，仅供参考";
							return s;
						}
					},
					visualMap: {
						show: i === spec.years.length - 1, min: spec.min, max: spec.max, calculable: false,
						left: "right", bottom: 10, text: [fmt(spec.max, spec.unit), fmt(spec.min, spec.unit)],
						inRange: { color: ["#deebf7", "#6baed6", "#08306b"] }
					},
					series: [{
						type: "map", map: spec.map, roam: false,
						label: { show: true, fontSize: 9, color: "#333" },
						itemStyle: { areaColor: "#eeeeee", borderColor: "#999" },
						emphasis: { label: { show: true } },
						data: y.data
					}]
				});
				chart.on("click", function (params) { open(params.data); });
				window.addEventListener("resize", function () { chart.resize(); });
			});
			box.setAttribute("data-drawn", spec.years.length);
		}).catch(function (e) {
			box.textContent = "地图未能画出：" + e.message;
		});
	};
})();
