// Follow a background job: move the progress bar, then open the result when it is done.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-url]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var percent = box.querySelector("[data-job-percent]");
  var error = box.querySelector("[data-job-error]");
  var delay = 700;

  function poll() {
    fetch(box.dataset.jobUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (job) {
        bar.value = job.progress;
        // The page's language writes the percentage, as the server did ("45%").
        percent.textContent = new Intl.NumberFormat(document.documentElement.lang || "vi",
          { style: "percent", maximumFractionDigits: 0 }).format(job.progress);
        if (job.status === "done") {
          window.location.assign(box.dataset.doneUrl);
        } else if (job.status === "failed") {
          // The page, reloaded, says why and offers to run the job again.
          error.textContent = job.message || "";
          error.hidden = false;
          window.location.assign(box.dataset.doneUrl);
        } else {
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () { window.setTimeout(poll, delay * 3); });  // offline for a moment: try again later
  }
  window.setTimeout(poll, delay);
}());
