// Draws the dashboard charts from the page's json_script data, again after each htmx swap.
(function () {
  "use strict";
  const charts = {};

  function draw(id, config) {
    const canvas = document.getElementById(id);
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
