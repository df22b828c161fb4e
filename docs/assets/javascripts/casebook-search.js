/*
 * Casebook search: the header search box of the Practice Casebook.
 *
 * Plain ES2017, no build step, no external requests. The index is written by
 * scripts/casebook/search (see its README): a small manifest, posting shards
 * chosen by an FNV-1a hash of each token, and one file per document. Every
 * file is a script calling casebookSearchData(kind, key, data), so loading
 * works from a file:// copy of the site, where fetch/XHR/workers do not.
 *
 * A query is normalized (NFKC, traditional -> simplified from the manifest's
 * OpenCC-derived table, lower case), widened by synonyms, glossary expansions
 * and themes, looked up as whole words and as character bigrams, scored, and
 * the best documents are loaded to verify exact phrases, pick the matching
 * practice and highlight whole query words in a snippet.
 */
(function () {
  "use strict";

  var CALLBACK = "casebookSearchData";
  var SCALE = 4; // index scores are quarter units
  var VERIFY = 12; // documents loaded and re-checked per batch
  var SHOW = 10; // results shown before "more"
  var MIN_COVERAGE = 0.5; // share of query characters a result must contain
  var MIN_COVERAGE_ALT = 0.75; // ... when found by a synonym's spelling
  var PRACTICE_COVERAGE = 0.75; // share of the query a practice must contain to be shown
  var THEME_BONUS = 2; // a theme the query names, per theme, times its idf
  var SNIPPET = 96; // characters of snippet text
  var THEME_PREFIX = "#t:";

  var HAN_CLASS = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u3007\\u{20000}-\\u{2ebef}";
  var SEGMENT_RE = new RegExp("[" + HAN_CLASS + "]+|[0-9a-z]+(?:\\.[0-9]+)?", "gu");
  var HAN_RE = new RegExp("^[" + HAN_CLASS + "]", "u");
  var HAN_ANY_RE = new RegExp("[" + HAN_CLASS + "]", "u");

  /* ------------------------------------------------------------------ *
   * Loading index files with <script> tags
   * ------------------------------------------------------------------ */

  // manifest, posting shards, documents; pinyin lexicon shards, character
  // readings and facet codes (issue #17)
  var received = { m: new Map(), s: new Map(), d: new Map(), p: new Map(), c: new Map(), f: new Map() };
  // casebook-pinyin.js sits next to this script; loaded when a query needs it.
  var PINYIN_SRC = document.currentScript ? new URL("casebook-pinyin.js", document.currentScript.src).href : null;
  var scripts = new Map(); // url -> Promise<boolean>

  window[CALLBACK] = function (kind, key, data) {
    if (received[kind]) received[kind].set(key, data);
  };

  // Over http(s), an index file is fetched and its data read with JSON.parse,
  // which is quicker than compiling it as a script; a file:// copy of the
  // site, where fetch is refused, loads it with a <script> tag.
  var FETCH = /^https?:$/.test(location.protocol) && typeof fetch === "function";
  var PREFIX = CALLBACK + "(";

  function fetchData(url) {
    return fetch(url)
      .then(function (r) {
        return r.ok ? r.text() : null;
      })
      .then(function (text) {
        var end = text ? text.lastIndexOf(")") : -1;
        if (!text || text.indexOf(PREFIX) !== 0 || end < 0) return false;
        var args = JSON.parse("[" + text.slice(PREFIX.length, end) + "]");
        window[CALLBACK](args[0], args[1], args[2]);
        return true;
      })
      .catch(function () {
        return false;
      });
  }

  function scriptTag(url) {
    return new Promise(function (resolve) {
      var el = document.createElement("script");
      el.src = url;
      el.async = true;
      el.onload = function () {
        el.remove();
        resolve(true);
      };
      el.onerror = function () {
        el.remove();
        resolve(false);
      };
      document.head.appendChild(el);
    });
  }

  function loadScript(url) {
    if (scripts.has(url)) return scripts.get(url);
    var promise = FETCH ? fetchData(url) : scriptTag(url);
    promise = promise.then(function (ok) {
      if (!ok) scripts.delete(url); // allow a retry on the next query
      return ok;
    });
    scripts.set(url, promise);
    return promise;
  }

  /* ------------------------------------------------------------------ *
   * Text: normalization, segments, bigrams
   * ------------------------------------------------------------------ */

  var T2S = new Map();
  var VOCAB = new Set(); // vocabulary words from the manifest (glossary, synonyms, themes)

  var NORM = new Map(); // character -> normalized text, memoized

  function normChar(ch) {
    var out = NORM.get(ch);
    if (out === undefined) {
      out = "";
      for (var c of ch.normalize("NFKC")) out += T2S.get(c) || c;
      out = out.toLowerCase();
      NORM.set(ch, out);
    }
    return out;
  }

  function normalize(text) {
    var out = "";
    for (var ch of text) out += normChar(ch);
    return out;
  }

  /* Normalized text with, for each UTF-16 unit, the span of the original
   * text it came from; highlights found in the normalized text are mapped
   * back to the text as written (traditional stays traditional). */
  function mapped(text) {
    var norm = "";
    var from = [];
    var to = [];
    var i = 0;
    for (var ch of text) {
      var n = normChar(ch);
      for (var k = 0; k < n.length; k++) {
        from.push(i);
        to.push(i + ch.length);
      }
      norm += n;
      i += ch.length;
    }
    return { text: text, norm: norm, from: from, to: to };
  }

  function segments(norm) {
    return norm.match(SEGMENT_RE) || [];
  }

  function isHan(seg) {
    return HAN_RE.test(seg);
  }

  function bigrams(seg) {
    var cps = Array.from(seg);
    var out = [];
    for (var i = 0; i + 1 < cps.length; i++) out.push(cps[i] + cps[i + 1]);
    return out;
  }

  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function escapeHTML(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* ------------------------------------------------------------------ *
   * The index
   * ------------------------------------------------------------------ */

  function Index(base) {
    this.base = base;
    this.manifest = null;
    this.opening = null;
  }

  Index.prototype.url = function (path) {
    return new URL("search/" + path, this.base).href;
  };

  Index.prototype.open = function () {
    var self = this;
    if (!this.opening) {
      this.opening = loadScript(this.url("manifest.js")).then(function (ok) {
        var m = received.m.get(0);
        if (!ok || !m) {
          self.opening = null;
          throw new Error("manifest");
        }
        self.prepare(m);
        return self;
      });
    }
    return this.opening;
  };

  Index.prototype.prepare = function (m) {
    this.manifest = m;
    var pairs = Array.from(m.t2s);
    for (var i = 0; i + 1 < pairs.length; i += 2) T2S.set(pairs[i], pairs[i + 1]);
    NORM.clear();
    this.words = VOCAB; // vocabulary words, for finding words inside a query
    var self = this;
    var addWord = function (w) {
      var n = normalize(w);
      if (Array.from(n).length >= 2) self.words.add(n);
    };
    this.synonyms = m.synonyms.map(function (g) {
      g.forEach(addWord);
      return g.map(normalize);
    });
    this.expansions = m.expansions.map(function (e) {
      addWord(e[0]);
      e[1].forEach(addWord);
      return [normalize(e[0]), e[1].map(normalize)];
    });
    m.glossary.forEach(function (g) {
      addWord(g[0]);
      g[2].forEach(addWord);
    });
    this.themes = m.themes.map(function (t) {
      t[3].forEach(addWord);
      return { id: t[0], name: t[1], url: t[2], phrases: t[3].map(normalize), keywords: t[4].map(normalize) };
    });
  };

  Index.prototype.shardOf = function (token) {
    return fnv1a(token) % this.manifest.shards;
  };

  Index.prototype.loadShards = function (tokens) {
    var self = this;
    var wanted = new Set();
    tokens.forEach(function (t) {
      wanted.add(self.shardOf(t));
    });
    var v = this.manifest.version;
    return Promise.all(
      Array.from(wanted).map(function (k) {
        return received.s.has(k) ? true : loadScript(self.url("s/" + k + ".js?v=" + v));
      })
    );
  };

  // A token's postings as stored in its shard (a parsed object): only its own
  // keys, so a query word like "constructor" finds nothing, not Object().
  var HAS = Object.prototype.hasOwnProperty;

  Index.prototype.flat = function (token) {
    var shard = received.s.get(this.shardOf(token));
    var flat = shard && HAS.call(shard, token) ? shard[token] : null;
    return Array.isArray(flat) ? flat : null;
  };

  // A token's postings as {docs, scores, length}, decoded once.
  var DECODED = new Map();

  Index.prototype.postings = function (token) {
    if (DECODED.has(token)) return DECODED.get(token);
    var flat = this.flat(token);
    if (!flat) return null; // not cached: the shard may simply not be loaded yet
    var n = flat.length / 2;
    var out = { docs: new Int32Array(n), scores: new Int32Array(n), length: n };
    var doc = 0;
    for (var i = 0; i < n; i++) {
      doc += flat[2 * i];
      out.docs[i] = doc;
      out.scores[i] = flat[2 * i + 1];
    }
    DECODED.set(token, out);
    return out;
  };

  Index.prototype.loadDocs = function (numbers) {
    var self = this;
    var v = this.manifest.version;
    return Promise.all(
      numbers.map(function (n) {
        return received.d.has(n) ? true : loadScript(self.url("d/" + n + ".js?v=" + v));
      })
    ).then(function () {
      return numbers.map(function (n) {
        return received.d.get(n) || null;
      });
    });
  };

  Index.prototype.idf = function (df) {
    var n = this.manifest.docs;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };

  /* ------------------------------------------------------------------ *
   * Query analysis
   * ------------------------------------------------------------------ */

  /* Alternative spellings of a query, each with a weight:
   * the query itself, synonym replacements, glossary expansions. */
  Index.prototype.variants = function (norm) {
    var out = [{ text: norm, weight: 1, kind: "query" }];
    this.synonyms.forEach(function (group) {
      var found = group.filter(function (w) {
        return norm.indexOf(w) >= 0;
      });
      if (!found.length) return;
      // The longest member present is the one the reader typed (大学生村官, not 村官).
      var typed = found.sort(function (a, b) {
        return b.length - a.length;
      })[0];
      group.forEach(function (other) {
        if (other !== typed && other.indexOf(typed) < 0)
          out.push({ text: norm.split(typed).join(other), weight: 0.9, kind: "synonym" });
      });
    });
    this.expansions.forEach(function (e) {
      if (norm.indexOf(e[0]) < 0) return;
      e[1].forEach(function (item) {
        out.push({ text: item, weight: 0.5, kind: "expansion" });
      });
    });
    // A theme the query names lends its name and keywords, weakly.
    this.themeHits(segments(norm).join("")).forEach(function (t) {
      t.keywords.forEach(function (k) {
        if (norm.indexOf(k) < 0) out.push({ text: k, weight: 0.4, kind: "theme" });
      });
    });
    var seen = new Set();
    return out.filter(function (v) {
      if (seen.has(v.text) || !segments(v.text).length) return false;
      seen.add(v.text);
      return true;
    });
  };

  /* What to look up for one variant.
   * cover: units whose presence counts toward coverage, each with the query
   *        characters it covers; words: whole words looked up for a bonus. */
  Index.prototype.units = function (variant) {
    var self = this;
    var cover = [];
    var words = [];
    var chars = 0;
    segments(variant.text).forEach(function (seg) {
      var cps = Array.from(seg);
      var start = chars;
      chars += cps.length;
      if (variant.kind === "expansion" || variant.kind === "theme" || !isHan(seg) || cps.length === 1) {
        // A whole unit: expansion items and theme keywords are index tokens.
        var span = [];
        for (var i = 0; i < cps.length; i++) span.push(start + i);
        cover.push({ token: seg, chars: span });
        return;
      }
      bigrams(seg).forEach(function (g, i) {
        cover.push({ token: g, chars: [start + i, start + i + 1] });
      });
      if (cps.length >= 3) words.push(seg);
      // Vocabulary words inside the segment (三项制度 in 重庆三项制度).
      for (var a = 0; a < cps.length; a++) {
        for (var b = a + 3; b <= Math.min(cps.length, a + 12); b++) {
          var w = cps.slice(a, b).join("");
          if (w !== seg && self.words.has(w)) words.push(w);
        }
      }
    });
    return { variant: variant, cover: cover, words: words, chars: chars };
  };

  Index.prototype.themeHits = function (norm) {
    var n = Array.from(norm).length;
    return this.themes.filter(function (t) {
      return t.phrases.some(function (p) {
        return (p.length >= 2 && norm.indexOf(p) >= 0) || (n >= 3 && p.indexOf(norm) >= 0);
      });
    });
  };

  /* ------------------------------------------------------------------ *
   * Search
   * ------------------------------------------------------------------ */

  // Results found only through a pinyin spelling rank after those the
  // query's own characters find, however they score.
  var PINYIN_WEIGHT = 0.8;
  var CHARACTER_HIT = 1e9;

  Index.prototype.analyze = function (query, spellings) {
    var norm = normalize(query).trim();
    var self = this;
    var variants = this.variants(norm);
    // A query typed in pinyin is also searched as the Chinese it spells,
    // with everything a Chinese query gets (synonyms, expansions, themes).
    (spellings || []).forEach(function (sp, i) {
      self.variants(sp.text).forEach(function (v) {
        if (variants.some(function (x) {
          return x.text === v.text;
        }))
          return;
        v.weight *= PINYIN_WEIGHT * (1 - 0.1 * i);
        v.pinyin = true;
        variants.push(v);
      });
    });
    var plans = variants.map(function (v) {
      return self.units(v);
    });
    var themes = this.themeHits(segments(norm).join(""));
    (spellings || []).forEach(function (sp) {
      self.themeHits(segments(sp.text).join("")).forEach(function (t) {
        if (themes.indexOf(t) < 0) themes.push(Object.assign({}, t, { pinyin: true }));
      });
    });
    var tokens = new Set();
    plans.forEach(function (p) {
      p.cover.forEach(function (u) {
        tokens.add(u.token);
      });
      p.words.forEach(function (w) {
        tokens.add(w);
      });
    });
    themes.forEach(function (t) {
      tokens.add(THEME_PREFIX + t.id);
    });
    return {
      query: query,
      norm: norm,
      plans: plans,
      themes: themes,
      tokens: Array.from(tokens),
      spellings: (spellings || []).map(function (sp) {
        return sp.text;
      }),
    };
  };

  /* Rank documents from postings alone. Per-document sums live in typed
   * arrays indexed by document number, faster than a Map of objects when a
   * common word brings in most of 10,000 cases. */
  Index.prototype.candidates = function (a) {
    var self = this;
    var n = this.manifest.docs;
    var best = new Float64Array(n); // best plan score of each document
    var planOf = new Int32Array(n).fill(-1);
    var byCharacters = new Uint8Array(n); // found by a plan that is not a pinyin spelling
    var theme = new Float64Array(n);
    var isCandidate = new Uint8Array(n);
    var found = []; // candidate documents
    var mark = function (d) {
      if (!isCandidate[d]) {
        isCandidate[d] = 1;
        found.push(d);
      }
    };
    var popcount = function (x) {
      var k = 0;
      for (; x; k++) x &= x - 1;
      return k;
    };
    // Sums of one plan: score, query characters covered (bits), grams.
    var score = new Float64Array(n);
    var mask = new Int32Array(n);
    var grams = new Int32Array(n);
    var touched = new Uint8Array(n);
    a.plans.forEach(function (plan, p) {
      var docsOfPlan = [];
      var add = function (token, weight, bits) {
        var list = self.postings(token);
        if (!list) return;
        var f = (weight * self.idf(list.length)) / SCALE;
        var docs = list.docs;
        var scores = list.scores;
        for (var i = 0; i < list.length; i++) {
          var d = docs[i];
          if (!touched[d]) {
            touched[d] = 1;
            docsOfPlan.push(d);
          }
          score[d] += f * scores[i];
          if (bits) {
            mask[d] |= bits;
            grams[d] += 1;
          }
        }
      };
      // Query characters as bits (a query longer than 30 characters shares the last bit).
      var chars = Math.min(plan.chars, 31);
      plan.cover.forEach(function (u) {
        var bits = 0;
        u.chars.forEach(function (c) {
          bits |= 1 << Math.min(c, 30);
        });
        add(u.token, 1, bits);
      });
      plan.words.forEach(function (w) {
        add(w, 2, 0);
      });
      var min = plan.variant.kind === "query" ? MIN_COVERAGE : MIN_COVERAGE_ALT;
      docsOfPlan.forEach(function (d) {
        var coverage = chars ? popcount(mask[d]) / chars : 0;
        if (coverage >= min) {
          var adjacency = plan.cover.length ? grams[d] / plan.cover.length : 0;
          var s = plan.variant.weight * score[d] * coverage * coverage * (0.5 + 0.5 * adjacency);
          mark(d);
          if (!plan.variant.pinyin) byCharacters[d] = 1;
          if (s > best[d]) {
            best[d] = s;
            planOf[d] = p;
          }
        }
        touched[d] = 0; // cleared for the next plan
        score[d] = 0;
        mask[d] = 0;
        grams[d] = 0;
      });
    });
    a.themes.forEach(function (t) {
      var list = self.postings(THEME_PREFIX + t.id);
      if (!list) return;
      var bonus = THEME_BONUS * self.idf(list.length);
      for (var i = 0; i < list.length; i++) {
        mark(list.docs[i]);
        theme[list.docs[i]] += bonus;
        if (!t.pinyin) byCharacters[list.docs[i]] = 1;
      }
    });
    var prelim = new Float64Array(n);
    found.forEach(function (d) {
      prelim[d] = best[d] + theme[d] + (byCharacters[d] ? CHARACTER_HIT : 0);
    });
    return new Ranking(found, prelim, function (d) {
      return {
        doc: d,
        score: best[d],
        theme: theme[d],
        plan: planOf[d] >= 0 ? a.plans[planOf[d]] : null,
        prelim: prelim[d],
      };
    });
  };

  /* Candidates best first (higher preliminary score, then lower document
   * number), handed out a batch at a time: picking the best dozen of
   * thousands takes one pass, where sorting them all took longer than the
   * rest of the query's own work. `length`: candidates not handed out yet. */
  function Ranking(docs, prelim, make) {
    this.docs = docs;
    this.prelim = prelim; // by document number
    this.make = make; // document number -> candidate
    this.length = docs.length;
  }

  // A ranking of the same candidates that can be taken from on its own.
  Ranking.prototype.copy = function () {
    return new Ranking(this.docs.slice(), this.prelim, this.make);
  };

  // Only the candidates `keep(document number)` accepts (the case list's filters).
  Ranking.prototype.keep = function (keep) {
    this.docs = this.docs.filter(keep);
    this.length = this.docs.length;
    return this;
  };

  Ranking.prototype.before = function (d, e) {
    var p = this.prelim;
    return p[d] > p[e] || (p[d] === p[e] && d < e);
  };

  Ranking.prototype.take = function (k) {
    var self = this;
    var heap = []; // the best k so far; heap[0] is the worst of them
    var down = function (i) {
      for (;;) {
        var worst = i;
        var l = 2 * i + 1;
        if (l < heap.length && self.before(heap[worst], heap[l])) worst = l;
        if (l + 1 < heap.length && self.before(heap[worst], heap[l + 1])) worst = l + 1;
        if (worst === i) return;
        var t = heap[i];
        heap[i] = heap[worst];
        heap[worst] = t;
        i = worst;
      }
    };
    this.docs.forEach(function (d) {
      if (heap.length < k) {
        heap.push(d);
        for (var i = heap.length - 1; i > 0; ) {
          var up = (i - 1) >> 1;
          if (!self.before(heap[up], heap[i])) break;
          var t = heap[i];
          heap[i] = heap[up];
          heap[up] = t;
          i = up;
        }
      } else if (k && self.before(d, heap[0])) {
        heap[0] = d;
        down(0);
      }
    });
    heap.sort(function (x, y) {
      return self.before(x, y) ? -1 : 1;
    });
    var taken = new Set(heap);
    this.docs = this.docs.filter(function (d) {
      return !taken.has(d);
    });
    this.length = this.docs.length;
    return heap.map(this.make);
  };

  /* The words of a query segment, found like a unigram segmenter does:
   * the split that maximizes a score where a vocabulary word (三项制度,
   * 下基层) counts most and a two-character piece counts by how many
   * documents contain it, so a real word (群众, 结亲) beats a piece across
   * a word boundary (众结). Single characters of a longer segment are never
   * words of it. Computed once the segment's bigram shards are loaded, so
   * the result depends on the index only; cached per segment. */
  var WORDS = new Map();

  Index.prototype.df = function (token) {
    var flat = this.flat(token);
    return flat ? flat.length / 2 : 0;
  };

  Index.prototype.segmentWords = function (seg) {
    if (WORDS.has(seg)) return WORDS.get(seg);
    var cps = Array.from(seg);
    var n = cps.length;
    var words = [seg];
    if (n > 2 && isHan(seg)) {
      var norm = Math.log(1 + this.manifest.docs);
      var best = new Array(n + 1);
      best[n] = [0, []];
      for (var i = n - 1; i >= 0; i--) {
        var b = best[i + 1];
        for (var j = i + 2; j <= Math.min(n, i + 12); j++) {
          if (j - i === n) continue; // the words of a segment, not the segment itself
          var w = cps.slice(i, j).join("");
          var score = 0;
          if (VOCAB.has(w)) score = 3 * (j - i);
          else if (j - i === 2) score = 1 + Math.log(1 + this.df(w)) / norm;
          if (score && best[j][0] + score > b[0]) b = [best[j][0] + score, [w].concat(best[j][1])];
        }
        best[i] = b;
      }
      words = best[0][1];
    }
    WORDS.set(seg, words);
    return words;
  };

  /* The words of each query segment that occur in a normalized text: the
   * whole segment if it occurs, else those of its words that do. With
   * `whole`, a segment of three characters or fewer counts only as a whole
   * (结穷亲 is not highlighted as 穷亲). */
  function pieces(segs, norm, whole) {
    var out = [];
    segs.forEach(function (seg) {
      if (norm.indexOf(seg) >= 0) {
        out.push(seg);
        return;
      }
      if (whole && Array.from(seg).length <= 3) return;
      (WORDS.get(seg) || []).forEach(function (w) {
        if (w !== seg && norm.indexOf(w) >= 0) out.push(w);
      });
    });
    return out;
  }

  function coveredShare(segs, norm) {
    var total = 0;
    var covered = 0;
    segs.forEach(function (seg) {
      total += Array.from(seg).length;
      pieces([seg], norm).forEach(function (p) {
        covered += Array.from(p).length;
      });
    });
    return total ? covered / total : 0;
  }

  function contains(norm, segs) {
    return segs.every(function (s) {
      return norm.indexOf(s) >= 0;
    });
  }

  // Where a field sits in the page: headings and labels (3) beat text (2).
  function docFields(doc) {
    if (doc.__fields) return doc.__fields;
    var fields = [{ kind: "title", rank: 3, m: mapped(doc.t) }];
    doc.g.forEach(function (g) {
      fields.push({ kind: "term", rank: 3, m: mapped(g) });
    });
    fields.push({ kind: "place", rank: 3, m: mapped(doc.r) });
    fields.push({ kind: "place", rank: 3, m: mapped(doc.o) });
    doc.p.forEach(function (p, i) {
      fields.push({ kind: "name", rank: 3, practice: i, m: mapped(p[1]) });
    });
    fields.push({ kind: "summary", rank: 2, m: mapped(doc.s) });
    doc.p.forEach(function (p, i) {
      fields.push({ kind: "practice", rank: 2, practice: i, m: mapped(p[2]) });
    });
    doc.b.forEach(function (b) {
      fields.push({ kind: "body", rank: 2, m: mapped(b) });
    });
    Object.defineProperty(doc, "__fields", { value: fields });
    return fields;
  }

  /* Re-check a loaded document against every variant: exact phrase where,
   * or how much of the query its text really contains. */
  Index.prototype.verify = function (a, cand, doc) {
    var fields = docFields(doc);
    var all =
      fields.all ||
      (fields.all = fields
        .map(function (f) {
          return f.m.norm;
        })
        .join("\u0000"));
    var best = null;
    var better = function (x, y) {
      if (!y) return true;
      if (!x.pinyin !== !y.pinyin) return !x.pinyin;
      return x.tier > y.tier || (x.tier === y.tier && x.score > y.score);
    };
    a.plans.forEach(function (plan) {
      var v = plan.variant;
      var segs = segments(v.text);
      var tier = 0;
      fields.forEach(function (f) {
        if (f.rank > tier && contains(f.m.norm, segs)) tier = f.rank;
      });
      if (!tier && segs.length > 1 && contains(all, segs)) tier = 2;
      if (!tier && coveredShare(segs, all) >= (v.kind === "query" ? MIN_COVERAGE : MIN_COVERAGE_ALT)) tier = 1;
      if (!tier) return;
      if (v.kind === "expansion") tier = Math.min(tier, 2);
      if (v.kind === "theme") tier = Math.min(tier, 1);
      // cand.score already carries the weight of the variant that scored it.
      var score = cand.plan === plan ? cand.score : v.weight * cand.score * 0.5 + 1e-6;
      var mine = { tier: tier, score: score, plan: plan, pinyin: !!v.pinyin };
      if (better(mine, best)) best = mine;
    });
    // A document filed under a theme the query names is a result of its
    // own (a concept the text may word differently), ranked with the
    // scattered matches.
    if (!best && cand.theme)
      best = {
        tier: 1,
        score: 0,
        plan: a.plans[0],
        pinyin: a.themes.every(function (t) {
          return t.pinyin;
        }),
      };
    if (!best) return null;
    return {
      doc: cand.doc,
      data: doc,
      fields: fields,
      tier: best.tier,
      score: best.score + cand.theme,
      plan: best.plan,
      pinyin: best.pinyin,
    };
  };

  /* The candidates of a query, best first, none verified yet:
   * Promise<{analysis, ranking}>. */
  Index.prototype.rank = function (query) {
    var self = this;
    return this.open()
      .then(function () {
        var norm = normalize(query).trim();
        if (!/[a-z\u00e0-\u01dc]/.test(norm) || !self.manifest.pinyin) return []; // letters, with tone marks too
        return self
          .pinyin()
          .then(function (engine) {
            return engine.spell(norm);
          })
          .catch(function () {
            return []; // pinyin unavailable: the query is searched as typed
          });
      })
      .then(function (spellings) {
        var a = self.analyze(query, spellings);
        if (!a.tokens.length) return { analysis: a, ranking: new Ranking([], null, null) };
        return self.loadShards(a.tokens).then(function () {
          a.plans.forEach(function (p) {
            if (p.variant.kind === "query" || p.variant.kind === "synonym")
              segments(p.variant.text).forEach(self.segmentWords, self);
          });
          return { analysis: a, ranking: self.candidates(a) };
        });
      });
  };

  /* `keep(document number)`: only those candidates (the case list's filters). */
  Index.prototype.search = function (query, limit, keep) {
    var self = this;
    limit = limit || VERIFY;
    return this.rank(query).then(function (r) {
      var cands = keep ? r.ranking.keep(keep) : r.ranking;
      var total = cands.length;
      return self.verifyBatch(r.analysis, cands, limit).then(function (v) {
        var found = { analysis: r.analysis, results: v.results, total: total, rest: v.rest };
        return self.soundAlike(found);
      });
    });
  };

  // A result with the query (or a synonym of it) as typed, not through a theme, an expansion or pinyin.
  function asTyped(r) {
    return r.tier >= 2 && !r.pinyin && (r.plan.variant.kind === "query" || r.plan.variant.kind === "synonym");
  }

  /* A Chinese query none of whose results has it as typed may hold a wrong
   * character of the same sound (结穷清): found.sound = {words, correction}. */
  Index.prototype.soundAlike = function (found) {
    var a = found.analysis;
    var exact = found.results.some(asTyped);
    if (exact || !this.manifest.pinyin || !HAN_ANY_RE.test(a.norm)) return Promise.resolve(found);
    var self = this;
    return this.pinyin()
      .then(function (engine) {
        return engine.soundAlike(a.norm);
      })
      .then(function (sound) {
        if (!sound.correction || sound.correction === a.norm) return { words: sound.words, correction: null };
        // Offered only when it works: a result of the corrected query has the
        // words put in and everything it keeps of the query (量子通信 is not
        // offered 量子通行: nothing has 量子).
        var needed = sound.used.concat(sound.rest);
        return self.rank(sound.correction).then(function (r) {
          return self.verifyBatch(r.analysis, r.ranking, 3).then(function (v) {
            var works = v.results.some(function (x) {
              return !x.pinyin && needed.every(function (w) {
                return x.fields.some(function (f) {
                  return f.m.norm.indexOf(w) >= 0;
                });
              });
            });
            return { words: sound.words, correction: works ? sound.correction : null };
          });
        });
      })
      .then(
        function (sound) {
          if (sound.correction || (sound.words.length && !found.results.length)) found.sound = sound;
          return found;
        },
        function () {
          return found;
        }
      );
  };

  // The pinyin engine (casebook-pinyin.js) over this index's lexicon.
  Index.prototype.pinyin = function () {
    var self = this;
    if (!this.pinyinEngine) {
      var m = this.manifest;
      var v = m.version;
      var shardOf = function (key) {
        return fnv1a(key) % m.pinyin.shards;
      };
      var io = {
        syllables: m.pinyin.syllables,
        lexicon: function (keys) {
          var wanted = new Set(keys.map(shardOf));
          return Promise.all(
            Array.from(wanted).map(function (k) {
              return received.p.has(k) ? true : loadScript(self.url("p/" + k + ".js?v=" + v));
            })
          ).then(function () {
            var out = {};
            keys.forEach(function (key) {
              var shard = received.p.get(shardOf(key));
              out[key] = (shard && shard[key]) || [];
            });
            return out;
          });
        },
        chars: function () {
          return loadScript(self.url("chars.js?v=" + v)).then(function () {
            return received.c.get(0) || {};
          });
        },
      };
      this.pinyinEngine = (window.casebookPinyin ? Promise.resolve(true) : PINYIN_SRC ? scriptTag(PINYIN_SRC) : Promise.resolve(false)).then(
        function () {
          if (!window.casebookPinyin) {
            self.pinyinEngine = null;
            throw new Error("pinyin");
          }
          return new window.casebookPinyin.Engine(io);
        }
      );
    }
    return this.pinyinEngine;
  };

  // The facet codes of every document (casebook-filters.js).
  Index.prototype.facets = function () {
    var self = this;
    return this.open()
      .then(function () {
        return loadScript(self.url("facets.js?v=" + self.manifest.version));
      })
      .then(function () {
        var f = received.f.get(0);
        if (!f) throw new Error("facets");
        return f;
      });
  };

  // Verify the next `limit` candidates of a Ranking (which keeps the rest).
  Index.prototype.verifyBatch = function (a, cands, limit) {
    var self = this;
    var batch = cands.take(limit);
    return this.loadDocs(
      batch.map(function (c) {
        return c.doc;
      })
    ).then(function (docs) {
      var results = [];
      batch.forEach(function (c, i) {
        if (!docs[i]) return;
        var r = self.verify(a, c, docs[i]);
        if (r) results.push(r);
      });
      results.sort(function (x, y) {
        return x.pinyin - y.pinyin || y.tier - x.tier || y.score - x.score || x.doc - y.doc;
      });
      return { results: results, rest: cands };
    });
  };

  /* ------------------------------------------------------------------ *
   * Highlighting and snippets
   * ------------------------------------------------------------------ */

  /* What to highlight in a result: the segments of the query, of its
   * synonym spellings and of the variant that found the result, one group
   * per variant (a text matches a group as a whole). */
  function highlightSegs(a, result) {
    var groups = [];
    a.plans.forEach(function (p) {
      if (p.variant.weight >= 0.9 || p === result.plan) groups.push(segments(p.variant.text));
    });
    return groups;
  }

  function maxOver(groups, f) {
    return groups.reduce(function (best, g) {
      return Math.max(best, f(g));
    }, 0);
  }

  // Normalized ranges of the pieces of every group in a mapped text, merged.
  function ranges(m, groups) {
    var out = [];
    var found = [];
    groups.forEach(function (g) {
      found = found.concat(pieces(g, m.norm, true));
    });
    found.forEach(function (p) {
      var from = 0;
      var at;
      while ((at = m.norm.indexOf(p, from)) >= 0) {
        out.push([at, at + p.length]);
        from = at + p.length;
      }
    });
    out.sort(function (x, y) {
      return x[0] - y[0] || y[1] - x[1];
    });
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    return merged;
  }

  // Escaped HTML of original text [start, end) with <mark> around ranges.
  function markup(m, rs, start, end) {
    var html = "";
    var pos = start;
    rs.forEach(function (r) {
      var a = m.from[r[0]];
      var b = m.to[r[1] - 1];
      if (b <= start || a >= end) return;
      a = Math.max(a, pos);
      b = Math.min(b, end);
      if (a < pos) return;
      html += escapeHTML(m.text.slice(pos, a)) + "<mark>" + escapeHTML(m.text.slice(a, b)) + "</mark>";
      pos = b;
    });
    return html + escapeHTML(m.text.slice(pos, end));
  }

  function highlight(m, segs) {
    return markup(m, ranges(m, segs), 0, m.text.length);
  }

  function isLowSurrogate(text, i) {
    var c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff;
  }

  // A window of about SNIPPET characters around the first highlight.
  function snippet(m, segs) {
    var rs = ranges(m, segs);
    var text = m.text;
    var start = 0;
    if (rs.length) {
      var first = m.from[rs[0][0]];
      start = Math.max(0, first - 24);
      var stop = text.slice(start, first).search(/[。；！？]/);
      if (stop >= 0) start = start + stop + 1;
      if (first - start > 24) start = first - 24;
    }
    var end = Math.min(text.length, start + SNIPPET);
    // Never cut a character of the supplementary planes (𠀀) in half.
    if (start > 0 && isLowSurrogate(text, start)) start -= 1;
    if (end < text.length && isLowSurrogate(text, end)) end += 1;
    return (start > 0 ? "…" : "") + markup(m, rs, start, end) + (end < text.length ? "…" : "");
  }

  // 10 and more: a whole variant occurs in the text; below: the share of it that does.
  function score(m, groups) {
    return maxOver(groups, function (g) {
      return (contains(m.norm, g) ? 10 : 0) + coveredShare(g, m.norm);
    });
  }

  // The practice a result should point at, if any part of the query is in it.
  function bestPractice(result, segs) {
    var best = null;
    result.data.p.forEach(function (p, i) {
      var name = result.fields.find(function (f) {
        return f.kind === "name" && f.practice === i;
      }).m;
      var desc = result.fields.find(function (f) {
        return f.kind === "practice" && f.practice === i;
      }).m;
      var s = Math.max(score(name, segs) * 1.5, score(desc, segs));
      var share = maxOver(segs, function (g) {
        return Math.max(coveredShare(g, name.norm), coveredShare(g, desc.norm));
      });
      if (share < PRACTICE_COVERAGE && s < 10) return;
      if (!best || s > best.s) best = { s: s, index: i, name: name, desc: desc };
    });
    return best;
  }

  function bestText(result, segs) {
    var best = null;
    result.fields.forEach(function (f) {
      if (f.kind !== "summary" && f.kind !== "body") return;
      var s = score(f.m, segs) + (f.kind === "summary" ? 0.01 : 0);
      if (!best || s > best.s) best = { s: s, m: f.m };
    });
    return best && best.s > 0.01 ? best.m : mapped(result.data.s);
  }

  /* ------------------------------------------------------------------ *
   * Hints and marks (issue #17)
   * ------------------------------------------------------------------ */

  // A link that searches for a word in the box.
  function queryChip(word) {
    return (
      '<a class="casebook-search__chip" href="?q=' +
      encodeURIComponent(word) +
      '" data-search-query="' +
      escapeHTML(word) +
      '">' +
      escapeHTML(word) +
      "</a>"
    );
  }

  /* Above the results: "did you mean" for a wrong character of the same
   * sound, or how a pinyin query was read. Null when there is nothing to say. */
  function hintItem(found) {
    var a = found.analysis;
    var html = "";
    if (found.sound && found.sound.correction) {
      html = "您是不是要找：" + queryChip(found.sound.correction);
    } else {
      var read = [];
      found.results.forEach(function (r) {
        var t = r.pinyin && r.plan && r.plan.variant.text;
        if (t && read.indexOf(t) < 0 && a.spellings.indexOf(t) >= 0) read.push(t);
      });
      if (read.length) html = "按拼音查找：" + read.map(escapeHTML).join("、");
    }
    if (!html) return null;
    var li = document.createElement("li");
    li.className = "casebook-search__hint";
    li.innerHTML = html;
    return li;
  }

  // What a result marks, as written in its page (traditional stays traditional).
  function markedWords(a, r) {
    var segs = highlightSegs(a, r);
    var words = [];
    r.fields.forEach(function (f) {
      ranges(f.m, segs).forEach(function (rg) {
        var w = f.m.text.slice(f.m.from[rg[0]], f.m.to[rg[1] - 1]);
        if (w.trim() && words.indexOf(w) < 0) words.push(w);
      });
    });
    return words
      .sort(function (x, y) {
        return y.length - x.length;
      })
      .slice(0, 40);
  }

  var MARKS_KEY = "casebook-search-marks";

  /* The page a result opened marks the words the result marked, with a
   * line that says so and clears them. Read once: a later visit is clean. */
  function markLanding() {
    var stored = null;
    try {
      stored = JSON.parse(sessionStorage.getItem(MARKS_KEY) || "null");
      sessionStorage.removeItem(MARKS_KEY);
    } catch (e) {
      return;
    }
    var here = new URL(location.href);
    here.hash = "";
    if (!stored || stored.url !== here.href || !Array.isArray(stored.words)) return;
    var words = stored.words.filter(function (w) {
      return typeof w === "string" && w.length;
    });
    var root = document.querySelector("article.md-content__inner");
    if (!root || !words.length) return;
    var re = new RegExp(
      words
        .map(function (w) {
          return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        })
        .join("|"),
      "g"
    );
    var nodes = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentElement.closest("script, style, mark, .headerlink, .casebook-marks")
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT;
      },
    });
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var count = 0;
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      re.lastIndex = 0;
      if (!re.test(text)) return;
      re.lastIndex = 0;
      var frag = document.createDocumentFragment();
      var pos = 0;
      var m;
      while ((m = re.exec(text))) {
        frag.appendChild(document.createTextNode(text.slice(pos, m.index)));
        var mark = document.createElement("mark");
        mark.className = "casebook-mark";
        mark.textContent = m[0];
        frag.appendChild(mark);
        pos = m.index + m[0].length;
        count++;
      }
      frag.appendChild(document.createTextNode(text.slice(pos)));
      node.parentNode.replaceChild(frag, node);
    });
    if (!count) return;
    var bar = document.createElement("p");
    bar.className = "casebook-marks";
    bar.setAttribute("role", "status");
    bar.innerHTML =
      "<span>已标出搜索“" +
      escapeHTML(String(stored.query || "")) +
      "”的词语 " +
      count +
      " 处</span> " +
      '<button type="button" class="md-button casebook-marks__clear">清除标记</button>';
    var h1 = root.querySelector("h1");
    root.insertBefore(bar, h1 ? h1.nextSibling : root.firstChild);
    bar.querySelector("button").addEventListener("click", function () {
      root.querySelectorAll("mark.casebook-mark").forEach(function (mark) {
        mark.replaceWith(document.createTextNode(mark.textContent));
      });
      root.normalize();
      bar.remove();
    });
  }

  /* ------------------------------------------------------------------ *
   * The search box
   * ------------------------------------------------------------------ */

  function Box(root) {
    this.root = root;
    this.input = root.querySelector("[data-casebook-search-input]");
    this.result = root.querySelector("[data-casebook-search-result]");
    this.meta = this.result.querySelector(".md-search-result__meta");
    this.list = this.result.querySelector(".md-search-result__list");
    this.toggle = document.getElementById("__search");
    this.output = root.querySelector(".md-search__output");
    var base = root.getAttribute("data-base") || ".";
    this.index = new Index(new URL(base.replace(/\/?$/, "/"), location.href));
    this.seq = 0;
    this.composing = false;
    this.current = null;
    this.bind();
  }

  Box.prototype.setToggle = function (on) {
    if (this.toggle && this.toggle.checked !== on) this.toggle.click();
  };

  // On a phone the open search covers the page, which must not scroll behind
  // it. Material's script locks it; a theme whose script does not know this
  // search box (Zensical's) does not, so the box does it unless already done.
  Box.prototype.lockPage = function (on) {
    var body = document.body;
    if (on && !body.hasAttribute("data-md-scrolllock") && window.matchMedia("(max-width: 59.984375em)").matches) {
      body.setAttribute("data-md-scrolllock", "");
      this.locked = true;
    } else if (!on && this.locked) {
      body.removeAttribute("data-md-scrolllock");
      this.locked = false;
    }
  };

  Box.prototype.bind = function () {
    var self = this;
    var input = this.input;
    input.addEventListener("focus", function () {
      self.setToggle(true);
      self.index.open().catch(function () {});
    });
    input.addEventListener("pointerenter", function () {
      self.index.open().catch(function () {});
    });
    input.addEventListener("compositionstart", function () {
      self.composing = true;
    });
    input.addEventListener("compositionend", function () {
      self.composing = false;
      self.run(performance.now());
    });
    input.addEventListener("input", function (ev) {
      if (self.composing || ev.isComposing) return;
      self.run(performance.now());
    });
    // Enter: every result, in the case list (cases/?q=…), where filters narrow them.
    input.form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      self.openList();
    });
    input.form.addEventListener("reset", function () {
      setTimeout(function () {
        self.run(performance.now());
        input.focus();
      }, 0);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        self.move(ev.key === "ArrowDown" ? 1 : -1);
        ev.preventDefault();
      } else if (ev.key === "Escape") {
        self.close();
      }
    });
    this.result.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        self.move(ev.key === "ArrowDown" ? 1 : -1);
        ev.preventDefault();
      } else if (ev.key === "Escape") {
        self.close();
      }
    });
    this.result.addEventListener("click", function (ev) {
      var a = ev.target instanceof Element && ev.target.closest("a");
      if (!a) return;
      var q = a.getAttribute("data-search-query");
      if (q !== null) {
        ev.preventDefault(); // a suggested term: search for it here
        input.value = q;
        self.run(performance.now());
        input.focus();
        return;
      }
      if (a.hasAttribute("data-search-more")) {
        ev.preventDefault();
        self.more();
        return;
      }
      if (a.hasAttribute("data-search-list")) {
        ev.preventDefault();
        self.openList();
        return;
      }
      self.remember(a);
      // Another page: the address keeps ?q= and the results stay open, so
      // Back comes back to them. A section of this page: close the search.
      if (new URL(a.href).href.split("#")[0] === location.href.split("#")[0]) self.setToggle(false);
    });
    if (this.toggle) {
      this.toggle.addEventListener("change", function () {
        self.closed(!self.toggle.checked);
        self.lockPage(self.toggle.checked);
        if (self.toggle.checked) input.focus();
        else self.forgetQuery();
      });
      this.closed(!this.toggle.checked);
    }
    // Material's global keys: f, s or / open the search.
    document.addEventListener("keydown", function (ev) {
      if (ev.metaKey || ev.ctrlKey || ev.altKey || (self.toggle && self.toggle.checked)) return;
      var t = ev.target;
      if (t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName))) return;
      if (ev.key === "f" || ev.key === "s" || ev.key === "/") {
        ev.preventDefault();
        self.setToggle(true);
        input.focus();
        input.select();
      }
    });
  };

  Box.prototype.links = function () {
    return Array.from(this.list.querySelectorAll("a[href]"));
  };

  Box.prototype.move = function (step) {
    var els = [this.input].concat(this.links());
    var i = els.indexOf(document.activeElement);
    var next = els[(Math.max(0, i) + step + els.length) % els.length];
    next.focus();
  };

  // Closed results take no focus (Tab after Escape goes on through the page).
  Box.prototype.closed = function (yes) {
    if (this.output) this.output.inert = yes;
  };

  // The case list with this query (cases/?q=…), or, on that page, its query set.
  Box.prototype.openList = function () {
    var q = this.input.value.trim();
    if (!q) return;
    if (window.casebookFilters) {
      this.setToggle(false);
      window.casebookFilters.setQuery(q);
      return;
    }
    var self = this;
    this.index.open().then(function (index) {
      var url = new URL(self.href(index.manifest.cases_url));
      url.searchParams.set("q", q);
      location.href = url.href;
    });
  };

  // The words a result marks, for the page it opens (see markLanding).
  Box.prototype.remember = function (a) {
    var li = a.closest("li");
    var found = li && li.casebookResult;
    if (!found) return;
    try {
      var target = new URL(a.href);
      target.hash = "";
      sessionStorage.setItem(MARKS_KEY, JSON.stringify({ url: target.href, query: found.analysis.query, words: markedWords(found.analysis, found.result) }));
    } catch (e) {
      /* storage refused: the page opens unmarked */
    }
  };

  Box.prototype.close = function () {
    this.setToggle(false);
    this.input.blur();
  };

  Box.prototype.rememberQuery = function (q) {
    try {
      var url = new URL(location.href);
      if (q) url.searchParams.set("q", q);
      else url.searchParams.delete("q");
      if (url.href !== location.href) history.replaceState(history.state, "", url.href);
    } catch (e) {
      /* file:// or sandboxed: the address just stays as it is */
    }
  };

  Box.prototype.forgetQuery = function () {
    this.rememberQuery("");
  };

  Box.prototype.run = function (started) {
    var self = this;
    var query = this.input.value;
    var seq = ++this.seq;
    var q = query.trim();
    if (!q) {
      this.meta.textContent = "输入关键词搜索案例、提法、地区";
      this.list.innerHTML = "";
      this.finish(query, started);
      return Promise.resolve();
    }
    if (!this.index.manifest) this.meta.textContent = "正在加载搜索索引…";
    return this.index
      .search(q)
      .then(function (found) {
        if (seq !== self.seq) return;
        self.current = found;
        self.render(found);
        self.finish(query, started);
      })
      .catch(function () {
        if (seq !== self.seq) return;
        self.meta.textContent = "搜索索引加载失败，请刷新页面后重试。";
        self.list.innerHTML = "";
        self.finish(query, started);
      });
  };

  // The address takes the query once its results are shown: changing it
  // makes the browser fetch the page's icon again, which would otherwise
  // take one of the few connections the query's index files need.
  Box.prototype.finish = function (query, started) {
    this.rememberQuery(query.trim());
    this.result.setAttribute("data-query", query);
    this.result.setAttribute("data-search-ms", String(Math.round(performance.now() - started)));
    this.result.setAttribute("data-state", "done");
  };

  Box.prototype.more = function () {
    var self = this;
    var found = this.current;
    if (!found) return;
    var shown = this.list.querySelectorAll(".md-search-result__item").length;
    var pending = found.results.slice(shown);
    var render = function () {
      var next = found.results.slice(shown, shown + SHOW);
      var frag = document.createDocumentFragment();
      next.forEach(function (r) {
        frag.appendChild(self.item(found.analysis, r));
      });
      var more = self.list.querySelector(".casebook-search__more");
      if (more) more.remove();
      self.list.insertBefore(frag, self.list.querySelector(".casebook-search__narrow"));
      self.addMore(found, shown + next.length);
    };
    if (pending.length >= SHOW || !found.rest.length) return render();
    this.index.verifyBatch(found.analysis, found.rest, VERIFY).then(function (r) {
      found.results = found.results.concat(r.results);
      found.rest = r.rest;
      render();
    });
  };

  Box.prototype.addMore = function (found, shown) {
    if (shown >= found.results.length && !found.rest.length) return;
    var li = document.createElement("li");
    li.className = "casebook-search__more";
    li.innerHTML = '<a href="#" data-search-more>显示更多结果</a>';
    var narrow = this.list.querySelector(".casebook-search__narrow");
    this.list.insertBefore(li, narrow);
  };

  Box.prototype.render = function (found) {
    var a = found.analysis;
    var results = found.results;
    this.list.innerHTML = "";
    var hint = hintItem(found);
    if (hint) this.list.appendChild(hint);
    if (!results.length) {
      this.meta.textContent = "没有找到与“" + found.analysis.query + "”相关的案例";
      this.list.appendChild(this.suggestions(a, found.sound));
      return;
    }
    var total = results.length + found.rest.length;
    this.meta.textContent = (found.rest.length ? "找到约 " : "找到 ") + total + " 个相关案例";
    var frag = document.createDocumentFragment();
    var self = this;
    results.slice(0, SHOW).forEach(function (r) {
      frag.appendChild(self.item(a, r));
    });
    this.list.appendChild(frag);
    this.addMore(found, Math.min(SHOW, results.length));
    if (!window.casebookFilters) {
      var li = document.createElement("li");
      li.className = "casebook-search__narrow";
      li.innerHTML = '<a href="#" data-search-list>在案例列表中按主题、地区、层级、年份筛选这些结果（回车）</a>';
      this.list.appendChild(li);
    }
  };

  Box.prototype.href = function (url, anchor) {
    var u = new URL(url, this.index.base);
    if (u.protocol === "file:" && u.pathname.slice(-1) === "/") u.pathname += "index.html";
    if (anchor) u.hash = anchor;
    return u.href;
  };

  Box.prototype.item = function (a, r) {
    var segs = highlightSegs(a, r);
    var d = r.data;
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var meta = [d.r, d.y ? d.y + " 年" : "", d.o].filter(Boolean).map(escapeHTML).join(" · ");
    var practice = bestPractice(r, segs);
    var text = bestText(r, segs);
    var html =
      '<a class="md-search-result__link" data-search-result href="' +
      escapeHTML(this.href(d.u)) +
      '"><article class="md-search-result__article md-typeset casebook-search__case">' +
      "<h1>" +
      highlight(r.fields[0].m, segs) +
      "</h1>" +
      '<p class="casebook-search__meta">' +
      meta +
      "</p>" +
      (practice && practice.s >= 10 && !(score(text, segs) >= 10) ? "" : "<p>" + snippet(text, segs) + "</p>") +
      "</article></a>";
    if (practice) {
      html +=
        '<a class="md-search-result__link casebook-search__practice" data-search-result href="' +
        escapeHTML(this.href(d.u, d.p[practice.index][0])) +
        '"><article class="md-search-result__article md-typeset">' +
        '<h2><span class="casebook-search__label">做法</span>' +
        highlight(practice.name, segs) +
        "</h2>" +
        "<p>" +
        snippet(practice.desc, segs) +
        "</p></article></a>";
    }
    li.innerHTML = html;
    li.casebookResult = { analysis: a, result: r };
    return li;
  };

  /* Nothing found: say so, and offer the words that sound like the query,
   * the closest glossary terms and themes. */
  Box.prototype.suggestions = function (a, sound) {
    var m = this.index.manifest;
    var q = Array.from(a.norm.replace(/\s+/g, ""));
    var qset = new Set(q);
    var qgrams = new Set(bigrams(q.join("")));
    var similarity = function (words) {
      var best = 0;
      words.forEach(function (w) {
        var n = normalize(w);
        var chars = Array.from(n);
        var shared = chars.filter(function (c) {
          return qset.has(c);
        }).length;
        var grams = bigrams(n).filter(function (g) {
          return qgrams.has(g);
        }).length;
        var s = grams * 2 + shared / Math.max(chars.length, q.length);
        if (s > best) best = s;
      });
      return best;
    };
    var terms = m.glossary
      .map(function (g) {
        return { term: g[0], id: g[1], s: similarity([g[0]].concat(g[2], g[3])) };
      })
      .filter(function (t) {
        return t.s > 0.34;
      })
      .sort(function (x, y) {
        return y.s - x.s || (x.term < y.term ? -1 : 1);
      })
      .slice(0, 6);
    var themes = this.index.themes
      .map(function (t) {
        return { t: t, s: similarity([t.name].concat(t.phrases)) };
      })
      .sort(function (x, y) {
        return y.s - x.s;
      });
    var close = themes.filter(function (x) {
      return x.s > 0.34;
    });
    var shownThemes = (close.length ? close : themes).slice(0, close.length ? 4 : themes.length);
    var self = this;
    var li = document.createElement("li");
    li.className = "casebook-search__none";
    var html = '<div class="md-typeset">';
    html += "<p>请检查错别字，或换一个说法、缩短关键词再试。</p>";
    if (sound && sound.words.length) {
      html += '<p class="casebook-search__suggest-title">读音相近的词：</p><p class="casebook-search__chips">';
      sound.words.forEach(function (w) {
        html += queryChip(w);
      });
      html += "</p>";
    }
    if (terms.length) {
      html += '<p class="casebook-search__suggest-title">相近的提法：</p><p class="casebook-search__chips">';
      terms.forEach(function (t) {
        html += queryChip(t.term);
      });
      html += "</p>";
    }
    html +=
      '<p class="casebook-search__suggest-title">' +
      (close.length ? "可能相关的主题：" : "按主题浏览：") +
      '</p><p class="casebook-search__chips">';
    shownThemes.forEach(function (x) {
      html += '<a class="casebook-search__chip" href="' + escapeHTML(self.href(x.t.url)) + '">' + escapeHTML(x.t.name) + "</a>";
    });
    html += "</p>";
    html +=
      '<p class="casebook-search__links"><a href="' +
      escapeHTML(this.href(m.glossary_url)) +
      '">查看提法词典</a> · <a href="' +
      escapeHTML(this.href(m.themes_url)) +
      '">全部主题</a></p>';
    html += "</div>";
    li.innerHTML = html;
    return li;
  };

  /* ------------------------------------------------------------------ *
   * Start
   * ------------------------------------------------------------------ */

  function start() {
    var root = document.querySelector("[data-casebook-search]");
    if (!root) return;
    var box = new Box(root);
    var none = { query: "", norm: "", plans: [], themes: [], tokens: [], spellings: [] };
    window.casebookSearch = {
      box: box,
      index: box.index,
      // For the case list (casebook-filters.js): the same engine and result links.
      rank: function (q) {
        return box.index.rank(q);
      },
      verify: function (analysis, ranking, limit) {
        return box.index.verifyBatch(analysis, ranking, limit);
      },
      soundAlike: function (found) {
        return box.index.soundAlike(found);
      },
      item: function (analysis, result) {
        return box.item(analysis, result);
      },
      hint: hintItem,
      // A result link followed: its page marks the query's words.
      remember: function (a) {
        box.remember(a);
      },
      // Result links of documents without a query: title, place, summary.
      plain: function (numbers) {
        return box.index.loadDocs(numbers).then(function (docs) {
          return docs.map(function (d, i) {
            return d && box.item(none, { doc: numbers[i], data: d, fields: docFields(d) });
          });
        });
      },
      facets: function () {
        return box.index.facets();
      },
      normalize: function (text) {
        return box.index.open().then(function () {
          return normalize(text);
        });
      },
      search: function (q, limit) {
        return box.index.search(q, limit).then(function (found) {
          return found.results.map(function (r) {
            var practice = bestPractice(r, highlightSegs(found.analysis, r));
            return {
              url: r.data.u,
              title: r.data.t,
              tier: r.tier,
              score: r.score,
              pinyin: r.pinyin,
              practice: practice ? r.data.p[practice.index][0] : null,
              practiceName: practice ? r.data.p[practice.index][1] : null,
            };
          });
        });
      },
    };
    var q = new URLSearchParams(location.search).get("q");
    // The case list reads ?q= itself (casebook-filters.js).
    if (q && !document.querySelector("[data-casebook-filters]")) {
      box.input.value = q;
      box.setToggle(true);
      box.input.focus();
      box.run(performance.now());
    }
    markLanding();
    document.dispatchEvent(new CustomEvent("casebook-search-ready"));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
