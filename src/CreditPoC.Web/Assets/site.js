// Polls a job's progress and redraws its task table; no inline script anywhere (the CSP forbids it).
(function () {
  "use strict";
  function poll(box) {
    var url = box.getAttribute("data-progress");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        var body = box.querySelector("tbody");
        body.textContent = "";
        Object.keys(job.tasks).forEach(function (name) {
          var tr = document.createElement("tr");
          var a = document.createElement("td"); a.textContent = name;
          var b = document.createElement("td"); b.textContent = job.tasks[name];
          b.className = "status-" + job.tasks[name].split(":")[0];
          tr.appendChild(a); tr.appendChild(b); body.appendChild(tr);
        });
        var status = box.querySelector(".job-status");
        status.textContent = job.status + (job.error ? " — " + job.error : "");
        status.className = "job-status status-" + job.status;
        if (job.finished) {
          box.setAttribute("data-finished", "true");
          var done = box.querySelector(".job-done");
          if (done) done.hidden = false;
        } else {
          setTimeout(function () { poll(box); }, 1000);
        }
      })
      .catch(function () { setTimeout(function () { poll(box); }, 3000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-progress]").forEach(poll);
    document.querySelectorAll("[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (e) {
        if (!window.confirm(form.getAttribute("data-confirm"))) e.preventDefault();
      });
    });
  });
})();
