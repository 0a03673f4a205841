/* The guide's own behaviour on every page, loaded before the theme's script (overrides/main.html):
   1. the help bar's "More help" (overrides/partials/kap-help-card.html);
   2. the search in patients' own words (the search itself: kap-search-worker.js). */

/* 1. "More help" opens and closes the full help card on phones. One listener on the document, so it
      keeps working when the theme swaps pages without reloading. Without this script, "More help"
      opens the get-help page. */
/* The site's own elements are looked up where only the template can put them: a page's text sits inside the
   theme's container and can hold no <script>, so an element a page makes with the same id (say, a fake "nothing
   found" box) is never found instead of the real one. */
var KAP_TEXT = (function () {  /* the page's words, in its language (overrides/main.html, hooks/kapguide/ui_text.py) */
  var element = document.querySelector('body > script#kap-page-text[type="application/json"]');
  var words = { more_help: "More help", less_help: "Less help", search_none: "No page matched those words",
    search_placeholder: "Type a word or a question, in your own words", search_one: "1 page found",
    search_other: "# pages found" };
  try {
    var given = element ? JSON.parse(element.textContent) : {};
    Object.keys(words).forEach(function (key) { if (typeof given[key] === "string") words[key] = given[key]; });
  } catch (error) {
    /* the English words stay */
  }
  return words;
})();

(function () {
  "use strict";

  function toggle(control) {
    var card = control.closest(".kap-help");
    if (!card) return;
    var open = card.classList.toggle("kap-help--open");
    control.setAttribute("aria-expanded", open ? "true" : "false");
    control.textContent = open ? KAP_TEXT.less_help : KAP_TEXT.more_help;
  }

  document.addEventListener("click", function (event) {
    var control = event.target.closest && event.target.closest(".kap-help__toggle");
    if (!control) return;
    event.preventDefault();
    toggle(control);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== " " || !event.target.closest || !event.target.closest(".kap-help__toggle")) return;
    event.preventDefault();  /* a button opens on Space too */
    toggle(event.target.closest(".kap-help__toggle"));
  });
})();

/* 2. Search. This part:
   - gives the theme the guide's search worker and kinder words for its messages, by changing the
     theme's settings (the #__config element) before the theme reads them;
   - when a search finds nothing, shows the "nothing matched" box from the page (its words and
     links come from the page template, escaped there), so that a search never ends in a dead end. */
(function () {
  "use strict";
  var script = document.currentScript;
  var NONE = KAP_TEXT.search_none;
  var element = document.querySelector('body > script#__config[type="application/json"]');
  if (script && element) {
    try {
      var config = JSON.parse(element.textContent);
      config.search = new URL("kap-search-worker.js", script.src).href;  /* beside this file */
      config.translations = config.translations || {};
      config.translations["search.result.none"] = NONE;
      config.translations["search.result.placeholder"] = KAP_TEXT.search_placeholder;
      config.translations["search.result.one"] = KAP_TEXT.search_one;
      config.translations["search.result.other"] = KAP_TEXT.search_other;
      config.translations["search.result.term.missing"] = "";
      element.textContent = JSON.stringify(config);
    } catch (error) {
      /* the theme's own search stays */
    }
  }

  var empty = document.querySelector("body > div#kap-search-empty");  /* the template's, not a page's */
  var input = document.querySelector(".md-search__input");
  var result = document.querySelector(".md-search-result");
  if (!empty || !input || !result) return;
  var list = result.querySelector(".md-search-result__list");
  var meta = result.querySelector(".md-search-result__meta");
  /* between the theme's count (first child) and its list (last child), which the theme finds by place */
  result.insertBefore(empty, list || null);

  function update() {
    var nothing = input.value.trim().length > 0 && list && list.children.length === 0 &&
      meta && meta.textContent === NONE;
    empty.hidden = !nothing;
  }
  new MutationObserver(update).observe(meta || result, { childList: true, characterData: true, subtree: true });
  if (list) new MutationObserver(update).observe(list, { childList: true });
  input.addEventListener("input", update);
})();
