/* Archive search: lunr.js over the term shards a query loads (generator/search/).
 *
 * Nothing is loaded until the search box is used. The index is a set of .js files that call
 * archiveSearch.add() (search/manifest.js, s/<k>.js, p/<k>.js, d/<n>.js) and lunr.js itself
 * (search/lunr.js); all are loaded with <script> tags, so the site searches over http and
 * from file://. A query loads lunr.js, the manifest and its terms' shards in one parallel
 * round (the shard count is on the page: data-shards of the search form), a prefix's word
 * list first when the last word is still being typed, then the files of the results shown.
 * It assembles those terms into one small lunr index and asks lunr; lunr scores a document
 * as a sum over the query's terms, so this ranks as the whole index would.
 * Text rules and query meaning are generator/search/terms.py and query.py, line for line;
 * the pipeline functions are registered with lunr.js under the names lunr.py knows them.
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
  var SYMBOL = /^\d+\/\S+$/;
  var BOUNDARY = "\u00b6";
  var FACET_PREFIX = { type: "!t:", year: "!y:", unit: "!u:", kinh_gui: "!k:", noi_nhan: "!n:", status: "!s:" };
  var SNIPPET_BEFORE = 10, SNIPPET_TOKENS = 40;

  var script = document.currentScript;
  var root = script ? script.src.replace(/assets\/javascripts\/archive-search\.js(\?.*)?$/, "") : "";
  var data = {}, pending = {}, loaded = [];

  /* ---- text rules (terms.py) ---- */
  function tokens(text) { return text.normalize("NFC").toLowerCase().match(TOKEN) || []; }
  function fold(text) {
    return text.normalize("NFD").replace(MARK, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function exactForm(token) {
    var nfd = token.normalize("NFD");
    return (nfd.replace(TONES, "") + (nfd.match(TONES) || []).join("")).normalize("NFC");
  }
  function tokenForms(token) {
    var folded = fold(token), exact = exactForm(token);
    return [folded, exact !== folded ? "=" + exact : ""];
  }
  function tokenTerms(word, next) {
    if (word === BOUNDARY) return [];
    var forms = tokenForms(word), out = forms[1] ? [forms[0], forms[1]] : [forms[0]];
    if (next != null && next !== BOUNDARY) out.push(forms[0] + " " + tokenForms(next)[0]);
    return out;
  }
  function searchForm(word) {
    if (word.indexOf(" ") >= 0) return fold(word);
    var forms = tokenForms(word);
    return forms[1] || forms[0];
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
  function prefixKey(word) { return Array.from(word).slice(0, 2).join(""); }
  /* [[doc, value], ...] of an encoded posting list. */
  function decodePostings(text) {
    var pairs = [], value = 0, scale = 1, doc = -1, gap = null;
    for (var i = 0; i < text.length; i++) {
      var d = DIGIT[text[i]];
      value += (d & 31) * scale;
      if (d >= 32) { scale *= 32; continue; }
      if (gap === null) { gap = value; } else { doc += gap + 1; pairs.push([doc, value]); gap = null; }
      value = 0; scale = 1;
    }
    return pairs;
  }
  function unique(list) { return list.filter(function (x, i) { return list.indexOf(x) === i; }); }

  /* ---- loading ---- */
  function load(name) {
    if (!pending[name]) {
      pending[name] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = root + "search/" + name + ".js";
        tag.onload = function () {
          loaded.push(name + ".js");
          resolve(typeof data[name] === "string" ? unpack(data[name]) : data[name]);
        };
        tag.onerror = function () { delete pending[name]; reject(new Error("cannot load " + tag.src)); };
        document.head.appendChild(tag);
      });
    }
    return pending[name];
  }
  /* A packed index file: base64 of zlib-deflated JSON (generator/search/index.py's script). */
  function unpack(text) {
    var bytes = Uint8Array.from(atob(text), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).text().then(JSON.parse);
  }
  function loadLunr() {
    return load("lunr").then(function () {
      if (!lunr.Pipeline.registeredFunctions.viSearchForm) {
        var viIndexForms = function (token, i, all) {
          var next = i + 1 < all.length ? all[i + 1].toString() : null;
          return tokenTerms(token.toString(), next).map(function (t) {
            return token.clone(function () { return t; });
          });
        };
        var viSearchForm = function (token) { return token.update(searchForm); };
        lunr.Pipeline.registerFunction(viIndexForms, "viIndexForms");
        lunr.Pipeline.registerFunction(viSearchForm, "viSearchForm");
      }
      return lunr;
    });
  }
  /* The index's shard and prefix file counts, stated by every page on the search form
     (data-shards, data-prefix-files); the manifest says them too, for a page without it. */
  function stated(attribute, key) {
    var form = document.querySelector("[data-archive-search]");
    var n = form ? parseInt(form.getAttribute(attribute), 10) : 0;
    return n > 0 ? Promise.resolve(n) : load("manifest").then(function (m) { return m[key]; });
  }
  function shardCount() { return stated("data-shards", "shards"); }
  function entries(terms) {
    return shardCount().then(function (shards) {
      return Promise.all(terms.map(function (t) { return load("s/" + shardOf(shardKey(t), shards)); }))
        .then(function (files) {
          var out = {};
          terms.forEach(function (t, i) { if (files[i][t]) out[t] = files[i][t]; });
          return out;
        });
    });
  }
  function prefixWords(word) {
    return stated("data-prefix-files", "prefix_files").then(function (files) {
      return load("p/" + shardOf(prefixKey(word), files));
    });
  }

  /* ---- what a query means (query.py) ---- */
  function Word(text, prefix, paired) {
    this.text = text; this.prefix = !!prefix; this.paired = !!paired; this.folded = fold(text);
    this.term = this.prefix ? this.folded : searchForm(text);
  }
  Word.prototype.hits = function (token) {
    if (this.prefix) return fold(token).indexOf(this.folded) === 0;
    return this.term[0] === "=" ? "=" + exactForm(token) === this.term : fold(token) === this.term;
  };

  function parseQuery(text, filters, prefix) {
    text = text.normalize("NFC");
    var phrases = [], m;
    PHRASE.lastIndex = 0;
    while ((m = PHRASE.exec(text))) phrases.push(tokens(m[1]));
    var free = tokens(text.replace(PHRASE, " "));
    var q = { words: [], pairs: [], phrasePairs: [], filters: [], symbol: "", phrases: [], runs: [], asked: text.trim() };
    if (!phrases.length && SYMBOL.test(text.trim())) { q.symbol = text.trim(); phrases = [free]; free = []; }
    var last = free[free.length - 1];
    var typing = !!(prefix && free.length && text === text.replace(/\s+$/, "") &&
      text.toLowerCase().slice(-last.length) === last && Array.from(last).length > 1);
    var words = (typing ? free.slice(0, -1) : free).map(function (t) { return new Word(t); });
    if (typing) words.push(new Word(last, true));
    phrases.forEach(function (toks) {
      toks.forEach(function (t) { words.push(new Word(t, false, toks.length > 1 && searchForm(t)[0] !== "=")); });
      bigrams(toks.map(fold)).forEach(function (b) { if (q.phrasePairs.indexOf(b) < 0) q.phrasePairs.push(b); });
      if (toks.length > 2 && !q.symbol) q.phrases.push(toks.map(fold));
      if (toks.length > 1) q.runs.push(toks.map(fold));
    });
    var seen = {};
    q.words = words.filter(function (w) {
      var key = w.text + (w.prefix ? "*" : "") + (w.paired ? "~" : "");
      return seen[key] ? false : (seen[key] = true);
    });
    q.pairs = unique(bigrams(free.map(fold)))
      .filter(function (b) { return q.phrasePairs.indexOf(b) < 0; });
    Object.keys(filters || {}).forEach(function (facet) {
      if (filters[facet]) q.filters.push(FACET_PREFIX[facet] + (slugify(filters[facet]) || filters[facet]));
    });
    return q;
  }
  function lookups(q) {
    var terms = q.words.filter(function (w) { return !w.paired; }).map(function (w) { return searchForm(w.text); });
    return unique(terms.concat(q.pairs, q.phrasePairs, q.filters));
  }
  function clauses(q, partial, manifest) {
    var need = partial ? lunr.Query.presence.OPTIONAL : lunr.Query.presence.REQUIRED, out = [];
    q.words.forEach(function (w) {
      if (w.paired) return;
      if (w.prefix) {
        out.push({ term: w.folded, usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING,
                   boost: manifest.rules.prefix_boost, presence: need });
        out.push({ term: w.text, presence: lunr.Query.presence.OPTIONAL });
      } else {
        out.push({ term: w.text, presence: need });
      }
    });
    q.phrasePairs.forEach(function (b) { out.push({ term: b, presence: need }); });
    q.pairs.forEach(function (b) { out.push({ term: b, presence: lunr.Query.presence.OPTIONAL }); });
    return out;
  }

  /* The serialised lunr index holding only `found`'s terms (engine.assemble). */
  function assemble(found, fields) {
    var inverted = [], vectors = {}, refs = [];
    Object.keys(found).sort(codePointOrder).forEach(function (term, i) {
      var posting = { _index: i };
      fields.forEach(function (field, f) {
        var docs = posting[field] = {};
        decodePostings(found[term][f]).forEach(function (pair) {
          var ref = field + "/" + pair[0];
          docs[String(pair[0])] = {};
          if (!vectors[ref]) { vectors[ref] = []; refs.push(ref); }
          vectors[ref].push(i, pair[1] / 1000);
        });
      });
      inverted.push([term, posting]);
    });
    return {
      version: lunr.version, fields: fields, invertedIndex: inverted, pipeline: ["viSearchForm"],
      fieldVectors: refs.map(function (ref) { return [ref, vectors[ref]]; })
    };
  }
  function codePointOrder(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d;
    }
    return x.length - y.length;
  }
  function withPrefix(prefix, words, most) {
    return Object.keys(words).filter(function (w) { return w.indexOf(prefix) === 0; })
      .sort(function (a, b) { return words[b] - words[a] || codePointOrder(a, b); }).slice(0, most);
  }
  function nearest(word, words) {
    var indexed = lunr.TokenSet.fromArray(Object.keys(words).sort(codePointOrder));
    for (var distance = 1; distance <= 2; distance++) {
      var found = indexed.intersect(lunr.TokenSet.fromFuzzyString(word, distance)).toArray()
        .filter(function (w) { return w !== word; });
      if (found.length) {
        return found.sort(function (a, b) { return words[b] - words[a] || codePointOrder(a, b); })[0];
      }
    }
    return null;
  }

  /* [doc, score, carries the symbol] of every match, in relevance order (query.ranked). */
  function ranked(q, partial, manifest) {
    var prefixes = q.words.filter(function (w) { return w.prefix; });
    return Promise.all(prefixes.map(function (w) { return prefixWords(w.folded); })).then(function (lists) {
      var expansions = [];
      prefixes.forEach(function (w, i) {
        expansions = expansions.concat(withPrefix(w.folded, lists[i], manifest.rules.prefix_terms));
      });
      return entries(unique(lookups(q).concat(expansions)));
    }).then(function (found) {
      var allowed = null, terms = {};
      q.filters.forEach(function (key) {
        var docs = new Set(found[key] ? decodePostings(found[key][1]).map(function (p) { return p[0]; }) : []);
        allowed = allowed === null ? docs : new Set(Array.from(allowed).filter(function (d) { return docs.has(d); }));
      });
      if (!q.words.length) {
        return Array.from(allowed || []).sort(function (a, b) { return a - b; })
          .map(function (d) { return [d, 0, false]; });
      }
      Object.keys(found).forEach(function (t) { if (t[0] !== "!") terms[t] = found[t][1]; });
      var index = lunr.Index.load(assemble(terms, manifest.fields));
      var all = clauses(q, partial, manifest);
      var matches = index.query(function (lq) { all.forEach(function (c) { lq.term(c.term, c); }); });
      var symbolTerms = !q.symbol ? [] :
        q.phrasePairs.length ? q.phrasePairs : q.words.map(function (w) { return w.term; });
      var out = [];
      matches.forEach(function (match) {
        var doc = parseInt(match.ref, 10);
        if (allowed !== null && !allowed.has(doc)) return;
        var meta = match.matchData.metadata;
        var carries = symbolTerms.length > 0 && symbolTerms.every(function (t) { return meta[t] && meta[t].symbol; });
        out.push([doc, match.score, carries]);
      });
      return out.sort(function (a, b) { return carriersFirst(a, b) || round6(b[1]) - round6(a[1]) || a[0] - b[0]; });
    });
  }
  function round6(x) { return Math.round(x * 1e6) / 1e6; }
  function carriersFirst(a, b) { return a[2] === b[2] ? 0 : a[2] ? -1 : 1; }

  function suggest(q, text, found) {
    var long = q.words.filter(function (w) {
      return !w.prefix && !w.paired && Array.from(w.text).length >= found.rules.suggest_min && !found.has[w.term];
    });
    return Promise.all(long.map(function (w) { return prefixWords(w.folded); })).then(function (lists) {
      var out = text.normalize("NFC"), changed = false;
      long.forEach(function (w, i) {
        var near = nearest(w.folded, lists[i]);
        if (near) {
          var at = out.toLowerCase().indexOf(w.text);
          if (at >= 0) { out = out.slice(0, at) + near + out.slice(at + w.text.length); changed = true; }
        }
      });
      return changed ? out : "";
    });
  }

  /* ---- one page of an answer (query.search) ---- */
  var last = { key: null, answer: null };
  function search(text, filters, opts) {
    opts = opts || {};
    var started = performance.now(), q = parseQuery(text, filters, opts.prefix);
    var limit = opts.limit || 10, offset = opts.offset || 0, sort = opts.sort || "relevance";
    if (!q.words.length && !q.filters.length) {
      return Promise.resolve({ total: 0, results: [], docs: [], partial: false, symbol: "", carried: 0, suggestion: "", ms: 0 });
    }
    var key = JSON.stringify([text, filters, !!opts.prefix, sort]);
    /* One parallel round: lunr.js, the manifest, the query's shards and a prefix's words. */
    function firstRound() {
      return Promise.all([loadLunr(), load("manifest"), entries(lookups(q))].concat(
        q.words.filter(function (w) { return w.prefix; }).map(function (w) { return prefixWords(w.folded); })));
    }
    var matched = last.key === key ? Promise.resolve(last.answer) :
      firstRound().then(function (got) {
        var manifest = got[1];
        return ranked(q, false, manifest).then(function (matches) {
          var answer = { partial: false, symbol: q.symbol, suggestion: "" };
          if (!matches.length && q.words.length > 1 && !q.symbol) {
            return ranked(q, true, manifest).then(function (m) {
              answer.partial = m.length > 0; answer.matches = m; return answer;
            });
          }
          answer.matches = matches;
          return answer;
        }).then(function (answer) {
          if (sort === "newest") answer.matches.sort(function (a, b) { return carriersFirst(a, b) || a[0] - b[0]; });
          answer.carried = answer.matches.filter(function (m) { return m[2]; }).length;
          return entries(q.words.filter(function (w) { return !w.prefix && !w.paired; })
            .map(function (w) { return w.term; })).then(function (has) {
            return suggest(q, text, { rules: manifest.rules, has: has });
          }).then(function (suggestion) { answer.suggestion = suggestion; return answer; });
        });
      });
    return matched.then(function (answer) {
      last = { key: key, answer: answer };
      return q.phrases.length ? checkedPhrases(answer, q.phrases, offset + limit) : answer;
    }).then(function (answer) {
      answer.total = answer.matches.length;
      var page = answer.matches.slice(offset, offset + limit);
      return Promise.all(page.map(function (m) { return load("d/" + m[0]); })).then(function (docs) {
        return {
          total: answer.total, partial: answer.partial, symbol: answer.symbol, carried: answer.carried,
          atMost: !!answer.atMost, suggestion: answer.suggestion, ms: performance.now() - started,
          docs: answer.matches.map(function (m) { return m[0]; }),
          results: docs.map(function (d, i) { return result(d, page[i][0], page[i][1], q, page[i][2]); })
        };
      });
    });
  }

  /* query.checked_phrases: check long phrases a batch at a time (the files of one batch
     load in parallel) until `need` pass; the cached answer keeps the progress, so
     "Xem thêm" goes on where the last page stopped. */
  function checkedPhrases(answer, phrases, need) {
    answer.kept = answer.kept || [];
    answer.unchecked = answer.unchecked || answer.matches.slice();
    if (answer.kept.length >= need || !answer.unchecked.length) {
      return Promise.resolve(Object.assign({}, answer, {
        matches: answer.kept.concat(answer.unchecked), atMost: answer.unchecked.length > 0 }));
    }
    var batch = answer.unchecked.splice(0, need - answer.kept.length);
    return Promise.all(batch.map(function (m) { return load("d/" + m[0]); })).then(function (docs) {
      batch.forEach(function (m, i) { if (hasPhrases(docs[i], phrases)) answer.kept.push(m); });
      return checkedPhrases(answer, phrases, need);
    });
  }
  function hasPhrases(d, phrases) {
    var texts = [d.symbol, d.subject].concat(d.blocks.map(function (b) { return b[1]; }))
      .map(function (x) { return tokens(x).map(fold); });
    return phrases.every(function (p) {
      return texts.some(function (words) {
        for (var i = 0; i + p.length <= words.length; i++) {
          if (p.every(function (w, j) { return words[i + j] === w; })) return true;
        }
        return false;
      });
    });
  }

  /* ---- snippets (query.py) ---- */
  function wordHits(words, q) {
    var out = words.map(function (t) {
      for (var i = 0; i < q.words.length; i++) if (q.words[i].hits(t)) return i;
      return -1;
    });
    var wanted = new Set(q.pairs.concat(q.phrasePairs)), folded = words.map(fold);
    var inPair = words.map(function () { return false; });
    for (var j = 0; j + 1 < words.length; j++) {
      if (wanted.has(folded[j] + " " + folded[j + 1]) && out[j] >= 0 && out[j + 1] >= 0) {
        inPair[j] = inPair[j + 1] = true;
      }
    }
    if (inPair.some(Boolean)) {
      var paired = new Set();
      wanted.forEach(function (p) { p.split(" ").forEach(function (w) { paired.add(w); }); });
      out = out.map(function (h, j) { return inPair[j] || h < 0 || !paired.has(folded[j]) ? h : -1; });
    }
    return wholeRuns(out, folded, q.runs);
  }
  /* results._whole_runs: a symbol's or quoted phrase's words are hits only inside a whole run. */
  function wholeRuns(hits, folded, runs) {
    if (!runs.length) return hits;
    var inside = folded.map(function () { return false; }), inRuns = new Set();
    runs.forEach(function (run) {
      run.forEach(function (w) { inRuns.add(w); });
      for (var j = 0; j + run.length <= folded.length; j++) {
        if (run.every(function (w, k) { return folded[j + k] === w; })) {
          for (var k = 0; k < run.length; k++) inside[j + k] = true;
        }
      }
    });
    return hits.map(function (h, j) { return h < 0 || inside[j] || !inRuns.has(folded[j]) ? h : -1; });
  }
  function bestBlock(blocks, q) {
    var best = -1, bestScore = 0, wanted = new Set(q.pairs.concat(q.phrasePairs));
    blocks.forEach(function (block, i) {
      var words = tokens(block[1]), hits = wordHits(words, q).filter(function (h) { return h >= 0; });
      var pairs = new Set(bigrams(words.map(fold)).filter(function (b) { return wanted.has(b); })).size;
      var s = new Set(hits).size * 10000 + pairs * 100 + Math.min(hits.length, 99);
      if (s > bestScore) { best = i; bestScore = s; }
    });
    return best;
  }
  function windowStart(hits) {
    var best = 0, bestCount = 0, reach = SNIPPET_TOKENS - SNIPPET_BEFORE;
    for (var i = 0; i < hits.length; i++) {
      if (hits[i] < 0) continue;
      var count = new Set(hits.slice(i, i + reach).filter(function (h) { return h >= 0; })).size;
      if (count > bestCount) { best = i; bestCount = count; }
    }
    return best;
  }
  function snippet(text, q) {
    text = text.normalize("NFC");
    var spans = [], m, re = new RegExp(TOKEN.source, "gu");
    while ((m = re.exec(text))) spans.push([m.index, m.index + m[0].length]);
    if (!spans.length) return [[text, false]];
    var hits = wordHits(spans.map(function (s) { return text.slice(s[0], s[1]).toLowerCase(); }), q);
    var start = Math.max(0, windowStart(hits) - SNIPPET_BEFORE);
    var end = Math.min(spans.length, start + SNIPPET_TOKENS);
    var segments = start > 0 ? [["…", false]] : [], pos = spans[start][0];
    for (var i = start; i < end; i++) {
      if (hits[i] >= 0) {
        segments.push([text.slice(pos, spans[i][0]), false], [text.slice(spans[i][0], spans[i][1]), true]);
        pos = spans[i][1];
      }
    }
    segments.push([text.slice(pos, spans[end - 1][1]), false]);
    if (end < spans.length) segments.push(["…", false]);
    return segments.filter(function (s) { return s[0]; });
  }
  function result(d, doc, score, q, carries) {
    var i = bestBlock(d.blocks, q);
    var text = i >= 0 ? d.blocks[i][1] : (d.blocks.length ? d.blocks[0][1] : d.subject);
    var anchor = i >= 0 && !carries ? d.blocks[i][0] : "";
    return {
      doc: doc, score: score, symbol: d.symbol, date: d.date, subject: d.subject, type: d.type,
      cites: !!q.symbol && !carries, carries: !!q.symbol && !!carries, url: d.url + (anchor ? "#" + anchor : ""),
      snippet: snippet(text, q), asked: q.asked
    };
  }

  /* ---- user interface ---- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function displayDate(iso) { return iso ? iso.slice(8, 10) + "/" + iso.slice(5, 7) + "/" + iso.slice(0, 4) : "—"; }
  function summary(answer) {
    var lines = [];
    if (answer.symbol && !answer.carried) {
      lines.push("Không có văn bản nào mang số " + answer.symbol + "." +
        (answer.total ? " " + answer.total + " văn bản trích dẫn số này:" : ""));
    } else if (answer.partial) {
      lines.push("Không có văn bản nào chứa đủ các từ đã gõ; " + answer.total +
        " văn bản chứa một phần:");
    } else {
      lines.push(answer.total ? "Tìm thấy " + (answer.atMost ? "tối đa " : "") + answer.total + " văn bản"
        : "Không tìm thấy văn bản nào");
    }
    return lines.join(" ");
  }

  /* A filter's choices with their counts: of the current results when `counts` is given
     ({filter key: n}; choices none of them has are left out, but the one chosen), else of
     the archive (the manifest's). */
  function fillSelect(select, choices, counts) {
    if (!select) return;
    var wanted = select.value || select.getAttribute("data-wanted") || "";
    while (select.options.length > 1) select.remove(1);
    choices.forEach(function (f) {
      var n = counts ? counts[f[0]] || 0 : f[2];
      if (n === 0 && f[1] !== wanted) return;
      var option = el("option", "", f[1] + " (" + n + ")");
      option.value = f[1];
      select.appendChild(option);
    });
    if (wanted && !Array.from(select.options).some(function (o) { return o.value === wanted; })) {
      select.appendChild(new Option(wanted, wanted));
    }
    select.value = wanted;
  }
  function fillFilters(form, manifest, counts) {
    Object.keys(manifest.facets).forEach(function (facet) {
      fillSelect(form.querySelector("select[name='" + facet + "']"), manifest.facets[facet], counts && counts[facet]);
    });
  }
  /* {facet: {filter key: n} | null} for the filters `f` of a query: each facet counts the
     results of the query under the other facets' choices (so a chosen year still offers the
     others); null, the archive's counts, where neither words nor other choices narrow it. */
  function countsByFacet(text, f, docs, opts) {
    var facets = Object.keys(FACET_PREFIX), shared = null;
    return Promise.all(facets.map(function (facet) {
      var others = Object.assign({}, f);
      others[facet] = "";
      if (!text.trim() && !facets.some(function (k) { return others[k]; })) return null;
      if (!f[facet]) return shared || (shared = facetCounts(docs));
      return search(text, others, { prefix: opts.prefix, sort: opts.sort, limit: 1 })
        .then(function (answer) { return facetCounts(answer.docs); });
    })).then(function (counts) {
      var out = {};
      facets.forEach(function (facet, i) { out[facet] = counts[i]; });
      return out;
    });
  }
  /* {filter key: how many of `docs` have it}, from f.js (generator/search/index.py). */
  function facetCounts(docs) {
    return load("f").then(function (postings) {
      var wanted = new Set(docs), counts = {};
      Object.keys(postings).forEach(function (key) {
        counts[key] = decodePostings(postings[key]).filter(function (p) { return wanted.has(p[0]); }).length;
      });
      return counts;
    });
  }
  /* The page a result opens, with ?h= the query as typed, whose words (a symbol or quoted
     phrase only as a whole) are marked there. */
  function resultHref(r) {
    var hash = r.url.indexOf("#"), path = hash < 0 ? r.url : r.url.slice(0, hash);
    return root + path + "?h=" + encodeURIComponent(r.asked) + (hash < 0 ? "" : r.url.slice(hash));
  }
  function renderItem(r) {
    var item = el("li", "archive-search__result" + (r.cites ? " archive-search__result--cites" : ""));
    var link = el("a");
    link.href = resultHref(r);
    var symbol = el("span", "archive-search__symbol");  /* the symbol asked for, marked where it is the result's own */
    symbol.appendChild(r.carries ? el("mark", "", r.symbol) : document.createTextNode(r.symbol || "—"));
    link.appendChild(symbol);
    link.appendChild(el("span", "archive-search__date", displayDate(r.date)));
    if (r.cites) link.appendChild(el("span", "archive-search__cites", "trích dẫn số này"));
    link.appendChild(el("span", "archive-search__subject", r.subject));
    var snip = el("span", "archive-search__snippet");
    r.snippet.forEach(function (s) { snip.appendChild(s[1] ? el("mark", "", s[0]) : document.createTextNode(s[0])); });
    link.appendChild(snip);
    item.appendChild(link);
    return item;
  }
  function render(form, answer, append) {
    var list = form.querySelector(".archive-search__results");
    if (!append) list.textContent = "";
    form.querySelector(".archive-search__meta").textContent = summary(answer);
    var hint = form.querySelector(".archive-search__suggestion");
    hint.textContent = "";
    if (answer.suggestion) {
      hint.appendChild(document.createTextNode("Có phải bạn muốn tìm: "));
      var again = el("a", "", answer.suggestion);
      again.href = "javascript:void(0)";
      again.setAttribute("data-query", answer.suggestion);
      hint.appendChild(again);
    }
    answer.results.forEach(function (r) { list.appendChild(renderItem(r)); });
    var more = form.querySelector(".archive-search__more");
    more.hidden = list.children.length >= answer.total;
    more.textContent = "Xem thêm (còn " + (answer.total - list.children.length) + " văn bản)";
  }

  function setUp(form) {
    var input = form.querySelector("input[name='q']");
    var panel = form.querySelector(".archive-search__panel");
    var timer = null, generation = 0, shown = 0;
    function filters() {
      var f = {};
      form.querySelectorAll(".archive-search__filters select").forEach(function (s) { f[s.name] = s.value; });
      return f;
    }
    function sort() { return form.querySelector("select[name='sort']").value; }
    function fail(err) {
      form.querySelector(".archive-search__meta").textContent = "Lỗi tìm kiếm: " + err.message;
    }
    function remember() {  /* the query and filters in the address, for Back, bookmarks and links */
      var params = new URLSearchParams(), f = filters();
      if (input.value) params.set("q", input.value);
      Object.keys(f).forEach(function (k) { if (f[k]) params.set(k, f[k]); });
      if (sort() !== "relevance") params.set("sort", sort());
      var qs = params.toString();
      try {
        history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
      } catch (e) { /* refused from file:// by some browsers: the search still works */ }
    }
    function run(typing, append) {
      var mine = ++generation;
      panel.hidden = false;
      var offset = append ? shown : 0;
      var asked = { prefix: typing, offset: offset, limit: 10, sort: sort() };
      search(input.value, filters(), asked).then(function (answer) {
        if (mine !== generation) return;
        shown = offset + answer.results.length;
        render(form, answer, append);
        return Promise.all([load("manifest"), countsByFacet(input.value, filters(), answer.docs, asked)]).then(function (got) {
          if (mine !== generation) return;
          fillFilters(form, got[0], got[1]);
          form.setAttribute("data-state", "done");
          remember();
        });
      }).catch(fail);
    }
    function soon() {
      form.setAttribute("data-state", "busy");
      clearTimeout(timer);
      timer = setTimeout(function () { run(true, false); }, 150);
    }
    input.addEventListener("input", soon);
    form.addEventListener("change", function (e) {  /* a filter or the order; the box has "input" */
      if (e.target === input) return;
      clearTimeout(timer); run(false, false);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(false, false); });
    form.querySelector(".archive-search__more").addEventListener("click", function () { run(false, true); });
    form.querySelector(".archive-search__suggestion").addEventListener("click", function (e) {
      var q = e.target.getAttribute && e.target.getAttribute("data-query");
      if (q) { input.value = q; run(false, false); }
    });
    input.addEventListener("focus", function () {  /* the archive's counts, until results give theirs */
      if (form.querySelector(".archive-search__filters select").options.length > 1) return;
      load("manifest").then(function (m) { fillFilters(form, m); });
    });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") panel.hidden = true; });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) panel.hidden = true; });
    var params = new URLSearchParams(location.search), asked = false;
    ["q", "sort"].concat(Object.keys(FACET_PREFIX)).forEach(function (k) {
      var v = params.get(k), field = form.querySelector("[name='" + k + "']");
      if (v && field) {
        asked = true;
        if (field.tagName === "SELECT" && !Array.from(field.options).some(function (o) { return o.value === v; })) {
          field.setAttribute("data-wanted", v);
          field.appendChild(new Option(v, v));
        }
        field.value = v;
      }
    });
    if (asked) run(false, false);
  }

  /* The words a search result was opened for (?h=), marked on the page it opened. */
  function highlight() {
    var asked = new URLSearchParams(location.search).get("h"), article = document.querySelector("article");
    if (!asked || !article) return;
    var q = parseQuery(asked, {}, false), walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT), nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue, spans = [], m, re = new RegExp(TOKEN.source, "gu");
      while ((m = re.exec(text))) spans.push([m.index, m.index + m[0].length]);
      var hits = wordHits(spans.map(function (s) { return text.slice(s[0], s[1]).toLowerCase(); }), q);
      if (!hits.some(function (h) { return h >= 0; })) return;
      var out = document.createDocumentFragment(), pos = 0;
      spans.forEach(function (s, i) {
        if (hits[i] < 0) return;
        out.appendChild(document.createTextNode(text.slice(pos, s[0])));
        out.appendChild(el("mark", "archive-search__hit", text.slice(s[0], s[1])));
        pos = s[1];
      });
      out.appendChild(document.createTextNode(text.slice(pos)));
      node.parentNode.replaceChild(out, node);
    });
  }

  window.archiveSearch = {
    add: function (name, value) { data[name] = value; },
    search: search,
    loaded: loaded,
    rules: {
      tokens: tokens, fold: fold, exactForm: exactForm, shardOf: shardOf, tokenTerms: tokenTerms, searchForm: searchForm
    }
  };
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-archive-search]").forEach(setUp);
    highlight();
  });
})();
