// Shows a clear message instead of a blank page when the WebAssembly module cannot be loaded
// or started (no WebAssembly support, a failed download, a start-up error). Runs before the app.
(function () {
  "use strict";
  function showError(message) {
    var box = document.querySelector('[data-testid="error-box"]');
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("data-testid", "error-box");
      box.setAttribute("role", "alert");
      box.className = "error-box";
      document.body.insertBefore(box, document.body.firstChild);
    }
    box.textContent = message; // text, never HTML
    var loading = document.getElementById("loading");
    if (loading) loading.remove();
  }
  if (typeof WebAssembly !== "object") {
    document.addEventListener("DOMContentLoaded", function () {
      showError("Hopfield Lab needs WebAssembly, which this browser does not provide.");
    });
    return;
  }
  window.addEventListener("unhandledrejection", function (event) {
    var reason = event.reason && event.reason.message ? event.reason.message : String(event.reason);
    showError("Hopfield Lab could not start: " + reason);
  });
  window.addEventListener("error", function (event) {
    if (event.message && /wasm|WebAssembly|unreachable/i.test(event.message)) {
      showError("Hopfield Lab stopped: " + event.message);
    }
  });
})();
