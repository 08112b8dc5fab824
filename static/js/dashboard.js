// Trend charts of the supervisors' dashboard (Chart.js, served locally). Data: the json_script
// element "trend-data" written by reports.views.dashboard.
(function () {
  "use strict";
  var node = document.getElementById("trend-data");
  if (!node || typeof Chart === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var colours = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1"];
  var trend = document.getElementById("trend-chart");
  if (trend) {
    new Chart(trend, {
      data: {
        labels: data.months,
        datasets: data.series.map(function (s, i) {
          return {
            type: s.axis === "money" ? "line" : "bar", label: s.label, data: s.data.map(Number),  // amounts come as decimal strings
            backgroundColor: colours[i], borderColor: colours[i], yAxisID: s.axis === "money" ? "money" : "count"
          };
        })
      },
      options: {
        animation: false, responsive: true,
        scales: { count: { position: "left", beginAtZero: true }, money: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } } }
      }
    });
  }
  var petitions = document.getElementById("petition-chart");
  if (petitions) {
    new Chart(petitions, {
      type: "line",
      data: { labels: data.months, datasets: [{ label: data.petitions.label, data: data.petitions.data, borderColor: colours[3], backgroundColor: colours[3] }] },
      options: { animation: false, responsive: true, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  window.dashboardCharts = Chart.instances ? Object.keys(Chart.instances).length : 0;
}());
