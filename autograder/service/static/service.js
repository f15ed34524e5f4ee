// Live status of a submission: ask the API every second until it is graded, then show the
// feedback (the page itself, reloaded). Without JavaScript the page offers a refresh link.
(function () {
  "use strict";
  var box = document.querySelector("[data-live-submission]");
  if (!box) { return; }
  var id = box.getAttribute("data-live-submission");
  var said = box.querySelector("[data-status]");
  var waited = 0;
  function poll() {
    fetch("/api/submissions/" + id, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.status === "graded" || data.status === "error") {
          window.location.reload();
          return;
        }
        if (said && data.status) {
          said.textContent = box.getAttribute("data-label-" + data.status) || data.status;
        }
        waited += 1;
        window.setTimeout(poll, waited < 60 ? 1000 : 5000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 700);
})();
