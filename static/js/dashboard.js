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

  // A small repeating tile: the colour with white stripes, dots or a cross-hatch on it.
  function pattern(colour, kind) {
    const tile = document.createElement("canvas");
    tile.width = tile.height = 8;
    const pen = tile.getContext("2d");
    pen.fillStyle = colour;
    pen.fillRect(0, 0, 8, 8);
    pen.strokeStyle = pen.fillStyle = "rgba(255, 255, 255, 0.8)";
    pen.lineWidth = 1.5;
    if (kind === "stripes" || kind === "cross") {
      pen.beginPath(); pen.moveTo(0, 8); pen.lineTo(8, 0); pen.stroke();
    }
    if (kind === "cross") {
      pen.beginPath(); pen.moveTo(0, 0); pen.lineTo(8, 8); pen.stroke();
    }
    if (kind === "dots") {
      pen.beginPath(); pen.arc(4, 4, 1.5, 0, 2 * Math.PI); pen.fill();
    }
    return pen.createPattern(tile, "repeat");
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
          // Colour and a pattern (issue 21: colour is never the only carrier of meaning).
          backgroundColor: [
            pattern("#198754", "solid"), pattern("#fd7e14", "stripes"),
            pattern("#ffc107", "dots"), pattern("#dc3545", "cross"),
          ],
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
