// Portico live preview: listens to /__portico/events and reloads this page
// when its output changed, swaps stylesheets when only CSS did, and shows the
// build's error messages over the page (the last good page stays underneath)
// until a fix clears them. Added by `portico serve` only, never built.
(function () {
  "use strict";
  var here = decodeURIComponent(location.pathname);
  var overlay = null;

  function clearOverlay() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function showOverlay(message) {
    clearOverlay();
    overlay = document.createElement("div");
    overlay.id = "portico-live-error";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText =
      "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "margin:0;padding:1rem 1.25rem;background:#1f2328;color:#fff;border-top:4px solid #ff7b72;" +
      "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;";
    var title = document.createElement("strong");
    title.textContent = "Build failed — the last good version of the page is shown";
    var pre = document.createElement("pre");
    pre.style.cssText = "margin:0.5rem 0 0;white-space:pre-wrap;";
    pre.textContent = message;
    overlay.append(title, pre);
    document.body.appendChild(overlay);
  }

  function changed(event) {
    try {
      return JSON.parse(event.data).urls || [];
    } catch (e) {
      return ["*"];
    }
  }

  var source = new EventSource("/__portico/events");
  source.addEventListener("hello", clearOverlay);
  source.addEventListener("broken", function (event) {
    showOverlay(event.data);
  });
  source.addEventListener("css", function () {
    clearOverlay();
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("live", String(Date.now()));
      link.href = url.href;
    });
  });
  source.addEventListener("reload", function (event) {
    clearOverlay();
    var urls = changed(event);
    // Search index files are fetched per query; they never need a reload.
    var mine = urls.some(function (url) {
      return url === "*" || url === here || (!/(\/|\.html)$/.test(url) && url.indexOf("/search/") !== 0);
    });
    if (mine) location.reload();
  });
})();
