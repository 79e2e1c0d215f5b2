// Draws the dashboard's charts from /api/charts, fetched after the page has loaded (the page does not wait for them);
// each chart marks itself drawn for the browser tests. Household counts are whole numbers; axes show plain numbers.
(function () {
  const source = document.getElementById('chart-source');
  if (!source) return;
  if (!window.echarts) {
    for (const el of document.querySelectorAll('.chart[role=img]')) { el.removeAttribute('role'); el.removeAttribute('aria-label'); el.textContent = '图表无法显示'; }
    return;
  }
  const plain = v => Number(v).toLocaleString('en-US');
  const draw = (id, option) => {
    const el = document.getElementById(id);
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(option);
    el.dataset.drawn = 'true';
    window.addEventListener('resize', () => chart.resize());
  };
  // The same figures as a table for screen readers (a canvas says nothing): placed right after its chart, hidden on screen.
  const describe = (id, caption, headers, rows) => {
    const el = document.getElementById(id);
    if (!el) return;
    const table = document.createElement('table');
    table.id = id + '-table';
    table.className = 'visually-hidden';
    table.createCaption().textContent = caption;
    const head = table.createTHead().insertRow();
    for (const h of headers) { const th = document.createElement('th'); th.scope = 'col'; th.textContent = h; head.appendChild(th); }
    const body = table.createTBody();
    for (const r of rows) { const tr = body.insertRow(); for (const v of r) tr.insertCell().textContent = typeof v === 'number' ? plain(v) : v; }
    el.after(table);
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
      describe('chart-income', '人均纯收入分布（预计，有劳动力户）：各收入段户数', ['人均纯收入（元/人）', '户数'], d.bands.map((b, i) => [b, d.counts[i]]));
      describe('chart-channels', '清零对象各渠道覆盖户数', ['渠道', '户数'], d.channels.map(c => [c.name, c.value]));
      describe('chart-trend', '指标走势（各月末）', ['月份', ...d.trend.map(s => s.name)], d.months.map((m, i) => [m, ...d.trend.map(s => s.data[i] ?? '—')]));
    })
    .catch(() => {
      // No table follows: the message is read as text, not announced as a picture with figures after it.
      for (const id of ['chart-income', 'chart-channels', 'chart-trend']) {
        const el = document.getElementById(id);
        if (el) { el.removeAttribute('role'); el.removeAttribute('aria-label'); el.textContent = '图表数据暂时无法载入，请刷新重试'; }
      }
    });
})();
