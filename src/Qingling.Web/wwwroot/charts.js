// Draws the dashboard's charts from the JSON the page embeds; each chart marks itself drawn for the browser tests.
(function () {
  const source = document.getElementById('chart-data');
  if (!source || !window.echarts) return;
  const d = JSON.parse(source.textContent);
  const draw = (id, option) => {
    const el = document.getElementById(id);
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(option);
    el.dataset.drawn = 'true';
    window.addEventListener('resize', () => chart.resize());
  };
  const lineBand = d.bands.indexOf((d.line / 1000) + '千');
  draw('chart-income', {
    tooltip: {}, grid: { left: 40, right: 10, top: 20, bottom: 40 },
    xAxis: { type: 'category', data: d.bands, name: '元/人' }, yAxis: { type: 'value', name: '户' },
    series: [{ type: 'bar', data: d.counts.map((v, i) => ({ value: v, itemStyle: { color: i < lineBand ? '#dc3545' : '#198754' } })),
      markLine: { symbol: 'none', data: [{ xAxis: lineBand, label: { formatter: '收入线' } }] } }]
  });
  draw('chart-channels', {
    tooltip: {}, grid: { left: 70, right: 10, top: 10, bottom: 30 },
    xAxis: { type: 'value', name: '户' }, yAxis: { type: 'category', data: d.channels.map(c => c.name) },
    series: [{ type: 'bar', data: d.channels.map(c => c.value), itemStyle: { color: '#198754' } }]
  });
  draw('chart-trend', {
    tooltip: { trigger: 'axis' }, legend: { bottom: 0, textStyle: { fontSize: 10 } }, grid: { left: 30, right: 10, top: 10, bottom: 60 },
    xAxis: { type: 'category', data: d.months }, yAxis: { type: 'value' },
    series: d.series.map(s => ({ name: s.name, type: 'line', data: s.data }))
  });
})();
