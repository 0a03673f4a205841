/* The guide's search, in patients' own words. It runs in the browser, on this device only, in place of
   the Material theme's search worker: the theme's search box and result list stay, and talk to this
   worker with the same messages (set up an index, run a query, send results).

   What it does with a query (see CONTRIBUTING.md, "How search works"):
   - it folds case, accents and apostrophes, and leaves out small words ("i", "the", "do");
   - it reads everyday words and phrases through the guide's search words (search-words.yml:
     "throw up" finds the pages about feeling sick);
   - a word the guide does not use is matched by its beginning ("medit") or as a misspelling
     ("nausia", "intergration");
   - a page scores for each idea of the query it covers, more in its title, keywords, headings and
     description than in its text, and pages that cover every idea come first;
   - a query about suicide, self-harm or an emergency, in any wording, puts the get-help page first,
     with the clinic's numbers in the result itself.
   The index and the search words come from the build (hooks/search_hook.py adds them to
   search/search_index.json under config.kap). Nothing is sent anywhere.

   The index says its language (config.kap.lang, or the theme's config.lang). English uses lunr's Porter
   stemmer (kap-search-stemmer.js). Spanish loads the Snowball stemmer (kap-search-stemmer.es.js) and
   folds "ñ" and accents as it does for English ("nausea" finds "náusea", "manana" finds "mañana"); it
   also takes the singular for the plural, and a first letter that sounds the same ("bomito", "ojas"). */
"use strict";

var porterStemmer = typeof module !== "undefined"
  ? require("./kap-search-stemmer.js")
  : (importScripts("kap-search-stemmer.js"), kapPorterStemmer); // eslint-disable-line no-undef

/* Message types shared with the theme (Material for MkDocs 9: search/worker/message). */
var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

/* Words that say little about what a patient is looking for. */
var ENGLISH_STOP = new Set(("a about above after again against all am an and any are as at be because been before " +
  "being below between both but by can could did do does doing down during each few for from further had has " +
  "have having he her here hers herself him himself his how i if in into is it its itself just me more most my " +
  "myself no nor not now of off on once only or other our ours ourselves out over own same she should so some " +
  "such than that the their theirs them themselves then there these they this those through to too under until " +
  "up very was we were what when where which while who whom why will with would you your yours yourself " +
  "yourselves im ive id ill dont doesnt didnt cant cannot wont isnt arent wasnt werent youre thats whats " +
  "get got getting go going gonna wanna like really also any anything something thing things okay ok " +
  "please tell know much many lot lots still even way ever much yes").split(" "));
/* "help", "want" and "now" carry meaning in a crisis: the crisis phrases are matched before stop words go. */

/* The search's language, from the index (setup): its stemmer and its small words. English is the default;
   the Spanish stemmer is loaded only when the index is in Spanish (language()). */
var stem = porterStemmer;
var STOP = ENGLISH_STOP;

var FIELDS = { title: 6, keywords: 5, headings: 2.5, description: 2.5, text: 1 };
var TITLE_NAMED = 3;  // how much more a page scores when the query names its whole title

var index = null;

/* ------------------------------------------------------------------ words */

function fold(text) {
  return String(text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[\u2018\u2019\u02bc`]/g, "'").replace(/'/g, "");
}

function words(text) {
  return fold(text).split(/[^a-z0-9]+/).filter(Boolean);
}

function plainText(html) {
  return String(html || "").replace(/<[^>]*>/g, " ").replace(/&nbsp;/g, " ").replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#0?39;/g, "'")
    .replace(/\s+/g, " ").trim();
}

function escapeHtml(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/* Edit distance with swapped neighbours counted once ("nausia"/"nausea" 1, "teh"/"the" 1). */
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  var rows = [], i, j;
  for (i = 0; i <= a.length; i++) { rows.push([i]); }
  for (j = 1; j <= b.length; j++) { rows[0][j] = j; }
  for (i = 1; i <= a.length; i++) {
    var best = limit + 1;
    for (j = 1; j <= b.length; j++) {
      var cost = a[i - 1] === b[j - 1] ? 0 : 1;
      var value = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, rows[i - 2][j - 2] + 1);
      rows[i][j] = value;
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
  }
  return rows[a.length][b.length];
}

/* Whether ``word`` may be a misspelling of ``known`` as far as its start goes: in a short word a typo rarely
   changes the first letter (in Spanish, but for a letter that sounds the same). */
function mayBeTypoOf(word, known, language) {
  return word.length >= 7 || (language.sameStart ? language.sameStart(word, known) : known[0] === word[0]);
}

function allowedTypos(word) {
  return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0;
}

/* ------------------------------------------------------------------ languages */

/* Spanish: lunr-languages' Snowball stemmer and small words (kap-search-stemmer.es.js, loaded here, so
   only a Spanish site downloads it), with patients' own small words added. */
var SPANISH_STOP_ADDED = ("usted ustedes ud uds q pq xq porfa favor bueno pues entonces oye ok okay vale si " +
  "puedo puede pueden puedes podria podre podemos debo debe deberia hacer hago hace haces hacen hice hizo " +
  "ir voy vas va vamos van dar da dan dio dieron daba cosa cosas algo cual cuales cuanto cuanta cuantos cuantas dime saber sabe se " +
  "quiero quisiera necesito aun todavia asi").split(" ");
var SPANISH_KEPT = new Set(["nada"]);  // "no siento nada", "no pasó nada": the guide's own words for it

/* Letters a patient may write for one another at the start of a Spanish word ("bomito", "ojas"). */
var SPANISH_SOUNDS = { b: "b", v: "b", c: "k", k: "k", q: "k", s: "s", z: "s", y: "y", g: "g", j: "g" };

function spanishStart(word, known) {
  if (word[0] === known[0]) return true;
  if (SPANISH_SOUNDS[word[0]] && SPANISH_SOUNDS[word[0]] === SPANISH_SOUNDS[known[0]]) return true;
  return (known[0] === "h" && known[1] === word[0]) || (word[0] === "h" && word[1] === known[0]);  // a silent h
}

/* The language's stemmer, small words and ways with spelling. ``spellings``: every word of the index as
   its pages spell it, accents and all, for the Spanish stemmer, which needs them ("preocupación" and
   "preocupaciones" share a stem; "preocupacion" would not): each word, however typed, is stemmed as the
   pages spell it, so the pages and the query always agree. */
function language(code, spellings) {
  if (code !== "es") return { code: "en", stem: porterStemmer, stop: ENGLISH_STOP, sameStart: null, forms: null };
  var snowball = typeof module !== "undefined"
    ? require("./kap-search-stemmer.es.js")
    : (importScripts("kap-search-stemmer.es.js"), kapSpanishStemmer); // eslint-disable-line no-undef
  var spelled = new Map();
  spellings.forEach(function (counts, word) {
    var best = word, most = 0;
    counts.forEach(function (count, spelling) { if (count > most) { best = spelling; most = count; } });
    spelled.set(word, best);
  });
  var roots = new Map();
  var stop = new Set(SPANISH_STOP_ADDED);
  snowball.stopWords.forEach(function (word) { if (!SPANISH_KEPT.has(fold(word))) stop.add(fold(word)); });
  return {
    code: "es",
    stop: stop,
    stem: function (word) {
      var root = roots.get(word);
      if (root === undefined) {
        root = fold(snowball(spelled.get(word) || word));
        roots.set(word, root);
      }
      return root;
    },
    sameStart: spanishStart,
    /* The same word in the singular or the plural, which the stemmer may cut apart ("náusea", "náuseas"), and the
       verb a form spelt with "qu", "gu" or "c" for the sake of its sound comes from ("toquen": "tocar",
       "lleguen": "llegar", "realicen": "realizar"). */
    forms: function (word) {
      var list = [word + "s", word + "es"];
      if (word.length > 4 && word.slice(-1) === "s") list.push(word.slice(0, -1));
      if (word.length > 5 && word.slice(-2) === "es") list.push(word.slice(0, -2));
      var sound = /^(.{2,})(qu|gu|c)(e|en|es|emos)$/.exec(word);
      if (sound) list.push(sound[1] + { qu: "car", gu: "gar", c: "zar" }[sound[2]]);
      return list;
    }
  };
}

/* How often each word of ``texts`` is written each way: folded word -> (spelling -> count). */
function spellingsOf(texts) {
  var found = new Map();
  texts.forEach(function (text) {
    (String(text || "").toLowerCase().normalize("NFC").match(/[\p{L}\p{N}'\u2019]+/gu) || []).forEach(function (token) {
      var spelling = token.replace(/['\u2019]/g, "");
      var folded = words(spelling);
      if (folded.length !== 1) return;
      var counts = found.get(folded[0]) || new Map();
      counts.set(spelling, (counts.get(spelling) || 0) + 1);
      found.set(folded[0], counts);
    });
  });
  return found;
}

/* ------------------------------------------------------------------ index */

function Index(data) {
  var config = data.config || {};
  var kap = config.kap || {};
  var pages = new Map();
  this.pages = [];
  this.kap = kap;
  var self = this;

  /* The language: the build's (config.kap.lang), else the theme's (config.lang, from theme.language). */
  var code = kap.lang || [].concat(config.lang || []).find(function (c) { return c === "en" || c === "es"; }) || "en";
  var texts = [];
  if (code === "es") {
    (data.docs || []).forEach(function (doc) { texts.push(plainText(doc.title), plainText(doc.text)); });
    Object.keys(kap.pages || {}).forEach(function (key) {
      var info = kap.pages[key] || {};
      texts.push(info.description, (info.keywords || []).join(" "));
    });
    (kap.synonyms || []).forEach(function (entry) { texts.push(entry.words, (entry.means || []).join(" ")); });
  }
  this.language = language(code, spellingsOf(texts));
  stem = this.language.stem;
  STOP = this.language.stop;

  function pageFor(location) {
    var key = location.split("#")[0];
    if (!pages.has(key)) {
      var info = (kap.pages || {})[key] || {};
      var page = { location: key, title: "", description: info.description || "", parts: [],
                   fields: {}, length: 0,
                   questions: (info.keywords || []).map(function (keyword) { return words(keyword).map(stem); })
                     .filter(function (question) { return question.length >= 2; }) };
      pages.set(key, page);
      self.pages.push(page);
      add(page, "keywords", (info.keywords || []).join(" "));
      add(page, "description", page.description);
    }
    return pages.get(key);
  }

  function add(page, field, text) {
    var list = words(text);
    var counts = page.fields[field] || (page.fields[field] = new Map());
    list.forEach(function (word) {
      if (STOP.has(word)) return;
      var root = stem(word);
      counts.set(root, (counts.get(root) || 0) + 1);
      self.surface.set(word, root);
    });
    if (field === "text") page.length += list.length;
  }

  this.surface = new Map();  // every word of the guide -> its stem
  (data.docs || []).forEach(function (doc) {
    var page = pageFor(doc.location);
    var plain = plainText(doc.text);
    var isPage = doc.location.indexOf("#") < 0;
    if (isPage) {
      page.title = doc.title;
      add(page, "title", plainText(doc.title));
      page.titleRoots = new Set(words(plainText(doc.title)).filter(function (word) { return !STOP.has(word); }).map(stem));
    }
    else add(page, "headings", plainText(doc.title));
    add(page, "text", plain);
    page.parts.push({ location: doc.location, title: doc.title, plain: plain,
                      stems: new Set(words(plain + " " + plainText(doc.title)).map(stem)) });
  });

  this.frequency = new Map();  // stem -> number of pages that have it
  this.pages.forEach(function (page) {
    var seen = new Set();
    Object.keys(page.fields).forEach(function (field) {
      page.fields[field].forEach(function (_, root) { seen.add(root); });
    });
    seen.forEach(function (root) { self.frequency.set(root, (self.frequency.get(root) || 0) + 1); });
  });
  var total = 0;
  this.pages.forEach(function (page) { total += page.length; });
  this.averageLength = total / Math.max(1, this.pages.length) || 1;

  this.phrases = (kap.synonyms || []).map(function (entry) {
    var list = words(entry.words);
    return { words: list, stems: list.map(stem), means: words(entry.means.join(" ")) };
  }).filter(function (entry) { return entry.stems.length; })
    .sort(function (a, b) { return b.stems.length - a.stems.length; });
  this.crisis = (kap.crisis || []).map(function (phrase) { return words(phrase); })
    .filter(function (list) { return list.length; });
}

/* A query's ideas: each is one everyday phrase, or one word, with the guide's words that can stand for it. */
Index.prototype.ideas = function (query) {
  var list = words(query);
  var roots = list.map(stem);
  var ideas = [];
  var used = new Array(list.length).fill(false);
  var self = this;
  for (var start = 0; start < list.length; start++) {
    if (used[start]) continue;
    /* A small word must be the phrase's own word ("down" in "calm down"), not one with its stem ("como", "comer"). */
    var phrase = this.phrases.find(function (entry) {
      return entry.stems.every(function (root, k) {
        var typed = list[start + k];
        return roots[start + k] === root && (!STOP.has(typed) || typed === entry.words[k]);
      });
    });
    if (!phrase) continue;
    for (var k = 0; k < phrase.stems.length; k++) used[start + k] = true;
    var options = [];
    phrase.means.forEach(function (word) {
      if (!STOP.has(word)) options.push({ root: stem(word), weight: 0.9, word: word });
    });
    phrase.stems.forEach(function (root, k) {
      if (self.frequency.has(root) && !STOP.has(list[start + k]))
        options.push({ root: root, weight: 1, word: list[start + k] });
    });
    if (options.length) ideas.push(options);
  }
  list.forEach(function (word, position) {
    if (used[position] || STOP.has(word) || word.length < 2) return;
    var options = self.options(word, roots[position]);
    if (!options.length) options = self.misspeltEveryday(word);
    ideas.push(options);  // an idea the guide has no word for still counts against full cover
  });
  return ideas;
};

/* A misspelling of a one-word everyday word of the search words ("insomio" for "insomnio"), for a word that is
   like no word of the pages: the guide's words for the nearest one. */
Index.prototype.misspeltEveryday = function (word) {
  if (word.length < 5) return [];
  var limit = allowedTypos(word), language = this.language, nearest = null, nearestApart = limit + 1;
  this.phrases.forEach(function (entry) {
    if (entry.words.length !== 1) return;
    var known = entry.words[0];
    if (!mayBeTypoOf(word, known, language)) return;
    var apart = distance(word, known, limit);
    if (apart < nearestApart) { nearest = entry; nearestApart = apart; }
  });
  if (!nearest) return [];
  return nearest.means.filter(function (meant) { return !STOP.has(meant); })
    .map(function (meant) { return { root: stem(meant), weight: nearestApart === 1 ? 0.7 : 0.5, word: meant }; });
};

/* The guide's words for one query word: itself, else words it begins, else its near-misspellings. */
Index.prototype.options = function (word, root) {
  var found = [];
  var self = this;
  var language = this.language;
  /* Spanish: the same word in the singular or plural, which the stemmer may give another stem. */
  var forms = [];
  (language.forms ? language.forms(word) : []).forEach(function (form) {
    var formRoot = self.surface.has(form) ? self.surface.get(form) : stem(form);
    if (formRoot !== root && self.frequency.has(formRoot)) forms.push({ root: formRoot, weight: 0.95, word: form });
  });
  if (this.frequency.has(root)) {
    found.push({ root: root, weight: 1, word: word });
    found = found.concat(forms);
    if (this.surface.has(word) || word.length < 5) return found;
    /* A word the pages never use whose stem they do ("intension"): perhaps a misspelling of another. */
    this.surface.forEach(function (wordRoot, known) {
      if (wordRoot !== root && distance(word, known, 1) <= 1) found.push({ root: wordRoot, weight: 0.8, word: known });
    });
    return found;
  }
  if (forms.length) return forms;
  if (word.length >= 3) {
    this.surface.forEach(function (wordRoot, known) {
      if (known.length > word.length && known.indexOf(word) === 0)
        found.push({ root: wordRoot, weight: 0.8, word: known });
    });
  }
  if (!found.length && word.length >= 4) {
    var limit = allowedTypos(word);
    this.surface.forEach(function (wordRoot, known) {
      if (!mayBeTypoOf(word, known, language)) return;
      var apart = distance(word, known, limit);
      if (apart <= limit) found.push({ root: wordRoot, weight: apart === 1 ? 0.75 : 0.55, word: known });
    });
    if (!found.length && root.length >= 4) {  // misspelt stems ("halucin"), or another form ("nauseous")
      var stemLimit = allowedTypos(root);
      this.frequency.forEach(function (_, known) {
        if (distance(root, known, stemLimit) <= stemLimit) found.push({ root: known, weight: 0.65, word: known });
        else if (root.length >= 5 && known.length >= 5 && known.slice(0, 5) === root.slice(0, 5))
          found.push({ root: known, weight: 0.6, word: known });
      });
    }
  }
  var byRoot = new Map();
  found.forEach(function (option) {
    var kept = byRoot.get(option.root);
    if (!kept || kept.weight < option.weight) byRoot.set(option.root, option);
  });
  return Array.from(byRoot.values())
    .sort(function (a, b) { return b.weight - a.weight || (self.frequency.get(b.root) || 0) - (self.frequency.get(a.root) || 0); })
    .slice(0, 6);
};

function sameWord(typed, word) {
  return typed === word || (word.length >= 5 && (distance(typed, word, 1) <= 1 || stem(typed) === stem(word)));
}

/* A crisis phrase is in the query when its words come in order, with at most two other words between
   them in all ("i want to die", "i really want to just die"); longer words may be misspelt. */
Index.prototype.isCrisis = function (query) {
  var list = words(query);
  return this.crisis.some(function (phrase) {
    for (var start = 0; start < list.length; start++) {
      if (!sameWord(list[start], phrase[0])) continue;
      var at = start, extra = 0, k = 1;
      while (k < phrase.length && at + 1 < list.length && extra <= 2) {
        at++;
        if (sameWord(list[at], phrase[k])) k++;
        else extra++;
      }
      if (k === phrase.length && extra <= 2) return true;
    }
    return false;
  });
};

/* Pages' keywords are often patients' own questions ("who stays with me"): a query that asks much the same,
   small words and all, scores for it even when only small words are left after the rest are set aside. */
Index.prototype.askedLike = function (page, typed) {
  if (typed.length < 2) return 0;
  var roots = new Set(typed.map(stem));
  var best = 0;
  page.questions.forEach(function (question) {
    var shared = question.filter(function (root) { return roots.has(root); }).length;
    var alike = 2 * shared / (question.length + roots.size);  // Dice: how much of both the two share
    if (shared >= 2 && shared / question.length >= 0.5 && alike > best) best = alike;
  });
  return best * best * 20;
};

/* Whether the query names the page's whole title, in any order ("lista para el dia de la sesion" for "Lista para el
   día de la sesión"): the page a patient asks for by its name. Titles of one word are left out. */
Index.prototype.namesTitle = function (page, matched) {
  var roots = page.titleRoots;
  if (!roots || roots.size < 2) return false;
  var found = new Set(matched.map(function (option) { return option.root; }));
  return Array.from(roots).every(function (root) { return found.has(root); });
};

Index.prototype.weight = function (root) {
  var pages = this.pages.length, has = this.frequency.get(root) || 0;
  return Math.max(0.3, Math.log(1 + (pages - has + 0.5) / (has + 0.5)));  // common words still count in titles
};

Index.prototype.scoreOption = function (page, option) {
  var score = 0, self = this;
  Object.keys(FIELDS).forEach(function (field) {
    var counts = page.fields[field];
    var count = counts ? counts.get(option.root) || 0 : 0;
    if (!count) return;
    var saturation = field === "text"
      ? count * 2.2 / (count + 1.2 * (0.5 + 0.5 * page.length / self.averageLength))
      : count * 1.5 / (count + 0.5);
    score += FIELDS[field] * saturation;
  });
  return score * this.weight(option.root) * option.weight;
};

Index.prototype.search = function (query) {
  var ideas = this.ideas(query);
  var typed = words(query);
  var crisis = this.isCrisis(query);
  var help = this.kap.help || {};
  var self = this;
  var results = [];
  if (typed.length) {
    this.pages.forEach(function (page) {
      var score = 0, covered = 0, inTitle = 0, matched = [];
      ideas.forEach(function (options) {
        var best = 0, bestOption = null;
        options.forEach(function (option) {
          var value = self.scoreOption(page, option);
          if (value > best) { best = value; bestOption = option; }
        });
        if (best > 0) {
          score += best; covered++; matched.push(bestOption);
          if (page.fields.title && page.fields.title.has(bestOption.root))
            inTitle += Math.min(1, self.weight(bestOption.root));  // a rare word in the title counts most
        }
      });
      var asked = self.askedLike(page, typed);
      if (!covered && !asked) return;
      var cover = ideas.length ? covered / ideas.length : 0;
      var titled = ideas.length ? inTitle / ideas.length : 0;
      var named = self.namesTitle(page, matched) ? TITLE_NAMED : 1;
      results.push({ page: page, score: score * cover * cover * (1 + titled) * named + asked, matched: matched });
    });
  }
  results.sort(function (a, b) { return b.score - a.score; });
  if (results.length) {
    var top = results[0].score;
    results = results.filter(function (result) { return result.score >= top * 0.15; }).slice(0, 12);
  }
  if (crisis && help.location) {
    results = results.filter(function (result) { return result.page.location !== help.location; });
    var page = this.pages.find(function (p) { return p.location === help.location; });
    if (page) results.unshift({ page: page, score: (results.length ? results[0].score : 1) + 100, matched: [], crisis: true });
  }
  return { items: results.map(function (result) { return [self.item(result)]; }) };
};

/* ------------------------------------------------------------------ results */

function marked(text, roots) {
  var html = escapeHtml(text);
  if (!roots.size) return html;
  return html.replace(/[A-Za-z\u00C0-\u024F']+/g, function (word) {
    return roots.has(stem(fold(word))) ? "<mark>" + word + "</mark>" : word;
  });
}

function passage(part, roots, size) {
  var text = part.plain;
  var list = text.split(/(\s+)/);
  var at = list.findIndex(function (word) { return roots.has(stem(fold(word.replace(/[^\w'\u00C0-\u024F]/g, "")))); });
  if (at < 0) return "";
  var before = list.slice(0, at).join("");
  var start = Math.max(0, before.length - 40);
  var from = start ? text.indexOf(" ", start) + 1 : 0;
  var piece = text.slice(from, from + size);
  var cut = piece.length < text.length - from ? piece.lastIndexOf(" ") : piece.length;
  return (from ? "\u2026 " : "") + piece.slice(0, cut > 0 ? cut : piece.length) + (from + size < text.length ? " \u2026" : "");
}

Index.prototype.item = function (result) {
  var page = result.page;
  var roots = new Set(result.matched.map(function (option) { return option.root; }));
  var terms = {};
  result.matched.forEach(function (option) { terms[option.word] = true; });
  var text = "";
  if (result.crisis && this.kap.help.html) {
    text = this.kap.help.html;  // made by the build from the clinic's settings, escaped there
  } else {
    if (page.description) text += "<p>" + marked(page.description, roots) + "</p>";
    var best = null, bestCount = 0;
    page.parts.forEach(function (part) {
      var count = 0;
      roots.forEach(function (root) { if (part.stems.has(root)) count++; });
      if (count > bestCount) { best = part; bestCount = count; }
    });
    var shown = best ? passage(best, roots, 150) : "";
    if (shown && !page.description.toLowerCase().includes(shown.toLowerCase().slice(0, 40)))
      text += '<p class="kap-search-passage">' + marked(shown, roots) + "</p>";
  }
  return { location: page.location, title: page.title, text: text, score: result.score, terms: terms };
};

/* ------------------------------------------------------------------ messages */

function handle(message) {
  if (message.type === SETUP) {
    index = new Index(message.data);
    return { type: READY };
  }
  if (message.type === QUERY) {
    try {
      return { type: RESULT, data: index ? index.search(String(message.data || "")) : { items: [] } };
    } catch (error) {
      console.warn("Search could not read this query:", error);
      return { type: RESULT, data: { items: [] } };
    }
  }
  return { type: RESULT, data: { items: [] } };
}

if (typeof module !== "undefined") {
  module.exports = { Index: Index, handle: handle, words: words };
} else {
  addEventListener("message", function (event) { postMessage(handle(event.data)); });
}
