// Draws a unit's scores period by period on the 考核 page, from the numbers the page carries (the table below the
// chart holds the same figures, for print and screen readers); marks itself drawn for the browser tests.
(function () {
  const el = document.getElementById('trend-chart');
  if (!el || !window.echarts) return;
  const periods = JSON.parse(el.dataset.periods);
  const scores = JSON.parse(el.dataset.scores);
  const chart = echarts.init(el, null, { renderer: 'canvas' });
  chart.setOption({
    tooltip: { trigger: 'axis', valueFormatter: v => (v == null ? '—' : v + '分') },
    grid: { left: 40, right: 16, top: 16, bottom: 40 },
    xAxis: { type: 'category', data: periods, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', min: 0, max: 100, name: '分' },
    series: [{ type: 'line', data: scores, connectNulls: false, symbolSize: 8, label: { show: true, fontSize: 10 }, itemStyle: { color: '#198754' } }]
  });
  el.dataset.drawn = 'true';
  window.addEventListener('resize', () => chart.resize());
})();
