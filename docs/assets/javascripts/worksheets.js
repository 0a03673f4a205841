/* Worksheets on screen: answers are kept in this browser's localStorage only,
   under one key per worksheet (data-kap-storage-key). Nothing is ever sent.
   Keys start with the site's own path (for example "/kap-guide/"), so two guides
   served from one address (such as two sites on one *.github.io) never read each
   other's answers. Works with Material's instant loading (document$) and without it. */
(function () {
  "use strict";

  /* This file is at <site>/assets/javascripts/worksheets.js: the site's path is two folders up. */
  var script = document.currentScript;
  var sitePath = script && script.src ? new URL("../../", script.src).pathname : "/";

  function scoped(key) {
    return sitePath + key;
  }

  /* Answers saved before keys were scoped move to the scoped key once. */
  function moveLegacy(key) {
    try {
      var old = window.localStorage.getItem(key);
      if (old !== null && window.localStorage.getItem(scoped(key)) === null) {
        window.localStorage.setItem(scoped(key), old);
      }
      if (old !== null) window.localStorage.removeItem(key);
    } catch (error) {
      /* storage blocked: nothing to move */
    }
  }

  function fields(sheet) {
    return sheet.querySelectorAll("input[name], textarea[name]");
  }

  function load(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "{}") || {};
    } catch (error) {
      return {};
    }
  }

  function save(key, sheet) {
    var answers = {};
    fields(sheet).forEach(function (field) {
      if (field.type === "checkbox") {
        if (field.checked) answers[field.name] = true;
      } else if (field.type === "radio") {
        if (field.checked) answers[field.name] = field.value;
      } else if (field.value) {
        answers[field.name] = field.value;
      }
    });
    try {
      if (Object.keys(answers).length) {
        window.localStorage.setItem(key, JSON.stringify(answers));
      } else {
        window.localStorage.removeItem(key);
      }
    } catch (error) {
      /* storage full or blocked: answers still stay on screen */
    }
  }

  function markEmpty(field) {
    /* An empty date prints as a blank line, not as "mm/dd/yyyy" (see worksheets.css) */
    if (field.type === "date") field.toggleAttribute("data-empty", !field.value);
  }

  function restore(key, sheet) {
    var answers = load(key);
    fields(sheet).forEach(function (field) {
      var value = answers[field.name];
      if (field.type === "checkbox") field.checked = value === true;
      else if (field.type === "radio") field.checked = value === field.value;
      else field.value = typeof value === "string" ? value : "";
      markEmpty(field);
    });
  }

  function setUp(sheet) {
    if (sheet.dataset.kapReady) return;
    sheet.dataset.kapReady = "1";
    moveLegacy(sheet.dataset.kapStorageKey);
    var key = scoped(sheet.dataset.kapStorageKey);
    var status = sheet.querySelector(".kap-ws__status");
    restore(key, sheet);
    sheet.addEventListener("input", function (event) { markEmpty(event.target); save(key, sheet); });
    sheet.addEventListener("change", function () { save(key, sheet); });
    var clear = sheet.querySelector(".kap-ws__clear");
    if (clear) {
      clear.addEventListener("click", function () {
        try { window.localStorage.removeItem(key); } catch (error) { /* nothing stored */ }
        restore(key, sheet);
        if (status) status.textContent = "Your answers have been cleared from this device.";
      });
    }
    var print = sheet.querySelector(".kap-ws__print");
    if (print) print.addEventListener("click", function () { window.print(); });
  }

  function start() {
    document.querySelectorAll("[data-kap-worksheet]").forEach(setUp);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
