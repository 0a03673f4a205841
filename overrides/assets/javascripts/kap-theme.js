/* The theme's small start-up scripts, moved out of the pages so that the site's
   Content-Security-Policy can refuse every inline script (hooks/kapguide/headers.py).
   Each <script> tag that loads this file says which part to run (data-kap-run); the code
   of each part is Material for MkDocs' own, from its partials/javascripts/*.html. */
(function () {
  "use strict";
  var script = document.currentScript;
  var run = script && script.getAttribute("data-kap-run");

  if (run === "base") {
    /* Where the theme keeps its settings: this site's own path, so two sites on one host never share them. */
    window.__md_scope = new URL(script.getAttribute("data-md-scope"), location);
    window.__md_hash = function (e) {
      return Array.from(e).reduce(function (a, c) { return (a << 5) - a + c.charCodeAt(0); }, 0);
    };
    window.__md_get = function (e, storage, scope) {
      storage = storage || localStorage; scope = scope || window.__md_scope;
      return JSON.parse(storage.getItem(scope.pathname + "." + e));
    };
    window.__md_set = function (e, value, storage, scope) {
      storage = storage || localStorage; scope = scope || window.__md_scope;
      try { storage.setItem(scope.pathname + "." + e, JSON.stringify(value)); } catch (error) { /* full or blocked */ }
    };
  } else if (run === "palette") {
    var palette = window.__md_get("__palette");
    if (palette && palette.color) {
      if (palette.color.media === "(prefers-color-scheme)") {
        var media = matchMedia("(prefers-color-scheme: light)");
        var input = document.querySelector(media.matches
          ? "[data-md-color-media='(prefers-color-scheme: light)']"
          : "[data-md-color-media='(prefers-color-scheme: dark)']");
        palette.color.media = input.getAttribute("data-md-color-media");
        palette.color.scheme = input.getAttribute("data-md-color-scheme");
        palette.color.primary = input.getAttribute("data-md-color-primary");
        palette.color.accent = input.getAttribute("data-md-color-accent");
      }
      Object.keys(palette.color).forEach(function (key) {
        document.body.setAttribute("data-md-color-" + key, palette.color[key]);
      });
    }
  } else if (run === "content") {
    if (script.hasAttribute("data-kap-tabs-link")) {
      var tabs = window.__md_get("__tabs");
      if (Array.isArray(tabs)) {
        document.querySelectorAll(".tabbed-set").forEach(function (set) {
          var labels = set.querySelector(".tabbed-labels");
          var done = false;
          tabs.forEach(function (tab) {
            if (done || !labels) return;
            Array.prototype.forEach.call(labels.getElementsByTagName("label"), function (label) {
              if (!done && label.innerText.trim() === tab) {
                document.getElementById(label.htmlFor).checked = true;
                done = true;
              }
            });
          });
        });
      }
    }
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
  } else if (run === "announce") {
    var banner = document.querySelector("[data-md-component=announce]");
    if (banner) {
      var content = banner.querySelector(".md-typeset");
      if (window.__md_hash(content.innerHTML) === window.__md_get("__announce")) banner.hidden = true;
    }
  } else if (run === "outdated") {
    var outdatedBanner = document.querySelector("[data-md-component=outdated]");
    var base = new URL(script.getAttribute("data-md-base"), location);
    if (window.__md_get("__outdated", sessionStorage, base) === true && outdatedBanner) outdatedBanner.hidden = false;
  }
})();
