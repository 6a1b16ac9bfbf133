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
    showFallback(box);
  }
  // The pre-drawn figures of index.html's <noscript> (its markup, written by the app's authors,
  // arrives as text when scripts run), shown after the error box when the wasm cannot start.
  function showFallback(box) {
    var noscript = document.querySelector("noscript");
    if (!noscript || document.querySelector('body > [data-testid="fallback"]')) return;
    var parsed = new DOMParser().parseFromString(noscript.textContent, "text/html");
    var figures = parsed.querySelector('[data-testid="fallback"]');
    if (figures) box.after(document.adoptNode(figures));
  }
  // Anything the Content-Security-Policy blocks is logged and kept in
  // window.hopfieldCspViolations (read by the end-to-end tests; it should stay empty).
  window.hopfieldCspViolations = [];
  document.addEventListener("securitypolicyviolation", function (event) {
    var what = event.violatedDirective + " blocked " + (event.blockedURI || "inline");
    window.hopfieldCspViolations.push(what);
    console.error("Content-Security-Policy: " + what);
  });
  // Called by start.js when loading or starting the wasm module fails.
  window.hopfieldBootFailed = showError;
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
    // A panic has already filled the error box (with its reload link): keep that message.
    if (document.querySelector('[data-testid="error-box"]')) return;
    if (event.message && /wasm|WebAssembly|unreachable/i.test(event.message)) {
      showError("Hopfield Lab stopped: " + event.message);
    }
  });
})();
