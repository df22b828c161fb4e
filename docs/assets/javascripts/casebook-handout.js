/* 实践案例库 讲义篮 (handout basket), on every page:
 * - the basket itself: a case, or chosen practices of a case, kept in
 *   localStorage (survives reloads; a file:// copy keeps its own);
 * - its count in the header, linking to the handout page (handout/);
 * - "加入讲义" beside 加入对比 on case pages, and under every practice
 *   "加入讲义 · 复制链接 · 引用" (added here, so case pages carry no bytes for them);
 * - a case picker driven by the site search (handout and comparison pages);
 * - loading the per-case data scripts and making Word files ("下载 Word"
 *   on module and handout pages: casebook-word.js with the docx library,
 *   loaded only when asked for).
 * No fetch(): scripts load with <script> tags, which works from file:// too.
 * Every text from data or the address goes in with textContent. */
(function () {
  "use strict";

  var KEY = "casebook-handout";
  var ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  // items: a day's teaching with room to spare; the handout page sets title and
  // question from the module schema, so that a pack leaves as a valid module file
  var LIMITS = { items: 30, questions: 20, title: 40, question: 200 };
  var EVENT = "cb-basket"; // fired on window when this page changes the basket
  var HERE = document.currentScript ? document.currentScript.src : "";
  var ASSETS = HERE ? new URL("./", HERE).href : ""; // …/assets/javascripts/
  var ROOT = ASSETS ? new URL("../../", ASSETS).href : "";

  // ---------------------------------------------------------------- addresses
  /* A page of this site by its folder ("handout/"), spelled as this site
   * spells its addresses: folders on a web server, index.html in a copy. */
  function pageUrl(folder) {
    var folders = /\/$/.test(location.pathname);
    return ROOT + folder + (folders ? "" : "index.html");
  }

  function caseIdOfUrl(url) {
    var m = /(?:^|\/)cases\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\/(?:index\.html)?|\.html)$/.exec(String(url || "").split(/[?#]/)[0]);
    return m ? m[1] : null;
  }

  // ---------------------------------------------------------------- the basket
  function clip(text, max) {
    return typeof text === "string" ? text.replace(/\s+/g, " ").trim().slice(0, max) : "";
  }

  /* Whatever was stored (or read from an address), as a clean basket: ids that
   * look like ids, each case once, practices once, within the limits. */
  function normalize(raw) {
    var out = { items: [], title: "", questions: [] };
    if (!raw || typeof raw !== "object") return out;
    var at = new Map();
    (Array.isArray(raw.items) ? raw.items : []).forEach(function (item) {
      if (!item || typeof item.case !== "string" || !ID_RE.test(item.case)) return;
      var practices = (Array.isArray(item.practices) ? item.practices : []).filter(function (p) {
        return typeof p === "string" && ID_RE.test(p);
      });
      var seen = at.get(item.case);
      if (seen) {
        // the same case twice: one item; a whole case stays whole
        if (!seen.practices.length || !practices.length) seen.practices = [];
        else practices.forEach(function (p) { if (seen.practices.indexOf(p) < 0) seen.practices.push(p); });
        return;
      }
      if (out.items.length >= LIMITS.items) return;
      var clean = { case: item.case, practices: practices.filter(function (p, i) { return practices.indexOf(p) === i; }) };
      at.set(item.case, clean);
      out.items.push(clean);
    });
    out.title = clip(raw.title, LIMITS.title);
    out.questions = (Array.isArray(raw.questions) ? raw.questions : [])
      .map(function (q) { return clip(q, LIMITS.question); })
      .filter(Boolean)
      .slice(0, LIMITS.questions);
    return out;
  }

  function read() {
    try {
      var text = window.localStorage.getItem(KEY);
      return normalize(text ? JSON.parse(text) : null);
    } catch (e) {
      return null; // no storage (privacy mode, some file:// setups) or a broken entry
    }
  }

  function write(basket) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(normalize(basket)));
    } catch (e) {
      return false;
    }
    window.dispatchEvent(new CustomEvent(EVENT));
    return true;
  }

  function isEmpty(basket) {
    return !basket || (!basket.items.length && !basket.title && !basket.questions.length);
  }

  function itemOf(basket, caseId) {
    return basket.items.filter(function (it) { return it.case === caseId; })[0] || null;
  }

  /* Add a case (practice null: the whole case) or one practice of it.
   * ``order``: the case's practice ids, to keep chosen practices in case order. */
  function add(basket, caseId, practice, order) {
    var item = itemOf(basket, caseId);
    if (!item) {
      if (basket.items.length >= LIMITS.items) return "full";
      basket.items.push({ case: caseId, practices: practice ? [practice] : [] });
      return "added";
    }
    if (!practice) {
      if (!item.practices.length) return "already";
      item.practices = [];
      return "widened";
    }
    if (!item.practices.length || item.practices.indexOf(practice) >= 0) return "already";
    item.practices.push(practice);
    if (order) item.practices.sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); });
    return "added";
  }

  /* Remove a case, or one practice of it (from a whole case: keep the others). */
  function remove(basket, caseId, practice, order) {
    var item = itemOf(basket, caseId);
    if (!item) return;
    if (practice) {
      var rest = (item.practices.length ? item.practices : order || []).filter(function (p) { return p !== practice; });
      if (rest.length) {
        item.practices = rest;
        return;
      }
    }
    basket.items.splice(basket.items.indexOf(item), 1);
  }

  // ---------------------------------------------------------------- script loading
  var loading = new Map(); // url -> Promise<boolean>

  function loadScript(url) {
    if (loading.has(url)) return loading.get(url);
    var promise = new Promise(function (resolve) {
      var s = document.createElement("script");
      s.src = url;
      s.async = true;
      s.onload = function () { resolve(true); };
      s.onerror = function () {
        loading.delete(url); // a later attempt may succeed
        s.remove();
        resolve(false);
      };
      document.head.appendChild(s);
    });
    loading.set(url, promise);
    return promise;
  }

  var records = new Map(); // case id -> data record (assets/compare/cases/<id>.js)
  var aliases = null; // old id -> id, from assets/compare/index.js, read only when an id is missing

  function hookRecords() {
    var previous = window.cbCompareCase;
    if (previous && previous.cbHandout) return;
    var hook = function (record) {
      if (record && typeof record.id === "string") records.set(record.id, record);
      if (previous) previous(record);
    };
    hook.cbHandout = true;
    window.cbCompareCase = hook;
  }

  function loadAliases() {
    if (aliases) return Promise.resolve(aliases);
    var previous = window.cbCompareIndex;
    var found = new Map();
    window.cbCompareIndex = function (index) {
      var table = index && index.aliases;
      if (table && typeof table === "object") Object.keys(table).forEach(function (k) { found.set(k, table[k]); });
      if (previous) previous(index);
    };
    return loadScript(ROOT + "assets/compare/index.js").then(function (ok) {
      window.cbCompareIndex = previous;
      if (ok) aliases = found;
      return found;
    });
  }

  /* The records of these case ids: {records: Map, renamed: Map old -> new, missing: [ids]}. */
  function loadCases(ids) {
    hookRecords();
    var want = ids.filter(function (id) { return ID_RE.test(id); });
    var first = want.map(function (id) {
      return records.has(id) ? Promise.resolve(true) : loadScript(ROOT + "assets/compare/cases/" + id + ".js");
    });
    return Promise.all(first).then(function () {
      var missing = want.filter(function (id) { return !records.has(id); });
      var renamed = new Map();
      if (!missing.length) return { records: records, renamed: renamed, missing: [] };
      return loadAliases().then(function (table) {
        var retry = [];
        missing.forEach(function (old) {
          var id = table.get(old);
          if (id && ID_RE.test(id)) {
            renamed.set(old, id);
            if (!records.has(id)) retry.push(loadScript(ROOT + "assets/compare/cases/" + id + ".js"));
          }
        });
        return Promise.all(retry).then(function () {
          return {
            records: records,
            renamed: renamed,
            missing: missing.filter(function (old) { return !records.has(renamed.get(old) || old); }),
          };
        });
      });
    });
  }

  // ---------------------------------------------------------------- what an item shows
  /* Shared by the handout page and the Word file (casebook-word.js). */
  function caseMeta(r) {
    return [r.region, r.year ? r.year + " 年" : "", r.level, r.organisation].filter(Boolean).join(" · ");
  }

  /* The item's practices, in its order; all of them for a whole case. */
  function practicesOf(r, item) {
    if (!item.practices || !item.practices.length) return r.practices;
    var byId = new Map(r.practices.map(function (p) { return [p.id, p]; }));
    return item.practices.map(function (id) { return byId.get(id); }).filter(Boolean);
  }

  /* The figures of the chosen practices; all figures for a whole case, or when none is attached to them (as module cards do). */
  function figuresOf(r, item) {
    if (!item.practices || !item.practices.length) return r.figures;
    var chosen = r.figures.filter(function (f) { return item.practices.indexOf(f.practice_id) >= 0; });
    return chosen.length ? chosen : r.figures;
  }

  // ---------------------------------------------------------------- Word files
  function fileName(title) {
    var name = String(title || "").replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim().slice(0, 40);
    return (name || "讲义") + ".docx";
  }

  function save(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    window.setTimeout(function () {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 60000);
  }

  /* Make the pack's Word file and offer it as a download. Resolves to the
   * file name; rejects with a message for the reader. */
  function downloadWord(pack) {
    var ids = pack.items.map(function (it) { return it.case; });
    // one after the other: casebook-word.js needs the library when it runs
    return loadScript(ASSETS + "vendor/docx.min.js")
      .then(function (ok) {
        return ok && window.docx ? loadScript(ASSETS + "casebook-word.js") : false;
      })
      .then(function (ok) {
        if (!ok || !window.cbWord) throw new Error("生成 Word 文件的程序没有载入。请确认网站文件完整（assets/javascripts/vendor/），再试一次。");
        return loadCases(ids);
      })
      .then(function (found) {
        if (found.missing.length) throw new Error("有 " + found.missing.length + " 个案例的数据没有载入，无法生成 Word 文件。");
        return window.cbWord.build(pack, found.records, { date: today() });
      })
      .then(function (blob) {
        var name = fileName(pack.title);
        save(blob, name);
        return name;
      });
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
  }

  // ---------------------------------------------------------------- small helpers
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function button(className, text) {
    var b = el("button", className, text);
    b.type = "button";
    return b;
  }

  // casebook-ui.js (loaded first) says and copies for every page
  function say(node, text) {
    if (window.casebookUi) window.casebookUi.say(node, text);
    else if (node) node.textContent = text;
  }

  function copy(text) {
    return window.casebookUi ? window.casebookUi.copyText(text) : Promise.reject(new Error("copy unavailable"));
  }

  function headingText(h) {
    var clone = h.cloneNode(true);
    clone.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
    return clone.textContent.trim();
  }

  // ---------------------------------------------------------------- header count
  var headerLink = null;

  function refreshHeader() {
    var basket = read();
    var n = basket ? basket.items.length : 0;
    if (!headerLink) {
      var inner = document.querySelector(".md-header__inner");
      if (!inner || !ROOT) return;
      headerLink = el("a", "md-header__button cb-basket-link");
      headerLink.href = pageUrl("handout/");
      var pill = headerLink.appendChild(el("span", "cb-basket-link__pill"));
      pill.appendChild(el("span", "cb-basket-link__label", "讲义"));
      pill.appendChild(el("span", "cb-basket-link__count"));
      pill.appendChild(el("span", "cb-visually-hidden", "个案例"));
      var search = inner.querySelector('label[for="__search"]');
      inner.insertBefore(headerLink, search || null);
    }
    headerLink.querySelector(".cb-basket-link__count").textContent = String(n);
    headerLink.title = "讲义：已选 " + n + " 个案例";
    headerLink.hidden = n === 0 && !document.querySelector(".cb-handout");
  }

  // ---------------------------------------------------------------- case pages
  function setupCasePage(root) {
    var caseId = root.getAttribute("data-case-id");
    var blocks = Array.prototype.slice.call(document.querySelectorAll(".cb-practice[data-practice-id]"));
    var order = blocks.map(function (b) { return b.getAttribute("data-practice-id"); });
    var stored = read() !== null;
    var controls = [];

    function change(practice) {
      var basket = read();
      if (basket === null) {
        // no storage: open the handout with this case or practice
        location.href = pageUrl("handout/") + "?items=" + caseId + (practice ? ":" + practice : "");
        return null;
      }
      var item = itemOf(basket, caseId);
      var result;
      var inBasket = item && (practice ? !item.practices.length || item.practices.indexOf(practice) >= 0 : !item.practices.length);
      if (inBasket) {
        remove(basket, caseId, practice, order);
        result = "removed";
      } else {
        result = add(basket, caseId, practice, order);
      }
      if (result === "full") return "讲义里最多放 " + LIMITS.items + " 个案例，请先在讲义页面移出一些。";
      if (!write(basket)) return "浏览器不允许保存讲义。";
      var count = basket.items.length;
      if (result === "removed") return "已移出讲义（讲义中还有 " + count + " 个案例）。";
      return (practice ? "已把这条做法加入讲义" : "已把整个案例加入讲义") + "（共 " + count + " 个案例）。";
    }

    function refresh() {
      var basket = read() || { items: [] };
      var item = itemOf(basket, caseId);
      controls.forEach(function (c) { c.refresh(item); });
    }

    function control(practice, where, before, labelled) {
      var b = button("cb-handout-add md-button", "加入讲义");
      var note = el("span", "cb-handout-note");
      note.setAttribute("role", "status");
      var go = el("a", "cb-handout-go", "去讲义 →");
      go.href = pageUrl("handout/");
      if (labelled) b.setAttribute("aria-describedby", labelled);
      where.insertBefore(b, before);
      where.insertBefore(go, before);
      where.insertBefore(note, before);
      b.addEventListener("click", function () {
        var message = change(practice);
        if (message) say(note, message);
        refresh();
      });
      controls.push({
        refresh: function (item) {
          var whole = item && !item.practices.length;
          var on = practice ? !!item && (whole || item.practices.indexOf(practice) >= 0) : !!whole;
          b.textContent = on ? "移出讲义" : practice || !item ? "加入讲义" : "加入整个案例";
          b.setAttribute("aria-pressed", on ? "true" : "false");
          go.hidden = !stored || !item;
        },
      });
    }

    var actions = root.querySelector(".cb-case__actions");
    if (actions) {
      var compare = actions.querySelector(".cb-compare-add");
      var after = compare ? compare.nextSibling : actions.firstChild;
      // after 加入对比 and the links casebook-ui.js puts beside it
      while (after && after.nodeType === 1 && /cb-compare-(go|note)/.test(after.className)) after = after.nextSibling;
      if (after && after.nodeType === 3) after = after.nextSibling;
      control(null, actions, after);
    }

    var cite = document.getElementById("cite-page");
    blocks.forEach(function (block) {
      var pid = block.getAttribute("data-practice-id");
      var heading = document.getElementById(pid);
      var name = heading ? headingText(heading) : pid;
      var bar = el("p", "cb-practice__tools cb-no-print");
      bar.id = "tools-" + pid;
      bar.setAttribute("aria-label", "这条做法：" + name);
      bar.setAttribute("role", "group");
      block.appendChild(bar);
      control(pid, bar, null);

      var status = bar.querySelector(".cb-handout-note");
      var link = button("cb-practice__link md-button", "复制链接");
      bar.insertBefore(link, status);
      link.addEventListener("click", function () {
        var url = location.href.split("#")[0] + "#" + pid;
        copy(url).then(function () {
          say(status, "已复制这条做法的链接。");
        }, function () {
          say(status, "浏览器不允许自动复制，请复制这个链接：" + url);
        });
      });

      if (!cite) return;
      var toggle = button("cb-practice__cite-toggle md-button", "引用");
      toggle.setAttribute("aria-expanded", "false");
      bar.insertBefore(toggle, status);
      var box = el("div", "cb-practice__cite cb-no-print");
      box.hidden = true;
      box.id = "cite-" + pid + "-box";
      toggle.setAttribute("aria-controls", box.id);
      block.appendChild(box);
      toggle.addEventListener("click", function () {
        if (box.hidden) fillCite(box, pid, name);
        box.hidden = !box.hidden;
        toggle.setAttribute("aria-expanded", box.hidden ? "false" : "true");
      });
    });
    refresh();
    window.addEventListener(EVENT, refresh);
    window.addEventListener("storage", function (e) { if (e.key === KEY) refresh(); });
  }

  /* The case's own GB/T 7714 entry (引用本案例), pointing at this practice. */
  function fillCite(box, pid, name) {
    box.textContent = "";
    var page = document.getElementById("cite-page");
    var address = page.querySelector(".cb-cite__address");
    var head = page.cloneNode(true);
    var tail = head.querySelector(".cb-cite__address");
    if (tail) {
      // the head is everything before the address
      while (tail.nextSibling) tail.parentNode.removeChild(tail.nextSibling);
      tail.remove();
    }
    var text = el("p", "cb-cite__text", head.textContent.replace(/\s+/g, " ").trim() + " " + (address ? address.textContent.trim() : "") + "#" + pid + ".");
    text.id = "cite-" + pid;
    box.appendChild(el("p", "cb-cite__label", "引用这条做法（" + name + "）"));
    box.appendChild(text);
    var b = button("cb-copy md-button", "复制");
    b.setAttribute("data-copy", text.id);
    box.appendChild(b);
    box.appendChild(el("p", "cb-copy-status")).setAttribute("role", "status");
    box.classList.add("cb-cite");
    var hint = document.querySelector(".cb-cite__hint");
    if (hint) box.appendChild(el("p", "cb-cite__hint", hint.textContent));
  }

  // ---------------------------------------------------------------- case picker (site search)
  /* A search box that finds cases with the site search and hands the chosen
   * one to ``options.pick(caseId, practiceId)``. ``options.exact(text)`` may
   * return an id for text that names a case exactly (an id, an old id). */
  function picker(root, options) {
    var input = root.querySelector("input");
    var list = root.querySelector(".cb-picker__results");
    var found = [];
    var seq = 0;
    var timer = 0;
    var composing = false;

    function message(text) {
      if (options.message) options.message(text);
    }

    function render() {
      list.textContent = "";
      found.forEach(function (r) {
        var li = el("li", "cb-picker__result");
        li.appendChild(el("span", "cb-picker__title", r.title));
        var tools = el("span", "cb-picker__tools");
        var whole = button("md-button cb-picker__pick", options.action || "加入");
        whole.setAttribute("aria-label", (options.action || "加入") + "：" + r.title);
        whole.addEventListener("click", function () { choose(r.id, null); });
        tools.appendChild(whole);
        if (options.practices && r.practice) {
          var one = button("md-button cb-picker__pick", "只加做法：" + (r.practiceName || "匹配的做法"));
          one.addEventListener("click", function () { choose(r.id, r.practice); });
          tools.appendChild(one);
        }
        li.appendChild(tools);
        list.appendChild(li);
      });
    }

    function choose(id, practice) {
      options.pick(id, practice);
      input.value = "";
      found = [];
      render();
      input.focus();
    }

    function search(q) {
      var mine = ++seq;
      if (!q) {
        found = [];
        render();
        return Promise.resolve(found);
      }
      if (!window.casebookSearch) {
        message("站内搜索没有载入，请刷新页面后再试，或输入案例编号。");
        return Promise.resolve([]);
      }
      return window.casebookSearch.search(q, 8).then(function (results) {
        if (mine !== seq) return found;
        var seen = new Set();
        found = [];
        results.forEach(function (r) {
          var id = caseIdOfUrl(r.url);
          if (!id || seen.has(id)) return;
          seen.add(id);
          found.push({ id: id, title: r.title, practice: r.practice, practiceName: r.practiceName });
        });
        found = found.slice(0, 8);
        render();
        return found;
      }, function () {
        message("搜索索引载入失败，请刷新页面后再试。");
        return [];
      });
    }

    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () {
      composing = false;
      search(input.value.trim());
    });
    input.addEventListener("input", function (e) {
      if (composing || e.isComposing) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { search(input.value.trim()); }, 150);
    });
    input.addEventListener("focus", function () {
      if (window.casebookSearch && window.casebookSearch.index) window.casebookSearch.index.open().catch(function () {});
    });
    input.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" || composing || e.isComposing) return;
      e.preventDefault();
      submit();
    });

    /* Enter: an exact id, the only result, or the only result whose title holds the words. */
    function submit() {
      var q = input.value.trim();
      window.clearTimeout(timer);
      if (!q) {
        message("请输入案例标题、地区、提法或做法中的词。");
        return Promise.resolve();
      }
      var exact = options.exact ? options.exact(q) : null;
      if (exact) {
        choose(exact, null);
        return Promise.resolve();
      }
      return search(q).then(function (results) {
        if (!results.length) {
          message("没有找到与“" + q + "”相符的案例。请换个词再试。");
          return;
        }
        var titled = results.filter(function (r) { return r.title.indexOf(q) >= 0; });
        if (results.length === 1 || titled.length === 1) {
          choose((titled.length === 1 ? titled[0] : results[0]).id, null);
          return;
        }
        message("有多个案例相符（" + results.length + " 个），请在下面的列表中选择。");
      });
    }

    return { submit: submit, search: search, input: input };
  }

  // ---------------------------------------------------------------- module pages: 下载 Word
  function setupWordButtons() {
    document.querySelectorAll("button[data-word-pack]").forEach(function (b) {
      var source = document.getElementById(b.getAttribute("data-word-pack"));
      if (!source) return;
      var status = el("span", "cb-word-status");
      status.setAttribute("role", "status");
      b.parentNode.insertBefore(status, b.nextSibling);
      b.hidden = false;
      b.addEventListener("click", function () {
        var pack;
        try {
          pack = JSON.parse(source.textContent);
        } catch (e) {
          say(status, "专题数据有误，无法生成 Word 文件。");
          return;
        }
        b.disabled = true;
        say(status, "正在生成 Word 文件……");
        downloadWord(pack).then(function (name) {
          say(status, "已生成“" + name + "”，请在浏览器的下载列表中查看。");
        }, function (error) {
          say(status, error && error.message ? error.message : "生成 Word 文件失败。");
        }).then(function () {
          b.disabled = false;
        });
      });
    });
  }

  // ---------------------------------------------------------------- start
  window.cbBasket = {
    KEY: KEY,
    ID_RE: ID_RE,
    LIMITS: LIMITS,
    EVENT: EVENT,
    ROOT: ROOT,
    pageUrl: pageUrl,
    normalize: normalize,
    read: read,
    write: write,
    isEmpty: isEmpty,
    add: add,
    remove: remove,
    loadScript: loadScript,
    loadCases: loadCases,
    caseMeta: caseMeta,
    practicesOf: practicesOf,
    figuresOf: figuresOf,
    downloadWord: downloadWord,
    fileName: fileName,
    save: save,
    picker: picker,
    copy: copy,
    say: say,
    el: el,
    button: button,
  };

  function init() {
    refreshHeader();
    window.addEventListener(EVENT, refreshHeader);
    window.addEventListener("storage", function (e) { if (e.key === KEY || e.key === null) refreshHeader(); });
    var root = document.querySelector(".cb-case[data-case-id]");
    if (root) setupCasePage(root);
    setupWordButtons();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
