// Draws the dashboard charts from the page's json_script data, again after each htmx swap.
// The canvases are found by data-chart, not by id: htmx settles an element that keeps its id
// by copying the old one's attributes, Chart.js's style among them, which the CSP refuses.
(function () {
  "use strict";
  const charts = {};

  function draw(id, config) {
    const canvas = document.querySelector(`canvas[data-chart="${id}"]`);
    if (charts[id]) {
      charts[id].destroy();
      delete charts[id];
    }
    if (canvas && window.Chart) {
      charts[id] = new window.Chart(canvas, config);
    }
  }

  function render() {
    const source = document.getElementById("dashboard-charts");
    if (!source) {
      return;
    }
    const data = JSON.parse(source.textContent);
    const common = { responsive: true, maintainAspectRatio: false, animation: false };
    draw("breakdown-chart", {
      type: "doughnut",
      data: {
        labels: data.breakdown.labels,
        datasets: [{
          data: data.breakdown.values,
          backgroundColor: ["#198754", "#fd7e14", "#ffc107", "#dc3545"],
        }],
      },
      options: { ...common, plugins: { legend: { position: "bottom" } } },
    });
    draw("trend-chart", {
      type: "line",
      data: {
        labels: data.trend.labels,
        datasets: [{
          label: data.trend.label,
          data: data.trend.values,
          borderColor: "#9b1c1c",
          backgroundColor: "#9b1c1c",
          spanGaps: true,
        }],
      },
      options: {
        ...common,
        scales: { y: { min: 0, max: 100 } },
        plugins: { legend: { display: false } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", render);
  document.addEventListener("htmx:afterSettle", render);
})();
