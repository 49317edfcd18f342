/* Charts for the supervisor console as inline SVG strings: no library, nothing fetched. Each chart is an image with
   a text name (role="img", aria-label); the console puts the same numbers in a table beside it. Colours keep 3:1
   against white (WCAG 1.4.11) and lines also differ by dash, so they part without colour. */
var Charts = (function () {
  'use strict';

  var COLOURS = ['#0b5cad', '#b3261e', '#1e7a3a', '#6a3d9a', '#8a4f00', '#005f73', '#3d4650'];
  var DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4', '4 4'];

  function esc(v) {
    return String(v == null ? '' : v).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function n(x) { return Math.round(x * 10) / 10; }

  /** A bar chart: data is [[label, value], ...]; format(value) is the text on and over each bar. */
  function bars(data, format, label) {
    var w = 560, h = 230, pad = 30, count = Math.max(data.length, 1);
    var max = data.reduce(function (m, d) { return Math.max(m, d[1] || 0); }, 0) || 1;
    var bw = (w - pad * 2) / count;
    var svg = '<svg class="chart" viewBox="0 0 ' + w + ' ' + h + '" role="img" aria-label="' + esc(label) + '">'
      + '<line x1="' + pad + '" y1="' + (h - pad) + '" x2="' + (w - pad) + '" y2="' + (h - pad)
      + '" stroke="#5b6570"/>';
    data.forEach(function (d, i) {
      var v = d[1] || 0;
      var bh = (h - pad * 2) * v / max;
      var x = pad + i * bw + bw * 0.15;
      svg += '<rect x="' + n(x) + '" y="' + n(h - pad - bh) + '" width="' + n(bw * 0.7) + '" height="' + n(bh)
        + '" fill="' + COLOURS[0] + '"><title>' + esc(d[0]) + ': ' + esc(format(d[1])) + '</title></rect>'
        + '<text x="' + n(x + bw * 0.35) + '" y="' + (h - pad + 15) + '" text-anchor="middle">' + esc(d[0]) + '</text>'
        + '<text x="' + n(x + bw * 0.35) + '" y="' + n(h - pad - bh - 5) + '" text-anchor="middle">'
        + esc(format(d[1])) + '</text>';
    });
    return svg + '</svg>';
  }

  /**
   * A line chart: categories are the x labels; series is [{name, values: [number|null, ...]}]; format(value) labels
   * the y axis, and pointFormat(value) (default format) the points' titles; max (optional) fixes the top of the y
   * axis (1 for shares).
   */
  function lines(categories, series, format, label, max, pointFormat) {
    var point = pointFormat || format;
    var w = 1100, h = 300, left = 70, right = 16, top = 16, bottom = 40;
    var legendRows = Math.ceil(series.length / 4);
    var fullH = h + legendRows * 20 + 8;
    var top0 = max;
    if (top0 == null) {
      top0 = 0;
      series.forEach(function (s) { s.values.forEach(function (v) { if (v != null && v > top0) { top0 = v; } }); });
      top0 = top0 || 1;
    }
    var plotW = w - left - right, plotH = h - top - bottom;
    var step = categories.length > 1 ? plotW / (categories.length - 1) : 0;
    function x(i) { return categories.length > 1 ? left + i * step : left + plotW / 2; }
    function y(v) { return top + plotH - plotH * v / top0; }
    var svg = '<svg class="chart" viewBox="0 0 ' + w + ' ' + fullH + '" role="img" aria-label="' + esc(label) + '">';
    for (var g = 0; g <= 4; g++) {
      var gv = top0 * g / 4;
      svg += '<line x1="' + left + '" x2="' + (w - right) + '" y1="' + n(y(gv)) + '" y2="' + n(y(gv))
        + '" stroke="' + (g === 0 ? '#5b6570' : '#d9dee3') + '"/>'
        + '<text x="' + (left - 6) + '" y="' + n(y(gv) + 4) + '" text-anchor="end">' + esc(format(gv)) + '</text>';
    }
    var every = Math.max(1, Math.ceil(categories.length / 24));
    categories.forEach(function (c, i) {
      if (i % every === 0 || i === categories.length - 1) {
        svg += '<text x="' + n(x(i)) + '" y="' + (h - bottom + 18) + '" text-anchor="middle">' + esc(c) + '</text>';
      }
    });
    series.forEach(function (s, k) {
      var colour = COLOURS[k % COLOURS.length];
      var dash = DASHES[k % DASHES.length];
      var path = '';
      var pen = false;
      s.values.forEach(function (v, i) {
        if (v == null) { pen = false; return; }
        path += (pen ? ' L' : ' M') + n(x(i)) + ' ' + n(y(v));
        pen = true;
      });
      if (path) {
        svg += '<path d="' + path.trim() + '" fill="none" stroke="' + colour + '" stroke-width="2.5"'
          + (dash ? ' stroke-dasharray="' + dash + '"' : '') + '/>';
      }
      s.values.forEach(function (v, i) {
        if (v == null) { return; }
        svg += '<circle cx="' + n(x(i)) + '" cy="' + n(y(v)) + '" r="3.5" fill="' + colour + '"><title>' + esc(s.name)
          + ', ' + esc(categories[i]) + ': ' + esc(point(v)) + '</title></circle>';
      });
      var lx = left + (k % 4) * (plotW / 4);
      var ly = h + 4 + Math.floor(k / 4) * 20;
      svg += '<line x1="' + n(lx) + '" x2="' + n(lx + 28) + '" y1="' + (ly + 6) + '" y2="' + (ly + 6) + '" stroke="'
        + colour + '" stroke-width="2.5"' + (dash ? ' stroke-dasharray="' + dash + '"' : '') + '/>'
        + '<text x="' + n(lx + 34) + '" y="' + (ly + 10) + '">' + esc(s.name) + '</text>';
    });
    return svg + '</svg>';
  }

  return { bars: bars, lines: lines };
})();
