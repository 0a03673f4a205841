/* Worksheets on screen: answers are kept in this browser's localStorage only,
   under one key per worksheet (data-kap-storage-key). Nothing is ever sent.
   Keys start with the site's own path (for example "/kap-guide/"), so two guides
   served from one address (such as two sites on one *.github.io) never read each
   other's answers. Works with Material's instant loading (document$) and without it. */
(function () {
  "use strict";

  /* This file is at <site>/assets/javascripts/worksheets.js: the site's path is two folders up. A guide in another
     language (site/es/) keeps its answers with the main language's (data-kap-main-site="../", printed by
     overrides/worksheet.html), so an answer written on the English page shows on the Spanish one too. */
  var script = document.currentScript;
  var mainSite = script && script.dataset.kapMainSite === "../" ? "../" : "";
  var sitePath = script && script.src ? new URL("../../" + mainSite, script.src).pathname : "/";

  /* The messages, in the page's language: overrides/worksheet.html prints them as JSON from
     hooks/kapguide/worksheet_text.py (its "js_" words). These English ones stand in for any the page lacks;
     a test (tests/test_worksheets_es.py) keeps them the same as the Python ones. */
  var WORDS = {
    "clear_none": "There were no answers to clear.",
    "cleared": "Your answers are cleared from this device. You can undo this for {seconds} seconds.",
    "answers_back": "Your answers are back.",
    "week_empty": "This week is still empty, so there is nothing to file away yet.",
    "week_not_saved": "This browser could not save the week, so your answers are still here.",
    "week_filed": "Last week is filed away on this device. This week starts empty.",
    "past_weeks_one": "You have 1 past week saved on this device.",
    "past_weeks_other": "You have {count} past weeks saved on this device.",
    "yes": "Yes",
    "call": "Call {number}",
    "week_starting": "Week starting {date}",
    "week": "Week {number}",
    "week_filed_on": "Week {number}, filed away on {date}",
    "this_week": "This week",
    "past_week": "Past week: {title}",
    "chart_one": "Line chart of {names}, day by day over 1 week, from 0 at the bottom to 10 at the top. The numbers are below the chart.",
    "chart_other": "Line chart of {names}, day by day over {count} weeks, from 0 at the bottom to 10 at the top. The numbers are below the chart.",
    "average_one": "{label}: about {average} on average.",
    "average_none": "{label}: no numbers yet.",
    "first_and_latest": "{label}: {first} in the first week, {latest} in the latest week.",
    "about": "about {value}",
    "no_numbers": "no numbers",
    "average_caption": "Average for each week",
    "week_column": "Week",
    "none": "none",
    "nothing_to_save": "There are no answers on this device to save yet.",
    "file_name": "my-answers-{date}.json",
    "saved_file": "Your answers are saved in a file called {name}. Look for it in your downloads. Keep it somewhere private.",
    "refused": "This file is not a file of saved answers from this guide, so nothing was loaded. Your answers on this device have not changed.",
    "loaded_one": "Your answers from the file are loaded: 1 worksheet. They replace what was on this device for those worksheets. You can undo this for {seconds} seconds.",
    "loaded_other": "Your answers from the file are loaded: {count} worksheets. They replace what was on this device for those worksheets. You can undo this for {seconds} seconds.",
    "before_back": "The answers from before are back.",
    "nothing_deleted": "Nothing was deleted.",
    "all_deleted": "Everything is deleted from this device."
  };
  (function () {
    /* the template's (overrides/worksheet.html): a page's text can hold no <script>, so no page can stand in for it */
    var element = document.querySelector('body > script#kap-worksheet-text[type="application/json"]');
    try {
      var given = element ? JSON.parse(element.textContent) : {};
      Object.keys(WORDS).forEach(function (key) { if (typeof given[key] === "string") WORDS[key] = given[key]; });
    } catch (error) {
      /* the English words stay */
    }
  })();
  var LANGUAGE = document.documentElement.lang || undefined;

  /* A message with its {name} places filled in from ``values``. */
  function words(key, values) {
    return WORDS[key].replace(/\{(\w+)\}/g, function (place, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : place;
    });
  }

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

  var UNDO_SECONDS = 10;

  function weeksKey(key) {
    return key + ":weeks";
  }

  function loadWeeks(key) {
    try {
      var weeks = JSON.parse(window.localStorage.getItem(weeksKey(key)) || "[]");
      return Array.isArray(weeks) ? weeks : [];
    } catch (error) {
      return [];
    }
  }

  function saveWeeks(key, weeks) {
    try {
      if (weeks.length) window.localStorage.setItem(weeksKey(key), JSON.stringify(weeks));
      else window.localStorage.removeItem(weeksKey(key));
      return true;
    } catch (error) {
      return false;
    }
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  /* What a button did, said in the live region; with an Undo button for a while when there is something to undo. */
  function announcer(sheet, homeSelector) {
    var status = sheet.querySelector(".kap-ws__status");
    var text = status && status.querySelector(".kap-ws__status-text");
    var undo = status && status.querySelector(".kap-ws__undo");
    var timer = null;
    var undoing = null;
    if (undo) {
      undo.addEventListener("click", function () {
        var action = undoing;
        hideUndo();
        if (action) action();
      });
    }
    function hideUndo() {
      if (timer) window.clearTimeout(timer);
      timer = null;
      undoing = null;
      if (undo) {
        var hadFocus = document.activeElement === undo;
        undo.hidden = true;
        if (hadFocus) {
          var home = sheet.querySelector(homeSelector);
          if (home) home.focus();
        }
      }
    }
    return function say(message, onUndo) {
      hideUndo();
      if (text) text.textContent = message;
      else if (status) status.textContent = message;
      if (onUndo && undo) {
        undoing = onUndo;
        undo.hidden = false;
        undo.focus();
        timer = window.setTimeout(hideUndo, UNDO_SECONDS * 1000);
      }
    };
  }

  function setUp(sheet) {
    if (sheet.dataset.kapReady) return;
    sheet.dataset.kapReady = "1";
    moveLegacy(sheet.dataset.kapStorageKey);
    var key = scoped(sheet.dataset.kapStorageKey);
    var say = announcer(sheet, ".kap-ws__clear");
    restore(key, sheet);
    sheet.addEventListener("input", function (event) { markEmpty(event.target); save(key, sheet); });
    sheet.addEventListener("change", function () { save(key, sheet); });
    var clear = sheet.querySelector(".kap-ws__clear");
    if (clear) {
      clear.addEventListener("click", function () {
        var kept = null;
        try { kept = window.localStorage.getItem(key); } catch (error) { /* nothing stored */ }
        try { window.localStorage.removeItem(key); } catch (error) { /* nothing stored */ }
        restore(key, sheet);
        if (kept === null) {
          say(words("clear_none"));
          return;
        }
        say(words("cleared", { seconds: UNDO_SECONDS }),
          function () {
            try { window.localStorage.setItem(key, kept); } catch (error) { /* storage blocked */ }
            restore(key, sheet);
            say(words("answers_back"));
          });
      });
    }
    var newWeek = sheet.querySelector(".kap-ws__new-week");
    if (newWeek) {
      newWeek.addEventListener("click", function () {
        var answers = load(key);
        if (!Object.keys(answers).length) {
          say(words("week_empty"));
          return;
        }
        var weeks = loadWeeks(key);
        weeks.push({ filed: today(), answers: answers });
        if (!saveWeeks(key, weeks)) {
          say(words("week_not_saved"));
          return;
        }
        try { window.localStorage.removeItem(key); } catch (error) { /* nothing stored */ }
        restore(key, sheet);
        showWeeks(key, sheet);
        say(words("week_filed"));
      });
    }
    showWeeks(key, sheet);
    var print = sheet.querySelector(".kap-ws__print");
    if (print) print.addEventListener("click", function () { window.print(); });
  }

  function showWeeks(key, sheet) {
    var note = sheet.querySelector(".kap-ws__weeks");
    if (!note) return;
    var count = loadWeeks(key).length;
    note.hidden = count === 0;
    note.querySelector(".kap-ws__weeks-text").textContent = count === 1
      ? words("past_weeks_one")
      : words("past_weeks_other", { count: count });
  }

  /* ---------- "My answers" (worksheets/my-answers/): everything this browser keeps, to read, print,
     save to a file, load from a file or delete. Saved text is only ever put in as text (textContent). ---------- */
  var FILE_FORMAT = "kap-guide-answers";
  var FILE_VERSION = 1;
  var MAX_FILE_BYTES = 5 * 1024 * 1024;
  var MAX_TEXT = 20000;
  var MAX_WEEKS = 520;
  var SVG = "http://www.w3.org/2000/svg";
  var RATING = /^\s*(10|[0-9])\s*$/;
  var DATE = /^\d{4}-\d{2}-\d{2}$/;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svgElement(tag, attributes) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, String(attributes[name])); });
    return node;
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function has(object, name) {
    return Object.prototype.hasOwnProperty.call(object, name);
  }

  function niceDate(iso) {
    if (typeof iso !== "string" || !DATE.test(iso)) return "";
    var date = new Date(iso + "T12:00:00");
    if (isNaN(date.getTime())) return iso;
    return date.toLocaleDateString(LANGUAGE, { day: "numeric", month: "long", year: "numeric" });
  }

  /* A number the patient wrote in a contacts line, as a link to call it (digits only, like the build's tel: links). */
  function callLink(text) {
    var found = /\+?\d[\d ().\-]{4,}\d/.exec(text);
    if (!found) return null;
    var digits = (found[0].charAt(0) === "+" ? "+" : "") + found[0].replace(/\D/g, "");
    var link = element("a", "kap-answers__call", words("call", { number: found[0] }));
    link.href = "tel:" + digits;
    return link;
  }

  function storedSheets(root) {
    return Array.prototype.map.call(root.querySelectorAll("[data-kap-answers-sheet]"), function (section) {
      var names = {};
      section.querySelectorAll("[data-kap-answer]").forEach(function (row) { names[row.dataset.kapAnswer] = true; });
      return { id: section.dataset.kapAnswersSheet, key: scoped(section.dataset.kapStorageKey), section: section,
               names: names, keepsWeeks: has(section.dataset, "kapKeepsWeeks") };
    });
  }

  function weeksWithAnswers(key) {
    return loadWeeks(key).filter(function (week) { return isObject(week) && isObject(week.answers); });
  }

  /* The worksheet's labels with the answers put in as text; null when none of them is answered. */
  function answeredList(section, answers) {
    var list = section.querySelector(".kap-answers__labels").cloneNode(true);
    list.hidden = false;
    list.className = "kap-answers__list";
    var any = false;
    list.querySelectorAll("[data-kap-answer]").forEach(function (row) {
      var name = row.dataset.kapAnswer;
      var value = has(answers, name) ? answers[name] : null;
      if (value === true) value = words("yes");
      if (typeof value !== "string" || !value.trim()) { row.remove(); return; }
      any = true;
      var answer = row.querySelector("dd");
      answer.textContent = value;
      var group = row.closest("[data-kap-kind]");
      var link = group && group.dataset.kapKind === "contacts" ? callLink(value) : null;
      if (link) { answer.appendChild(document.createTextNode(" ")); answer.appendChild(link); }
    });
    list.querySelectorAll(".kap-answers__group").forEach(function (group) {
      if (!group.querySelector("[data-kap-answer]")) group.remove();
    });
    return any ? list : null;
  }

  function weekTitle(section, week, number) {
    var name = section.dataset.kapWeekDate;
    var start = name && has(week.answers, name) ? niceDate(week.answers[name]) : "";
    if (start) return words("week_starting", { date: start });
    var filed = niceDate(week.filed);
    return filed ? words("week_filed_on", { number: number, date: filed }) : words("week", { number: number });
  }

  /* ---- the chart: each rating column of a grid, day by day over every week kept, drawn with DOM methods ---- */
  function chartData(figure, weeks) {
    var name = figure.dataset.kapChart;
    var days = Array.prototype.map.call(figure.querySelectorAll(".kap-answers__chart-rows li"), function (li) { return li.textContent; });
    var lines = Array.prototype.map.call(figure.querySelectorAll("[data-kap-column]"), function (li) {
      return { label: li.textContent, values: [] };
    });
    var columns = Array.prototype.map.call(figure.querySelectorAll("[data-kap-column]"), function (li) { return li.dataset.kapColumn; });
    var any = false;
    weeks.forEach(function (week) {
      days.forEach(function (day, r) {
        columns.forEach(function (column, c) {
          var raw = week.answers[name + ".r" + (r + 1) + "c" + column];
          var match = typeof raw === "string" ? RATING.exec(raw) : null;
          lines[c].values.push(match ? Number(match[1]) : null);
          if (match) any = true;
        });
      });
    });
    return { days: days.length, lines: lines, any: any };
  }

  function average(values) {
    var numbers = values.filter(function (v) { return v !== null; });
    if (!numbers.length) return null;
    return Math.round(10 * numbers.reduce(function (a, b) { return a + b; }, 0) / numbers.length) / 10;
  }

  function drawChart(figure, weeks, titles) {
    Array.prototype.forEach.call(figure.querySelectorAll(".kap-answers__drawn"), function (old) { old.remove(); });
    var data = chartData(figure, weeks);
    figure.hidden = !data.any;
    if (!data.any) return;
    var count = weeks.length * data.days;
    var width = 600, height = 260, left = 40, right = 14, top = 14, bottom = 36;
    var step = count > 1 ? (width - left - right) / (count - 1) : 0;
    function x(i) { return left + (count > 1 ? i * step : (width - left - right) / 2); }
    function y(v) { return top + (10 - v) * (height - top - bottom) / 10; }
    var svg = svgElement("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "class": "kap-answers__drawn kap-answers__svg",
                                   preserveAspectRatio: "xMidYMid meet" });
    var names = data.lines.map(function (line) { return line.label; }).join(", ");
    svg.setAttribute("aria-label", weeks.length === 1 ? words("chart_one", { names: names })
      : words("chart_other", { names: names, count: weeks.length }));
    [0, 5, 10].forEach(function (v) {
      svg.appendChild(svgElement("line", { x1: left, x2: width - right, y1: y(v), y2: y(v), "class": "kap-answers__axis" }));
      var label = svgElement("text", { x: left - 8, y: y(v) + 7, "text-anchor": "end", "class": "kap-answers__tick" });
      label.textContent = String(v);
      svg.appendChild(label);
    });
    weeks.forEach(function (week, w) {
      var at = x(w * data.days);
      if (w > 0) svg.appendChild(svgElement("line", { x1: at - step / 2, x2: at - step / 2, y1: top, y2: height - bottom, "class": "kap-answers__week-line" }));
      if (w % Math.ceil(weeks.length / 12) !== 0) return;  /* room for about 12 week numbers */
      var label = svgElement("text", { x: at, y: height - 10, "class": "kap-answers__tick" });
      label.textContent = weeks.length > 4 ? String(w + 1) : words("week", { number: w + 1 });
      svg.appendChild(label);
    });
    data.lines.forEach(function (line, n) {
      var points = [];
      line.values.forEach(function (v, i) { if (v !== null) points.push(x(i).toFixed(1) + "," + y(v).toFixed(1)); });
      var kind = "kap-answers__line kap-answers__line--" + ((n % 4) + 1);
      if (points.length > 1) svg.appendChild(svgElement("polyline", { points: points.join(" "), fill: "none", "class": kind }));
      points.forEach(function (point) {
        var xy = point.split(",");
        svg.appendChild(svgElement("circle", { cx: xy[0], cy: xy[1], r: 3.5, "class": kind }));
      });
    });
    var key = element("ul", "kap-answers__drawn kap-answers__key");
    data.lines.forEach(function (line, n) {
      var item = element("li");
      item.appendChild(element("span", "kap-answers__swatch kap-answers__swatch--" + ((n % 4) + 1)));
      item.appendChild(document.createTextNode(line.label));
      key.appendChild(item);
    });
    /* The same numbers in words and as a table: each feeling's average, week by week. */
    var summary = element("p", "kap-answers__drawn kap-answers__summary");
    summary.textContent = data.lines.map(function (line) {
      var first = average(line.values.slice(0, data.days));
      var last = average(line.values.slice(-data.days));
      if (weeks.length === 1) {
        return first === null ? words("average_none", { label: line.label })
          : words("average_one", { label: line.label, average: first });
      }
      return words("first_and_latest", { label: line.label,
        first: first === null ? words("no_numbers") : words("about", { value: first }),
        latest: last === null ? words("no_numbers") : words("about", { value: last }) });
    }).join(" ");
    var table = element("table", "kap-answers__drawn kap-answers__table");
    table.appendChild(element("caption", null, words("average_caption")));
    var head = element("tr");
    head.appendChild(element("th", null, words("week_column")));
    data.lines.forEach(function (line) { var th = element("th", null, line.label); th.scope = "col"; head.appendChild(th); });
    table.appendChild(element("thead")).appendChild(head);
    var body = table.appendChild(element("tbody"));
    weeks.forEach(function (week, w) {
      var row = element("tr");
      var th = element("th", null, titles[w]);
      th.scope = "row";
      row.appendChild(th);
      data.lines.forEach(function (line) {
        var value = average(line.values.slice(w * data.days, (w + 1) * data.days));
        row.appendChild(element("td", null, value === null ? words("none") : String(value)));
      });
      body.appendChild(row);
    });
    figure.appendChild(svg);  /* under its caption */
    figure.appendChild(key);
    figure.appendChild(summary);
    figure.appendChild(table);
  }

  function render(root) {
    var anything = false;
    storedSheets(root).forEach(function (sheet) {
      var section = sheet.section;
      var answers = load(sheet.key);
      var weeks = weeksWithAnswers(sheet.key);
      var now = section.querySelector(".kap-answers__now");
      var past = section.querySelector(".kap-answers__weeks");
      now.replaceChildren();
      past.replaceChildren();
      var current = answeredList(section, answers);
      if (current) {
        if (weeks.length) now.appendChild(element("h3", null, words("this_week")));
        now.appendChild(current);
      }
      var titles = weeks.map(function (week, w) { return weekTitle(section, week, w + 1); });
      weeks.forEach(function (week, w) {
        var list = answeredList(section, week.answers);
        if (!list) return;
        past.appendChild(element("h3", null, words("past_week", { title: titles[w] })));
        past.appendChild(list);
      });
      var chartWeeks = weeks.concat(current ? [{ answers: answers }] : []);
      var chartTitles = titles.concat(current ? [words("this_week")] : []);
      section.querySelectorAll("[data-kap-chart]").forEach(function (figure) { drawChart(figure, chartWeeks, chartTitles); });
      section.hidden = !current && !past.childElementCount;
      if (!section.hidden) anything = true;
    });
    root.querySelector(".kap-answers__empty").hidden = anything;
    return anything;
  }

  function exported(root) {
    var data = { format: FILE_FORMAT, version: FILE_VERSION, saved: new Date().toISOString(), worksheets: {} };
    storedSheets(root).forEach(function (sheet) {
      var answers = load(sheet.key);
      var weeks = weeksWithAnswers(sheet.key);
      if (Object.keys(answers).length || weeks.length) data.worksheets[sheet.id] = { answers: answers, weeks: weeks };
    });
    return data;
  }

  /* Answers from a file, kept only if every one has the right shape: text (or a tick) for a field this worksheet has. */
  function checkedAnswers(raw, names) {
    if (!isObject(raw)) return null;
    var clean = {};
    var ok = Object.keys(raw).every(function (name) {
      var value = raw[name];
      if (!(value === true || (typeof value === "string" && value.length <= MAX_TEXT))) return false;
      if (has(names, name) && name !== "__proto__") clean[name] = value;
      return true;
    });
    return ok ? clean : null;
  }

  /* The file's answers per worksheet of this guide, or null when the file is not a file of saved answers. */
  function checkedFile(data, sheets) {
    if (!isObject(data) || data.format !== FILE_FORMAT || data.version !== FILE_VERSION || !isObject(data.worksheets)) return null;
    var found = {};
    var ok = true;
    sheets.forEach(function (sheet) {
      if (!ok || !has(data.worksheets, sheet.id)) return;
      var entry = data.worksheets[sheet.id];
      if (!isObject(entry)) { ok = false; return; }
      var answers = has(entry, "answers") ? checkedAnswers(entry.answers, sheet.names) : {};
      var weeksRaw = has(entry, "weeks") ? entry.weeks : [];
      if (answers === null || !Array.isArray(weeksRaw) || weeksRaw.length > MAX_WEEKS) { ok = false; return; }
      var weeks = [];
      weeksRaw.forEach(function (week) {
        var weekAnswers = isObject(week) ? checkedAnswers(week.answers, sheet.names) : null;
        if (weekAnswers === null || (has(week, "filed") && !(typeof week.filed === "string" && DATE.test(week.filed)))) { ok = false; return; }
        weeks.push({ filed: week.filed || "", answers: weekAnswers });
      });
      if (weeks.length && !sheet.keepsWeeks) ok = false;
      found[sheet.id] = { answers: answers, weeks: weeks };
    });
    return ok ? found : null;
  }

  function snapshot(sheets) {
    var kept = {};
    sheets.forEach(function (sheet) {
      try {
        kept[sheet.key] = window.localStorage.getItem(sheet.key);
        kept[weeksKey(sheet.key)] = window.localStorage.getItem(weeksKey(sheet.key));
      } catch (error) { /* storage blocked */ }
    });
    return kept;
  }

  function putBack(kept) {
    Object.keys(kept).forEach(function (key) {
      try {
        if (kept[key] === null) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, kept[key]);
      } catch (error) { /* storage blocked */ }
    });
  }

  var REFUSED = words("refused");

  function setUpMyAnswers(root) {
    if (root.dataset.kapReady) return;
    root.dataset.kapReady = "1";
    var sheets = storedSheets(root);
    var say = announcer(root, ".kap-answers__load");
    sheets.forEach(function (sheet) { moveLegacy(sheet.section.dataset.kapStorageKey); });
    render(root);

    root.querySelector(".kap-answers__print").addEventListener("click", function () { window.print(); });

    root.querySelector(".kap-answers__save").addEventListener("click", function () {
      var data = exported(root);
      if (!Object.keys(data.worksheets).length) {
        say(words("nothing_to_save"));
        return;
      }
      var name = words("file_name", { date: today() });
      var url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      var link = document.createElement("a");  /* never added to the page: only clicked, to save the file */
      link.href = url;
      link.download = name;
      link.click();
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      say(words("saved_file", { name: name }));
    });

    var input = root.querySelector(".kap-answers__file");
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      input.value = "";
      if (!file) return;
      if (file.size > MAX_FILE_BYTES) { say(REFUSED); return; }
      file.text().then(function (text) {
        var data;
        try { data = JSON.parse(text); } catch (error) { say(REFUSED); return; }
        var found = checkedFile(data, sheets);
        if (!found || !Object.keys(found).length) { say(REFUSED); return; }
        var kept = snapshot(sheets);
        Object.keys(found).forEach(function (id) {
          var sheet = sheets.filter(function (s) { return s.id === id; })[0];
          try {
            if (Object.keys(found[id].answers).length) window.localStorage.setItem(sheet.key, JSON.stringify(found[id].answers));
            else window.localStorage.removeItem(sheet.key);
          } catch (error) { /* storage full or blocked */ }
          saveWeeks(sheet.key, found[id].weeks);
        });
        render(root);
        var count = Object.keys(found).length;
        say(count === 1 ? words("loaded_one", { seconds: UNDO_SECONDS })
          : words("loaded_other", { count: count, seconds: UNDO_SECONDS }),
          function () { putBack(kept); render(root); say(words("before_back")); });
      }, function () { say(REFUSED); });
    });

    var confirmBox = root.querySelector(".kap-answers__confirm");
    var deleteButton = root.querySelector(".kap-answers__delete");
    deleteButton.addEventListener("click", function () {
      confirmBox.hidden = false;
      root.querySelector(".kap-answers__keep").focus();
    });
    root.querySelector(".kap-answers__keep").addEventListener("click", function () {
      confirmBox.hidden = true;
      deleteButton.focus();
      say(words("nothing_deleted"));
    });
    root.querySelector(".kap-answers__delete-yes").addEventListener("click", function () {
      var prefix = sitePath + "kap-guide:worksheet:";
      try {
        /* every worksheet of this guide, and any a clinic has since removed */
        for (var i = window.localStorage.length - 1; i >= 0; i--) {
          var key = window.localStorage.key(i);
          if (key && key.indexOf(prefix) === 0) window.localStorage.removeItem(key);
        }
      } catch (error) { /* storage blocked */ }
      confirmBox.hidden = true;
      render(root);
      deleteButton.focus();
      say(words("all_deleted"));
    });
  }

  function start() {
    document.querySelectorAll("[data-kap-worksheet]").forEach(setUp);
    document.querySelectorAll("[data-kap-my-answers]").forEach(setUpMyAnswers);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
