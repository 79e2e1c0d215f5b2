// Draws the dashboard's charts from /api/charts, fetched after the page has loaded (the page does not wait for them);
// each chart marks itself drawn for the browser tests. Household counts are whole numbers; axes show plain numbers.
(function () {
  const source = document.getElementById('chart-source');
  if (!source || !window.echarts) return;
  const plain = v => Number(v).toLocaleString('en-US');
  const draw = (id, option) => {
    const el = document.getElementById(id);
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(option);
    el.dataset.drawn = 'true';
    window.addEventListener('resize', () => chart.resize());
  };
  fetch(source.dataset.url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(r => { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(d => {
      draw('chart-income', {
        tooltip: {}, grid: { left: 40, right: 10, top: 20, bottom: 40 },
        xAxis: { type: 'category', data: d.bands, name: '元/人' },
        yAxis: { type: 'value', name: '户', minInterval: 1, axisLabel: { formatter: plain } },
        series: [{ type: 'bar', data: d.counts.map((v, i) => ({ value: v, itemStyle: { color: i < d.lineBand ? '#dc3545' : '#198754' } })),
          markLine: { symbol: 'none', data: [{ xAxis: d.lineBand, label: { formatter: '收入线' } }] } }]
      });
      draw('chart-channels', {
        tooltip: {}, grid: { left: 70, right: 10, top: 10, bottom: 30 },
        xAxis: { type: 'value', name: '户', minInterval: 1, axisLabel: { formatter: plain } }, yAxis: { type: 'category', data: d.channels.map(c => c.name) },
        series: [{ type: 'bar', data: d.channels.map(c => c.value), itemStyle: { color: '#198754' } }]
      });
      draw('chart-trend', {
        tooltip: { trigger: 'axis' }, legend: { bottom: 0, textStyle: { fontSize: 10 } }, grid: { left: 40, right: 10, top: 10, bottom: 60 },
        xAxis: { type: 'category', data: d.months }, yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: plain } },
        series: d.trend.map(s => ({ name: s.name, type: 'line', data: s.data }))
      });
    })
    .catch(() => { for (const id of ['chart-income', 'chart-channels', 'chart-trend']) { const el = document.getElementById(id); if (el) el.textContent = '图表数据暂时无法载入，请刷新重试'; } });
})();
