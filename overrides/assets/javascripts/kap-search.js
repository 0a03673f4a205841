/* The guide's search, on the page (the search itself: kap-search-worker.js).
   Loaded before the theme's own script (overrides/main.html), it:
   - gives the theme the guide's search worker and kinder words for its messages, by changing the
     theme's settings (the #__config element) before the theme reads them;
   - when a search finds nothing, shows the "nothing matched" box from the page (its words and
     links come from the page template, escaped there), so that a search never ends in a dead end. */
(function () {
  "use strict";
  var script = document.currentScript;
  var element = document.getElementById("__config");
  if (script && element) {
    try {
      var config = JSON.parse(element.textContent);
      config.search = script.getAttribute("data-kap-worker");
      config.translations = config.translations || {};
      config.translations["search.result.none"] = script.getAttribute("data-kap-none");
      config.translations["search.result.placeholder"] = script.getAttribute("data-kap-placeholder");
      config.translations["search.result.one"] = script.getAttribute("data-kap-one");
      config.translations["search.result.other"] = script.getAttribute("data-kap-other");
      config.translations["search.result.term.missing"] = "";
      element.textContent = JSON.stringify(config);
    } catch (error) {
      /* the theme's own search stays */
    }
  }

  var empty = document.getElementById("kap-search-empty");
  var input = document.querySelector(".md-search__input");
  var result = document.querySelector(".md-search-result");
  if (!empty || !input || !result) return;
  var list = result.querySelector(".md-search-result__list");
  var meta = result.querySelector(".md-search-result__meta");
  /* between the theme's count (first child) and its list (last child), which the theme finds by place */
  result.insertBefore(empty, list || null);

  function update() {
    var nothing = input.value.trim().length > 0 && list && list.children.length === 0 &&
      meta && meta.textContent === script.getAttribute("data-kap-none");
    empty.hidden = !nothing;
  }
  new MutationObserver(update).observe(meta || result, { childList: true, characterData: true, subtree: true });
  if (list) new MutationObserver(update).observe(list, { childList: true });
  input.addEventListener("input", update);
})();
