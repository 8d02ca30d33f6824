// Atelier console: the dashboard's charts and the live parts (job board), by polling.
(function () {
  'use strict';

  function get(url) {
    return fetch(url, {headers: {'Accept': 'application/json'}, credentials: 'same-origin'}).then(function (r) {
      if (r.status === 401) { window.location = '/admin/login'; throw new Error('signed out'); }
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    });
  }

  function label(iso, range) {
    var d = new Date(iso);
    var hm = d.toISOString().substring(11, 16);
    return range === 'week' ? d.toISOString().substring(5, 10) + ' ' + hm : hm;
  }

  function text(id, value) {
    var el = document.getElementById(id);
    if (el) el.textContent = value;
  }

  function dashboard(root) {
    var range = root.getAttribute('data-range') || 'hour';
    var charts = {};
    var palette = ['#4f46e5', '#059669', '#d97706', '#dc2626', '#0891b2', '#7c3aed'];

    function draw(stats) {
      var labels = stats.buckets.map(function (b) { return label(b.at, range); });
      var jobs = stats.buckets.map(function (b) { return b.jobs; });
      var failed = stats.buckets.map(function (b) { return b.failed; });
      var p50 = stats.buckets.map(function (b) { return b.p50Seconds; });
      var p95 = stats.buckets.map(function (b) { return b.p95Seconds; });
      var platforms = Object.keys(stats.activeUsers);
      var users = platforms.map(function (p) { return stats.activeUsers[p]; });
      text('stat-jpm', stats.jobsPerMinute);
      text('stat-queued', stats.queued);
      text('stat-running', stats.running);
      text('stat-p50', stats.p50Seconds == null ? '–' : stats.p50Seconds + ' s');
      text('stat-p95', stats.p95Seconds == null ? '–' : stats.p95Seconds + ' s');
      text('stat-failed', stats.failed);
      text('stat-jobs', stats.jobs);
      text('stat-users', users.reduce(function (a, b) { return a + b; }, 0));
      text('stat-platforms', platforms.map(function (p) { return p + ' ' + stats.activeUsers[p]; }).join(' '));
      text('stat-updated', 'Updated ' + new Date().toLocaleTimeString());
      if (typeof Chart === 'undefined') return;
      var base = {responsive: true, maintainAspectRatio: false, animation: false,
        plugins: {legend: {position: 'bottom'}}, scales: {y: {beginAtZero: true}}};
      update('jobs', 'chart-jobs', 'bar', labels, [
        {label: 'Jobs', data: jobs, backgroundColor: '#818cf8'},
        {label: 'Failed', data: failed, backgroundColor: '#f87171'}], base);
      update('time', 'chart-time', 'line', labels, [
        {label: 'p50', data: p50, borderColor: '#059669', spanGaps: true},
        {label: 'p95', data: p95, borderColor: '#d97706', spanGaps: true}], base);
      update('users', 'chart-users', 'doughnut', platforms, [
        {label: 'Users', data: users, backgroundColor: palette}], {responsive: true, maintainAspectRatio: false,
        animation: false, plugins: {legend: {position: 'bottom'}}});
    }

    function update(key, canvasId, type, labels, datasets, options) {
      var canvas = document.getElementById(canvasId);
      if (!canvas) return;
      if (!charts[key]) {
        charts[key] = new Chart(canvas, {type: type, data: {labels: labels, datasets: datasets}, options: options});
        canvas.setAttribute('data-drawn', 'true');
      } else {
        charts[key].data.labels = labels;
        charts[key].data.datasets.forEach(function (d, i) { d.data = datasets[i].data; });
        charts[key].update();
      }
    }

    function poll() {
      get('/admin/api/stats?range=' + encodeURIComponent(range)).then(draw).catch(function () { });
    }
    poll();
    setInterval(poll, 5000);
  }

  function live(el) {
    var url = el.getAttribute('data-live');
    setInterval(function () {
      // Not while someone is about to press a button in it.
      if (el.matches(':hover') || el.contains(document.activeElement)) return;
      fetch(url, {headers: {'Accept': 'text/html', 'HX-Request': 'true'}, credentials: 'same-origin'}).then(function (r) {
        if (r.status === 401) { window.location = '/admin/login'; return null; }
        return r.ok ? r.text() : null;
      }).then(function (html) { if (html) el.innerHTML = html; }).catch(function () { });
    }, 2000);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var root = document.getElementById('dashboard');
    if (root) dashboard(root);
    document.querySelectorAll('[data-live]').forEach(live);
  });
})();
