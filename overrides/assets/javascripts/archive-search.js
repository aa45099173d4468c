/* Archive search: the browser side of generator/search.py and generator/search_query.py.
 *
 * Nothing is loaded until the search box is used. The index is a set of .js files
 * (search/manifest.js, search/s/<k>.js, search/d/<n>.js) that call archiveSearch.add();
 * they are loaded with <script> tags, so the site searches over http and from file://.
 * A query loads the shards of its terms in one parallel round (the shard count is on the
 * page, data-shards of the search form, as generator/search.py decided it), then the
 * files of the results it shows; the manifest only fills the filters.
 * Text rules and ranking mirror the Python query side line for line; keep them in step.
 */
(function () {
  "use strict";

  var ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var DIGIT = {};
  for (var i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET[i]] = i;
  var TOKEN = /[\p{L}\p{N}]+/gu;
  var MARK = /\p{M}/gu;
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  var PHRASE = /["“”]([^"“”]*)["“”]/g;
  var FACET_PREFIX = { type: "!t:", year: "!y:", unit: "!u:", recipient: "!r:" };
  var SNIPPET_BEFORE = 10, SNIPPET_TOKENS = 40, PAGE_SIZE = 10;

  var script = document.currentScript;
  var root = script ? script.src.replace(/assets\/javascripts\/archive-search\.js(\?.*)?$/, "") : "";
  var data = {}, pending = {}, loaded = [], decoded = {};

  /* ---- text rules (generator/search.py) ---- */
  function tokens(text) { return text.normalize("NFC").toLowerCase().match(TOKEN) || []; }
  function fold(text) {
    return text.normalize("NFD").replace(MARK, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function exactForm(token) {
    var nfd = token.normalize("NFD");
    return (nfd.replace(TONES, "") + (nfd.match(TONES) || []).join("")).normalize("NFC");
  }
  function bigrams(folded) {
    var out = [];
    for (var i = 0; i + 1 < folded.length; i++) out.push(folded[i] + " " + folded[i + 1]);
    return out;
  }
  function slugify(text) { return fold(text).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, ""); }
  function shardOf(key, shards) {
    var bytes = new TextEncoder().encode(key), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h % shards;
  }
  function shardKey(term) { return term[0] === "=" ? fold(term.slice(1)) : term; }
  /* Postings as two parallel arrays: docs (ascending) and their weights. */
  function decodePostings(text) {
    var docs = [], weights = [], value = 0, scale = 1, doc = -1, isGap = true;
    for (var i = 0; i < text.length; i++) {
      var d = DIGIT[text[i]];
      value += (d & 31) * scale;
      if (d >= 32) { scale *= 32; continue; }
      if (isGap) { doc += value + 1; docs.push(doc); } else { weights.push(value); }
      isGap = !isGap; value = 0; scale = 1;
    }
    return { docs: docs, weights: weights };
  }

  /* ---- loading ---- */
  function load(name) {
    if (data[name]) return Promise.resolve(data[name]);
    if (!pending[name]) {
      pending[name] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = root + "search/" + name + ".js";
        tag.onload = function () { loaded.push(name + ".js"); resolve(data[name]); };
        tag.onerror = function () { delete pending[name]; reject(new Error("cannot load " + tag.src)); };
        document.head.appendChild(tag);
      });
    }
    return pending[name];
  }
  /* The index's shard count, stated by every page on the search form (data-shards);
     the manifest says it too, for a page without the form. */
  function shardCount() {
    var form = document.querySelector("[data-archive-search]");
    var n = form ? parseInt(form.getAttribute("data-shards"), 10) : 0;
    return n > 0 ? Promise.resolve(n) : load("manifest").then(function (m) { return m.shards; });
  }
  function entry(term) {
    if (decoded[term]) return Promise.resolve(decoded[term]);
    return shardCount().then(function (shards) {
      return load("s/" + shardOf(shardKey(term), shards));
    }).then(function (shard) {
      var found = shard[term], postings = decodePostings(found ? found[1] : "");
      decoded[term] = { idf: found ? found[0] : 0, docs: postings.docs, weights: postings.weights };
      return decoded[term];
    });
  }

  /* ---- query (generator/search_query.py) ---- */
  function pushNew(list, items) { items.forEach(function (x) { if (list.indexOf(x) < 0) list.push(x); }); }
  function parseQuery(text, filters) {
    text = text.normalize("NFC");
    var phrases = [], m;
    PHRASE.lastIndex = 0;
    while ((m = PHRASE.exec(text))) phrases.push(tokens(m[1]));
    var free = tokens(text.replace(PHRASE, " "));
    var q = { units: [], exact: [], pairs: [], required: [], phrases: [] };
    [free].concat(phrases).forEach(function (toks) {
      var folded = toks.map(fold);
      pushNew(q.units, folded);
      pushNew(q.exact, toks.filter(function (t) { return exactForm(t) !== fold(t); })
        .map(function (t) { return "=" + exactForm(t); }));
      pushNew(q.pairs, bigrams(folded));
    });
    phrases.forEach(function (toks) {
      var folded = toks.map(fold);
      if (folded.length) q.required.push(folded.length > 1 ? bigrams(folded) : folded);
      if (folded.length > 2) q.phrases.push(folded);
    });
    Object.keys(filters || {}).forEach(function (facet) {
      var value = filters[facet];
      if (value) q.required.push([FACET_PREFIX[facet] + (slugify(value) || value)]);
    });
    return q;
  }

  function rank(q) {
    var terms = q.units.concat(q.exact, q.pairs);
    q.required.forEach(function (r) { pushNew(terms, r); });
    return Promise.all(terms.map(entry)).then(function (entries) {
      var byTerm = {}, size = 0, required = [];
      terms.forEach(function (t, i) {
        var e = byTerm[t] = entries[i];
        if (e.docs.length) size = Math.max(size, e.docs[e.docs.length - 1] + 1);
      });
      q.required.forEach(function (r) { pushNew(required, r); });
      var score = new Float64Array(size), matched = new Int32Array(size), has = new Int32Array(size);
      q.units.forEach(function (u) {
        var e = byTerm[u];
        for (var i = 0; i < e.docs.length; i++) { score[e.docs[i]] += e.idf * e.weights[i]; matched[e.docs[i]] += 1; }
      });
      q.exact.concat(q.pairs).forEach(function (t) {
        var e = byTerm[t];
        for (var i = 0; i < e.docs.length; i++) if (matched[e.docs[i]]) score[e.docs[i]] += e.idf * e.weights[i];
      });
      required.forEach(function (t) { byTerm[t].docs.forEach(function (d) { has[d] += 1; }); });
      var ranked = [];
      for (var d = 0; d < size; d++) {
        if ((matched[d] || !q.units.length) && has[d] === required.length) {
          ranked.push([d, score[d] * matched[d]]);
        }
      }
      ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      return ranked;
    });
  }

  function bestBlock(blocks, q) {
    var best = -1, bestScore = 0;
    blocks.forEach(function (block, i) {
      var folded = tokens(block[1]).map(fold);
      var set = new Set(folded), pairSet = new Set(bigrams(folded));
      var distinct = q.units.filter(function (u) { return set.has(u); }).length;
      var pairs = q.pairs.filter(function (p) { return pairSet.has(p); }).length;
      var hits = folded.filter(function (f) { return q.units.indexOf(f) >= 0; }).length;
      var s = distinct * 10000 + pairs * 100 + Math.min(hits, 99);
      if (s > bestScore) { best = i; bestScore = s; }
    });
    return best;
  }

  /* The hit whose window holds the most distinct query words (the first such), else 0. */
  function windowStart(folded, hits, q) {
    var best = 0, bestCount = 0, reach = SNIPPET_TOKENS - SNIPPET_BEFORE;
    for (var i = 0; i < folded.length; i++) {
      if (!hits[i]) continue;
      var inWindow = new Set(folded.slice(i, i + reach));
      var count = q.units.filter(function (u) { return inWindow.has(u); }).length;
      if (count > bestCount) { best = i; bestCount = count; }
    }
    return best;
  }

  function snippet(text, q) {
    text = text.normalize("NFC");
    var spans = [], m, re = new RegExp(TOKEN.source, "gu");
    while ((m = re.exec(text))) spans.push([m.index, m.index + m[0].length]);
    if (!spans.length) return [[text, false]];
    var folded = spans.map(function (s) { return fold(text.slice(s[0], s[1]).toLowerCase()); });
    var hits = folded.map(function (f) { return q.units.indexOf(f) >= 0; });
    var start = Math.max(0, windowStart(folded, hits, q) - SNIPPET_BEFORE);
    var end = Math.min(spans.length, start + SNIPPET_TOKENS);
    var segments = start > 0 ? [["…", false]] : [], pos = spans[start][0];
    for (var i = start; i < end; i++) {
      if (hits[i]) {
        segments.push([text.slice(pos, spans[i][0]), false], [text.slice(spans[i][0], spans[i][1]), true]);
        pos = spans[i][1];
      }
    }
    segments.push([text.slice(pos, spans[end - 1][1]), false]);
    if (end < spans.length) segments.push(["…", false]);
    return segments.filter(function (s) { return s[0]; });
  }

  function hasPhrases(d, q) {
    var texts = [d.symbol, d.subject].concat(d.blocks.map(function (b) { return b[1]; }))
      .map(function (x) { return tokens(x).map(fold); });
    return q.phrases.every(function (p) {
      return texts.some(function (words) {
        for (var i = 0; i + p.length <= words.length; i++) {
          if (p.every(function (w, j) { return words[i + j] === w; })) return true;
        }
        return false;
      });
    });
  }

  function result(d, doc, score, q) {
    var i = bestBlock(d.blocks, q);
    var text = i >= 0 ? d.blocks[i][1] : (d.blocks.length ? d.blocks[0][1] : d.subject);
    return {
      doc: doc, score: score, symbol: d.symbol, date: d.date, subject: d.subject, type: d.type,
      url: d.url + (i >= 0 && d.blocks[i][0] ? "#" + d.blocks[i][0] : ""), snippet: snippet(text, q)
    };
  }

  /* Read result documents in order, a batch at a time, skipping those failing a long phrase. */
  function collect(ranked, q, limit) {
    var results = [], total = ranked.length, next = 0;
    function batch() {
      if (results.length >= limit || next >= ranked.length) return Promise.resolve({ total: total, results: results });
      var slice = ranked.slice(next, next + limit - results.length);
      next += slice.length;
      return Promise.all(slice.map(function (r) { return load("d/" + r[0]); })).then(function (docs) {
        docs.forEach(function (d, i) {
          if (hasPhrases(d, q)) results.push(result(d, slice[i][0], slice[i][1], q));
          else total -= 1;
        });
        return batch();
      });
    }
    return batch();
  }

  function query(text, filters, limit) {
    var started = performance.now(), q = parseQuery(text, filters);
    if (!q.units.length && !q.required.length) return Promise.resolve({ total: 0, results: [], ms: 0 });
    return rank(q).then(function (ranked) {
      return collect(ranked, q, limit || PAGE_SIZE).then(function (answer) {
        answer.ms = performance.now() - started;
        return answer;
      });
    });
  }

  /* ---- user interface ---- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function displayDate(iso) { return iso ? iso.slice(8, 10) + "/" + iso.slice(5, 7) + "/" + iso.slice(0, 4) : "—"; }

  function fillSelect(select, choices) {
    if (!select || select.options.length > 1) return;
    choices.forEach(function (f) {
      var option = el("option", "", f[1] + " (" + f[2] + ")");
      option.value = f[1];
      select.appendChild(option);
    });
  }
  function fillFilters(form, manifest) {
    Object.keys(manifest.facets).forEach(function (facet) {
      fillSelect(form.querySelector("select[name='" + facet + "']"), manifest.facets[facet]);
    });
  }

  function render(form, answer) {
    var list = form.querySelector(".archive-search__results");
    var meta = form.querySelector(".archive-search__meta");
    list.textContent = "";
    meta.textContent = answer.total ? "Tìm thấy " + answer.total + " văn bản" : "Không tìm thấy văn bản nào";
    answer.results.forEach(function (r) {
      var item = el("li", "archive-search__result");
      var link = el("a");
      link.href = root + r.url;
      link.appendChild(el("span", "archive-search__symbol", r.symbol || "—"));
      link.appendChild(el("span", "archive-search__date", displayDate(r.date)));
      link.appendChild(el("span", "archive-search__subject", r.subject));
      var snip = el("span", "archive-search__snippet");
      r.snippet.forEach(function (s) { snip.appendChild(s[1] ? el("mark", "", s[0]) : document.createTextNode(s[0])); });
      link.appendChild(snip);
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  function setUp(form) {
    var input = form.querySelector("input[name='q']");
    var panel = form.querySelector(".archive-search__panel");
    var timer = null, generation = 0;
    function filters() {
      var f = {};
      form.querySelectorAll("select").forEach(function (s) { f[s.name] = s.value; });
      return f;
    }
    function fail(err) { form.querySelector(".archive-search__meta").textContent = "Lỗi tìm kiếm: " + err.message; }
    function run() {  /* the filter choices load beside the query, not before it */
      var mine = ++generation;
      panel.hidden = false;
      load("manifest").then(function (manifest) { fillFilters(form, manifest); }).catch(fail);
      query(input.value, filters(), PAGE_SIZE).then(function (answer) {
        if (mine !== generation) return;
        render(form, answer);
        form.setAttribute("data-state", "done");
      }).catch(fail);
    }
    function soon() {
      form.setAttribute("data-state", "busy");
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    }
    input.addEventListener("input", soon);
    form.addEventListener("change", soon);
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(); });
    input.addEventListener("focus", function () { load("manifest").then(function (m) { fillFilters(form, m); }); });
    var recipient = form.querySelector("select[name='recipient']");
    ["focus", "mousedown"].forEach(function (kind) {
      recipient.addEventListener(kind, function () {
        load("recipients").then(function (choices) { fillSelect(recipient, choices); });
      });
    });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") panel.hidden = true; });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) panel.hidden = true; });
  }

  window.archiveSearch = {
    add: function (name, value) { data[name] = value; },
    query: query,
    loaded: loaded,
    rules: { tokens: tokens, fold: fold, exactForm: exactForm, shardOf: shardOf }
  };
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-archive-search]").forEach(setUp);
  });
})();
