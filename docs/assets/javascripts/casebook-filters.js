/*
 * Casebook filters: the case list (cases/) narrowed by theme, province,
 * level, implementation status, source kind and years, and by a query
 * (issue #17).
 *
 * The state lives in the address, so every view can be bookmarked and
 * shared, and Back and Forward restore it:
 *   cases/?q=干部&theme=assessment&theme=rotation&province=重庆市&level=county&from=2009&to=2012
 * Values of one facet are OR-ed, facets are AND-ed; from/to are years,
 * inclusive.
 *
 * The data is the search index's: search/facets.js (one code per case and
 * facet, see scripts/casebook/search/facets.py) for the counts, which are
 * computed here; the query goes through casebook-search.js's engine, and
 * results are its result links (a[data-search-result]): newest first without
 * a query, by relevance with one. Without JavaScript the page lists every
 * case and the facet pages instead.
 */
(function () {
  "use strict";

  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var PAGE = 10; // results shown at a time
  var VERIFY = 12; // candidates of a query checked at a time
  var FEW = 8; // values of a facet shown before "显示全部"
  var FACETS = ["theme", "province", "level", "status", "kind"];

  function escapeHTML(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  var DIGIT = new Map();
  for (var i = 0; i < ALPHABET.length; i++) DIGIT.set(ALPHABET.charAt(i), i);

  // Fixed-width base-64 codes -> numbers (single-valued facets, years, dates).
  function numbers(codes, width, n) {
    var out = new Int32Array(n);
    for (var d = 0; d < n; d++) {
      var v = 0;
      for (var k = 0; k < width; k++) v = v * 64 + DIGIT.get(codes.charAt(d * width + k));
      out[d] = v;
    }
    return out;
  }

  // Fixed-width base-64 bit sets -> one membership array per value (themes, source kinds).
  function bitsets(codes, width, n, values) {
    var out = [];
    for (var v = 0; v < values; v++) {
      var has = new Uint8Array(n);
      var at = width - 1 - Math.floor(v / 6);
      var bit = 1 << v % 6;
      for (var d = 0; d < n; d++) if (DIGIT.get(codes.charAt(d * width + at)) & bit) has[d] = 1;
      out.push(has);
    }
    return out;
  }

  // The search box's result (h1 case, h2 practice) under this page's own h1.
  function demote(li) {
    ["h2", "h1"].forEach(function (tag, k) {
      li.querySelectorAll(tag).forEach(function (h) {
        var to = document.createElement(k ? "h2" : "h3");
        to.innerHTML = h.innerHTML;
        h.replaceWith(to);
      });
    });
    return li;
  }

  /* ------------------------------------------------------------------ *
   * The data and the counting
   * ------------------------------------------------------------------ */

  function Data(raw) {
    var n = raw.docs;
    this.n = n;
    this.facets = raw.facets.map(function (f) {
      var out = {
        key: f.key,
        label: f.label,
        multi: f.multi,
        uniform: f.uniform,
        values: f.values.map(function (v) {
          return v[0];
        }),
        names: f.values.map(function (v) {
          return v[1];
        }),
      };
      if (f.multi) out.has = bitsets(f.codes, f.width, n, f.values.length);
      else out.code = numbers(f.codes, f.width, n);
      return out;
    });
    var first = raw.year.first;
    var years = numbers(raw.year.codes, raw.year.width, n);
    this.year = new Int32Array(n);
    var seen = new Set();
    for (var d = 0; d < n; d++) {
      if (years[d]) {
        this.year[d] = first + years[d] - 1;
        seen.add(this.year[d]);
      }
    }
    this.years = Array.from(seen).sort(function (a, b) {
      return b - a;
    });
    this.yearUniform = raw.year.uniform;
    // Newest first, as the page's own list: latest added, then the later id.
    var added = numbers(raw.added.codes, raw.added.width, n);
    this.newest = Array.from({ length: n }, function (_, k) {
      return k;
    }).sort(function (a, b) {
      return added[b] - added[a] || b - a;
    });
  }

  Data.prototype.facet = function (key) {
    return this.facets.find(function (f) {
      return f.key === key;
    });
  };

  // Does document d pass facet f's selection (a set of value positions)?
  Data.prototype.passes = function (f, chosen, d) {
    if (!chosen.size) return true;
    if (!f.multi) return chosen.has(f.code[d]);
    for (var v of chosen) if (f.has[v][d]) return true;
    return false;
  };

  Data.prototype.inYears = function (state, d) {
    if (state.from === null && state.to === null) return true;
    var y = this.year[d];
    return !!y && (state.from === null || y >= state.from) && (state.to === null || y <= state.to);
  };

  /* Results and counts of a state over `base` (the query's candidates, or
   * null for every case). A value's count is the number of cases it would
   * give with the rest of the selection: a case that passes every facet
   * counts for all its values, one that fails a single facet counts for
   * that facet's values only. */
  Data.prototype.count = function (state, base) {
    var self = this;
    var F = this.facets.length;
    var counts = this.facets.map(function (f) {
      return new Int32Array(f.values.length);
    });
    var years = new Map(); // year -> cases passing every other facet
    var result = new Uint8Array(this.n);
    var total = 0;
    var pass = new Uint8Array(F + 1);
    var visit = function (d) {
      var fails = 0;
      var failed = -1;
      for (var k = 0; k < F; k++) {
        pass[k] = self.passes(self.facets[k], state.chosen[self.facets[k].key], d) ? 1 : 0;
        if (!pass[k]) {
          fails++;
          failed = k;
        }
      }
      pass[F] = self.inYears(state, d) ? 1 : 0;
      if (!pass[F]) {
        fails++;
        failed = F;
      }
      if (fails > 1) return;
      if (!fails) {
        result[d] = 1;
        total++;
      }
      for (k = 0; k < F; k++) if (!fails || failed === k) self.tally(self.facets[k], counts[k], d);
      if ((!fails || failed === F) && self.year[d]) years.set(self.year[d], (years.get(self.year[d]) || 0) + 1);
    };
    if (base) base.forEach(visit);
    else for (var d = 0; d < this.n; d++) visit(d);
    return { counts: counts, years: years, result: result, total: total };
  };

  Data.prototype.tally = function (f, counts, d) {
    if (!f.multi) counts[f.code[d]]++;
    else for (var v = 0; v < f.values.length; v++) if (f.has[v][d]) counts[v]++;
  };

  /* ------------------------------------------------------------------ *
   * The state and the address
   * ------------------------------------------------------------------ */

  function emptyState(data) {
    var chosen = {};
    data.facets.forEach(function (f) {
      chosen[f.key] = new Set();
    });
    return { q: "", chosen: chosen, from: null, to: null };
  }

  // The state an address asks for, and what in it was not understood.
  function readState(data, search) {
    var params = new URLSearchParams(search);
    var state = emptyState(data);
    var unknown = [];
    state.q = (params.get("q") || "").trim();
    data.facets.forEach(function (f) {
      params.getAll(f.key).forEach(function (v) {
        var at = f.values.indexOf(v);
        if (at >= 0) state.chosen[f.key].add(at);
        else unknown.push(f.label + "“" + v + "”");
      });
    });
    ["from", "to"].forEach(function (key) {
      var v = params.get(key);
      if (v === null || v === "") return;
      if (/^\d{4}$/.test(v.trim())) state[key] = parseInt(v, 10);
      else unknown.push((key === "from" ? "起始年份" : "截止年份") + "“" + v + "”");
    });
    if (state.from !== null && state.to !== null && state.from > state.to) {
      var t = state.from;
      state.from = state.to;
      state.to = t;
      unknown.push("起止年份颠倒（已对调）");
    }
    return { state: state, unknown: unknown };
  }

  function writeState(data, state) {
    var params = new URLSearchParams();
    if (state.q) params.append("q", state.q);
    data.facets.forEach(function (f) {
      Array.from(state.chosen[f.key])
        .sort(function (a, b) {
          return a - b;
        })
        .forEach(function (at) {
          params.append(f.key, f.values[at]);
        });
    });
    if (state.from !== null) params.append("from", String(state.from));
    if (state.to !== null) params.append("to", String(state.to));
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function copyState(state) {
    var chosen = {};
    Object.keys(state.chosen).forEach(function (k) {
      chosen[k] = new Set(state.chosen[k]);
    });
    return { q: state.q, chosen: chosen, from: state.from, to: state.to };
  }

  /* ------------------------------------------------------------------ *
   * The page
   * ------------------------------------------------------------------ */

  function Filters(root, api, data) {
    this.root = root;
    this.api = api;
    this.data = data;
    this.panel = root.querySelector("[data-filters-panel]");
    this.form = root.querySelector("[data-filters-form]");
    this.input = this.form.querySelector("input[name=q]");
    this.toggle = root.querySelector("[data-filters-toggle]");
    this.summary = root.querySelector("[data-filters-summary]");
    this.notice = root.querySelector("[data-filters-notice]");
    this.chosenList = root.querySelector("[data-filters-chosen]");
    this.list = root.querySelector("[data-filters-list]");
    this.moreButton = root.querySelector("[data-filters-more]");
    this.seq = 0;
    this.queries = new Map(); // query -> Promise<{analysis, ranking, base}>
    this.build();
    this.bind();
  }

  Filters.prototype.build = function () {
    var html = "";
    this.data.facets.forEach(function (f) {
      if (f.uniform) return; // every case has the same value: nothing to choose
      html += '<fieldset class="cb-facet" data-facet="' + f.key + '"><legend>' + escapeHTML(f.label) + '</legend><ul class="cb-facet__values">';
      f.values.forEach(function (v, at) {
        html +=
          "<li" +
          (at >= FEW ? " data-extra" : "") +
          '><label><input type="checkbox" name="' +
          f.key +
          '" value="' +
          escapeHTML(v) +
          '" data-at="' +
          at +
          '"><span class="cb-facet__name">' +
          escapeHTML(f.names[at]) +
          '</span> <span class="cb-count"></span></label></li>';
      });
      html += "</ul>";
      if (f.values.length > FEW)
        html += '<button type="button" class="cb-facet__all" aria-expanded="false">显示全部 ' + f.values.length + " 项</button>";
      html += "</fieldset>";
    });
    if (!this.data.yearUniform && this.data.years.length) {
      var options = this.data.years
        .map(function (y) {
          return '<option value="' + y + '">' + y + " 年</option>";
        })
        .join("");
      html +=
        '<fieldset class="cb-facet cb-facet--years" data-facet="year"><legend>年份</legend>' +
        '<label>从 <select name="from"><option value="">不限</option>' +
        options +
        "</select></label> " +
        '<label>到 <select name="to"><option value="">不限</option>' +
        options +
        "</select></label></fieldset>";
    }
    html +=
      '<p class="cb-filters__clear"><button type="button" class="md-button" data-filters-clear>清除全部条件</button>' +
      ' <button type="button" class="md-button md-button--primary cb-filters__done" data-filters-done>查看结果</button></p>';
    this.panel.innerHTML = html;
  };

  Filters.prototype.bind = function () {
    var self = this;
    this.panel.addEventListener("change", function (ev) {
      var t = ev.target;
      var next = copyState(self.state);
      if (t.type === "checkbox") {
        var at = parseInt(t.getAttribute("data-at"), 10);
        if (t.checked) next.chosen[t.name].add(at);
        else next.chosen[t.name].delete(at);
      } else if (t.name === "from" || t.name === "to") {
        next[t.name] = t.value ? parseInt(t.value, 10) : null;
      } else return;
      self.go(next);
    });
    this.panel.addEventListener("click", function (ev) {
      var t = ev.target instanceof Element ? ev.target : null;
      if (t && t.matches(".cb-facet__all")) {
        var open = t.getAttribute("aria-expanded") !== "true";
        t.setAttribute("aria-expanded", String(open));
        t.closest("fieldset").classList.toggle("cb-facet--open", open);
        t.textContent = open ? "收起" : "显示全部 " + t.closest("fieldset").querySelectorAll("li").length + " 项";
      } else if (t && t.matches("[data-filters-done]")) {
        self.openPanel(false); // phones: back to the results
        self.summary.scrollIntoView({ block: "start" });
      } else if (t && t.matches("[data-filters-clear]")) {
        var next = emptyState(self.data);
        next.q = self.state.q;
        self.go(next);
      }
    });
    this.form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      self.setQuery(self.input.value);
    });
    this.input.addEventListener("search", function () {
      if (!self.input.value) self.setQuery(""); // the field's own clear button
    });
    this.toggle.addEventListener("click", function () {
      self.openPanel(self.toggle.getAttribute("aria-expanded") !== "true");
    });
    this.chosenList.addEventListener("click", function (ev) {
      var b = ev.target instanceof Element && ev.target.closest("button[data-remove]");
      if (!b) return;
      var next = copyState(self.state);
      var what = b.getAttribute("data-remove");
      if (what === "q") next.q = "";
      else if (what === "from" || what === "to") next[what] = null;
      else next.chosen[what].delete(parseInt(b.getAttribute("data-at"), 10));
      self.go(next);
    });
    this.list.addEventListener("click", function (ev) {
      var a = ev.target instanceof Element && ev.target.closest("a");
      if (!a) return;
      if (a.hasAttribute("data-search-query")) {
        ev.preventDefault(); // "did you mean": search the list for it
        self.setQuery(a.getAttribute("data-search-query"));
      } else if (a.hasAttribute("data-search-result")) self.api.remember(a); // its page marks the query's words
    });
    this.moreButton.addEventListener("click", function () {
      self.more();
    });
    window.addEventListener("popstate", function () {
      self.load(location.search);
    });
  };

  // Phones: the conditions are a panel the button opens and closes.
  Filters.prototype.openPanel = function (open) {
    this.toggle.setAttribute("aria-expanded", String(open));
    this.root.classList.toggle("cb-filters--open", open);
    if (open) {
      var first = this.panel.querySelector("input:not([disabled]), select");
      if (first) first.focus();
    } else this.toggle.focus();
  };

  // A new state: into the address (a step of history), then shown.
  Filters.prototype.go = function (next) {
    var url = location.pathname + writeState(this.data, next) + location.hash;
    try {
      if (url !== location.pathname + location.search + location.hash) history.pushState(null, "", url);
    } catch (e) {
      /* an address that cannot change (sandboxed): the view still changes */
    }
    this.notice.hidden = true;
    this.show(next);
  };

  Filters.prototype.setQuery = function (q) {
    var next = copyState(this.state);
    next.q = String(q).trim();
    this.go(next);
  };

  // The state of an address (first load, Back, Forward).
  Filters.prototype.load = function (search) {
    var read = readState(this.data, search);
    if (read.unknown.length) {
      this.notice.textContent = "网址中的以下筛选条件无法识别，已忽略：" + read.unknown.join("、") + "。";
      this.notice.hidden = false;
    } else this.notice.hidden = true;
    this.show(read.state);
  };

  // The query's candidates (all of them, unverified), once per query.
  Filters.prototype.candidates = function (q) {
    if (!this.queries.has(q)) {
      var self = this;
      this.queries.set(
        q,
        this.api.rank(q).then(
          function (r) {
            return { analysis: r.analysis, ranking: r.ranking, base: r.ranking.docs.slice() };
          },
          function (e) {
            self.queries.delete(q);
            throw e;
          }
        )
      );
    }
    return this.queries.get(q);
  };

  Filters.prototype.show = function (state) {
    var self = this;
    var seq = ++this.seq;
    var started = performance.now();
    this.state = state;
    this.input.value = state.q;
    this.root.setAttribute("data-state", "loading");
    var found = state.q ? this.candidates(state.q) : Promise.resolve(null);
    return found
      .then(function (cands) {
        if (seq !== self.seq) return;
        var c = self.data.count(state, cands && cands.base);
        self.refresh(state, c);
        if (!cands) {
          var docs = self.data.newest.filter(function (d) {
            return c.result[d];
          });
          self.current = { docs: docs, shown: 0 };
          self.list.innerHTML = "";
          self.summarize(state, c.total, false);
          return self.page(seq);
        }
        var ranking = cands.ranking.copy().keep(function (d) {
          return c.result[d];
        });
        self.current = { analysis: cands.analysis, ranking: ranking, results: [], shown: 0, approx: c.total };
        self.list.innerHTML = "";
        return self.page(seq).then(function () {
          if (seq !== self.seq) return;
          // "did you mean", or how a pinyin query was read
          var cur = self.current;
          return self.api.soundAlike({ analysis: cur.analysis, results: cur.results, rest: cur.ranking }).then(function (f) {
            if (seq !== self.seq) return;
            var hint = self.api.hint(f);
            if (hint) self.list.insertBefore(hint, self.list.firstChild);
          });
        });
      })
      .catch(function () {
        if (seq !== self.seq) return;
        self.summary.textContent = "搜索索引加载失败，请刷新页面后重试。";
      })
      .then(function () {
        if (seq !== self.seq) return;
        self.root.setAttribute("data-state", "done");
        self.root.setAttribute("data-filters-ms", String(Math.round(performance.now() - started)));
      });
  };

  // The next results: newest first, or the query's next verified batch.
  Filters.prototype.page = function (seq) {
    var self = this;
    var cur = this.current;
    var add = function (items) {
      if (seq !== self.seq) return;
      var frag = document.createDocumentFragment();
      items.forEach(function (li) {
        if (li) frag.appendChild(demote(li));
      });
      self.list.appendChild(frag);
    };
    if (!cur.analysis) {
      var next = cur.docs.slice(cur.shown, cur.shown + PAGE);
      cur.shown += next.length;
      this.moreButton.hidden = cur.shown >= cur.docs.length;
      return next.length ? this.api.plain(next).then(add) : Promise.resolve();
    }
    var fill = function () {
      if (cur.results.length - cur.shown >= PAGE || !cur.ranking.length) return Promise.resolve();
      return self.api.verify(cur.analysis, cur.ranking, VERIFY).then(function (v) {
        cur.results = cur.results.concat(v.results);
        return fill();
      });
    };
    return fill().then(function () {
      if (seq !== self.seq) return;
      var next = cur.results.slice(cur.shown, cur.shown + PAGE);
      cur.shown += next.length;
      add(
        next.map(function (r) {
          return self.api.item(cur.analysis, r);
        })
      );
      self.moreButton.hidden = cur.shown >= cur.results.length && !cur.ranking.length;
      var exact = !cur.ranking.length;
      self.summarize(self.state, exact ? cur.results.length : cur.approx, !exact);
    });
  };

  Filters.prototype.more = function () {
    var self = this;
    var seq = this.seq;
    var before = this.list.querySelectorAll("a[data-search-result]").length;
    this.page(seq).then(function () {
      // the first new result takes the focus, so the keyboard goes on from there
      var links = self.list.querySelectorAll(".md-search-result__item > a[data-search-result]:first-child");
      var all = self.list.querySelectorAll("a[data-search-result]");
      if (all.length > before && links.length) {
        var fresh = Array.from(links).find(function (a) {
          return Array.prototype.indexOf.call(all, a) >= before;
        });
        if (fresh) fresh.focus();
      }
    });
  };

  Filters.prototype.summarize = function (state, total, approx) {
    var filtered = this.chosenCount(state) > 0;
    var text;
    if (!total) text = state.q ? "没有找到与“" + state.q + "”相关、符合所选条件的案例。" : "没有符合所选条件的案例。";
    else if (state.q) text = (approx ? "找到约 " : "找到 ") + total + " 个相关案例，按相关程度排列。";
    else text = (filtered ? "符合条件的案例 " : "共 ") + total + " 个，最新收录的在前。";
    if (!total && (filtered || state.q)) text += "可以去掉一些条件再试。";
    this.summary.textContent = text;
  };

  Filters.prototype.chosenCount = function (state) {
    var n = state.from !== null || state.to !== null ? 1 : 0;
    Object.keys(state.chosen).forEach(function (k) {
      n += state.chosen[k].size;
    });
    return n;
  };

  // Counts, checks and the chosen conditions, for a state.
  Filters.prototype.refresh = function (state, c) {
    var self = this;
    this.data.facets.forEach(function (f, k) {
      var box = self.panel.querySelector('fieldset[data-facet="' + f.key + '"]');
      if (!box) return;
      box.querySelectorAll("input[type=checkbox]").forEach(function (input) {
        var at = parseInt(input.getAttribute("data-at"), 10);
        var n = c.counts[k][at];
        var on = state.chosen[f.key].has(at);
        input.checked = on;
        input.disabled = !n && !on; // a value that would give nothing: shown, not chosen
        var li = input.closest("li");
        li.classList.toggle("cb-facet--none", !n);
        li.classList.toggle("cb-facet--on", on);
        li.querySelector(".cb-count").textContent = String(n);
      });
    });
    ["from", "to"].forEach(function (key) {
      var select = self.panel.querySelector('select[name="' + key + '"]');
      if (!select) return;
      Array.from(select.options).forEach(function (o) {
        if (!o.value) return;
        var y = parseInt(o.value, 10);
        var n = 0;
        c.years.forEach(function (count, year) {
          var lo = key === "from" ? y : state.from;
          var hi = key === "to" ? y : state.to;
          if ((lo === null || year >= lo) && (hi === null || year <= hi)) n += count;
        });
        o.textContent = y + " 年（" + n + "）";
        o.disabled = !n && state[key] !== y;
      });
      select.value = state[key] === null ? "" : String(state[key]);
    });
    var chosen = this.chosenCount(state);
    this.toggle.textContent = chosen ? "筛选条件（已选 " + chosen + " 项）" : "筛选条件";
    // The conditions in force, each removable.
    var html = "";
    var chip = function (label, what, at) {
      return (
        '<li><button type="button" class="cb-filters__chip" data-remove="' +
        what +
        '"' +
        (at === undefined ? "" : ' data-at="' + at + '"') +
        ' aria-label="去掉条件：' +
        escapeHTML(label) +
        '">' +
        escapeHTML(label) +
        ' <span aria-hidden="true">×</span></button></li>'
      );
    };
    if (state.q) html += chip("关键词：" + state.q, "q");
    this.data.facets.forEach(function (f) {
      state.chosen[f.key].forEach(function (at) {
        html += chip(f.label + "：" + f.names[at], f.key, at);
      });
    });
    if (state.from !== null) html += chip("从 " + state.from + " 年", "from");
    if (state.to !== null) html += chip("到 " + state.to + " 年", "to");
    this.chosenList.innerHTML = html;
    this.chosenList.hidden = !html;
  };

  /* ------------------------------------------------------------------ *
   * Start
   * ------------------------------------------------------------------ */

  function start() {
    var root = document.querySelector("[data-casebook-filters]");
    var api = window.casebookSearch;
    if (!root || !api || !api.facets || root.casebookFilters) return;
    root.casebookFilters = true;
    api.facets().then(
      function (raw) {
        var filters = new Filters(root, api, new Data(raw));
        window.casebookFilters = {
          filters: filters,
          setQuery: function (q) {
            filters.setQuery(q);
          },
        };
        root.hidden = false; // the static lists after it are hidden from here on (CSS)
        filters.load(location.search);
      },
      function () {
        /* no index: the static lists stay */
      }
    );
  }

  if (window.casebookSearch) start();
  else document.addEventListener("casebook-search-ready", start);
})();
