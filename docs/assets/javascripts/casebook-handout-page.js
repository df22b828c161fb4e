/* The handout page (handout/): edit the pack, show it as an A4 handout, and
 * let it leave as a print, a Word file, a link or a modules/<id>.yaml draft.
 *
 * The address is the pack: ?items=<case>,<case>:<practice>:<practice>&title=…&question=…&question=…
 * (items in order; a case alone is the whole case; one question per
 * "question" parameter — not "q", which opens the site search). Every value
 * from the address is checked (ids by pattern, texts clipped) and goes into
 * the page with textContent. The basket (casebook-handout.js) keeps the pack
 * between visits; a link to someone else's pack does not overwrite it. */
(function () {
  "use strict";

  var B = window.cbBasket;
  var root = document.querySelector(".cb-handout");
  if (!B || !root) return;
  var el = B.el;
  var button = B.button;
  B.LIMITS.title = parseInt(root.getAttribute("data-title-max"), 10) || B.LIMITS.title;
  B.LIMITS.question = parseInt(root.getAttribute("data-question-max"), 10) || B.LIMITS.question;

  var editor = root.querySelector(".cb-handout__editor");
  var message = root.querySelector(".cb-handout__message");
  var shared = root.querySelector(".cb-handout__shared");
  var titleInput = root.querySelector("#cb-handout-title");
  var questionsInput = root.querySelector("#cb-handout-questions");
  var itemList = root.querySelector(".cb-handout__items");
  var empty = root.querySelector(".cb-handout__empty");
  var printUrl = root.querySelector(".cb-module__address [data-cb-print-url]");
  var pack = document.querySelector(".cb-handout__pack");
  var heading = document.querySelector("article h1") || document.querySelector("h1");
  var pageTitle = document.title;
  var headingText = heading ? heading.firstChild && heading.firstChild.nodeType === 3 ? heading.firstChild : heading : null;

  var state = { items: [], title: "", questions: [] };
  var mode = "basket"; // "basket": edits are saved; "shared": a pack from a link, not saved; "address": no storage
  var records = new Map();
  var notes = [];

  // ---------------------------------------------------------------- the address
  function fromAddress(search) {
    var params = new URLSearchParams(search); // never throws, whatever the percent-encoding
    if (!params.has("items") && !params.has("title") && !params.has("question")) return null;
    var items = [];
    var bad = [];
    (params.get("items") || "").split(/[,，\s]+/).forEach(function (token) {
      if (!token) return;
      var parts = token.split(/[:：]/);
      if (!parts.every(function (p) { return B.ID_RE.test(p); })) {
        bad.push(token.length > 40 ? token.slice(0, 40) + "…" : token);
        return;
      }
      items.push({ case: parts[0], practices: parts.slice(1) });
    });
    var raw = { items: items, title: params.get("title") || "", questions: params.getAll("question") };
    var clean = B.normalize(raw);
    if (bad.length) notes.push("网址中有看不懂的条目，已忽略：" + bad.map(function (x) { return "“" + x + "”"; }).join("、") + "。");
    if (items.length > clean.items.length) notes.push("同一案例出现多次的已合并；讲义最多放 " + B.LIMITS.items + " 个案例。");
    if (raw.questions.filter(function (q) { return q.trim(); }).length > clean.questions.length) notes.push("讨论题最多 " + B.LIMITS.questions + " 条，多出的已略去。");
    return clean;
  }

  function query(s) {
    var parts = [];
    if (s.items.length) parts.push("items=" + s.items.map(function (it) { return [it.case].concat(it.practices).join(":"); }).join(","));
    if (s.title) parts.push("title=" + encodeURIComponent(s.title));
    s.questions.forEach(function (q) { parts.push("question=" + encodeURIComponent(q)); });
    return parts.length ? "?" + parts.join("&") : "";
  }

  function same(a, b) {
    return query(a) === query(b);
  }

  function updateAddress() {
    // Only a real change: a new address makes the browser fetch the page's icon again.
    if (query(state) !== location.search) {
      try {
        history.replaceState(null, "", location.pathname + query(state) + location.hash);
      } catch (e) { /* some file:// setups refuse; the pack still works */ }
    }
    if (!printUrl) return;
    // On paper the address is read and typed: Chinese as Chinese (as the address bar shows it).
    // From a copy on disk, casebook-print.js writes where the file is before printing.
    var address = "";
    if (/^https?:$/.test(location.protocol)) {
      address = location.href.split("#")[0];
      try { address = decodeURI(address); } catch (e) { /* keep it encoded */ }
    }
    printUrl.textContent = address;
  }

  // ---------------------------------------------------------------- state changes
  function commit(options) {
    if (mode === "basket") B.write(state);
    updateAddress();
    if (!options || options.editor !== false) renderEditor();
    renderPack();
  }

  function show() {
    message.textContent = notes.join(" ");
  }

  /* Load the records of every item, follow renamed cases, drop what does not exist. */
  function load() {
    var ids = state.items.map(function (it) { return it.case; });
    if (!ids.length) return Promise.resolve();
    message.textContent = "正在载入案例数据……";
    return B.loadCases(ids).then(function (found) {
      records = found.records;
      var dropped = [];
      var renamed = [];
      var practiceNotes = [];
      state.items.forEach(function (it) {
        var id = found.renamed.get(it.case);
        if (id) {
          renamed.push(it.case + " → " + id);
          it.case = id;
        }
      });
      state = B.normalize(state); // a renamed case may now be there twice
      state.items = state.items.filter(function (it) {
        var r = records.get(it.case);
        if (!r) {
          dropped.push(it.case);
          return false;
        }
        var known = new Set(r.practices.map(function (p) { return p.id; }));
        var unknown = it.practices.filter(function (p) { return !known.has(p); });
        if (unknown.length) {
          practiceNotes.push("“" + r.title + "”中没有编号为 " + unknown.map(function (p) { return "“" + p + "”"; }).join("、") + " 的做法，已忽略。");
          it.practices = it.practices.filter(function (p) { return known.has(p); });
        }
        return true;
      });
      if (dropped.length) notes.push("没有找到编号为 " + dropped.map(function (x) { return "“" + x + "”"; }).join("、") + " 的案例，已忽略。请检查链接是否完整。");
      if (renamed.length) notes.push("以下案例已改用新编号：" + renamed.join("、") + "。");
      notes = notes.concat(practiceNotes);
    });
  }

  function start() {
    notes = [];
    var fromUrl = fromAddress(location.search);
    var basket = B.read();
    shared.hidden = true;
    if (basket === null) {
      mode = "address";
      state = fromUrl || { items: [], title: "", questions: [] };
      notes.push("浏览器不允许保存讲义：改动只记在网址里，请在关闭页面前复制网址。");
    } else if (!fromUrl || same(fromUrl, basket)) {
      mode = "basket";
      state = basket;
    } else if (B.isEmpty(basket)) {
      mode = "basket";
      state = fromUrl;
    } else {
      mode = "shared";
      state = fromUrl;
      var p = shared.querySelector("p");
      p.textContent = "这是通过链接打开的讲义（" + fromUrl.items.length + " 个案例），您自己的讲义（" + basket.items.length + " 个案例）没有改动。在这里的修改只记在网址里。";
      shared.hidden = false;
    }
    return load().then(function () {
      show();
      editor.hidden = false;
      commit();
    });
  }

  // ---------------------------------------------------------------- editor
  function scopeText(item, r) {
    if (!item.practices.length) return "整个案例（" + r.practices.length + " 条做法）";
    var names = new Map(r.practices.map(function (p) { return [p.id, p.name]; }));
    return "做法：" + item.practices.map(function (p) { return names.get(p); }).join("、");
  }

  function renderEditor(focus) {
    itemList.textContent = "";
    state.items.forEach(function (item, i) {
      var r = records.get(item.case);
      var li = el("li", "cb-handout__item");
      var text = el("span", "cb-handout__item-text");
      var a = el("a", "cb-handout__item-title", r.title);
      a.href = caseHref(r);
      text.appendChild(a);
      text.appendChild(el("span", "cb-handout__item-scope", scopeText(item, r)));
      li.appendChild(text);
      var tools = el("span", "cb-handout__item-tools");
      [["up", "↑", "上移"], ["down", "↓", "下移"], ["remove", "×", "移出讲义"]].forEach(function (t) {
        var b = button("cb-handout__tool", t[1]);
        b.setAttribute("aria-label", t[2] + "：" + r.title);
        b.setAttribute("data-act", t[0]);
        b.disabled = (t[0] === "up" && i === 0) || (t[0] === "down" && i === state.items.length - 1);
        b.addEventListener("click", function () { act(t[0], i); });
        tools.appendChild(b);
      });
      li.appendChild(tools);
      itemList.appendChild(li);
    });
    empty.hidden = state.items.length > 0;
    if (document.activeElement !== titleInput) titleInput.value = state.title;
    if (document.activeElement !== questionsInput) questionsInput.value = state.questions.join("\n");
    editor.querySelectorAll("[data-handout-print], [data-handout-word], [data-handout-module]").forEach(function (b) {
      b.disabled = !state.items.length;
    });
    if (focus) {
      var target = itemList.children[focus.index] && itemList.children[focus.index].querySelector('[data-act="' + focus.act + '"]');
      if (target && target.disabled) target = itemList.children[focus.index].querySelector("[data-act]:not([disabled])");
      (target || titleInput).focus();
    }
  }

  function act(what, i) {
    var items = state.items;
    var title = records.get(items[i].case).title;
    var focus = { index: i, act: what };
    if (what === "up" && i > 0) {
      items.splice(i - 1, 0, items.splice(i, 1)[0]);
      focus.index = i - 1;
      B.say(message, "已上移“" + title + "”，现在是第 " + i + " 个。");
    } else if (what === "down" && i < items.length - 1) {
      items.splice(i + 1, 0, items.splice(i, 1)[0]);
      focus.index = i + 1;
      B.say(message, "已下移“" + title + "”，现在是第 " + (i + 2) + " 个。");
    } else if (what === "remove") {
      items.splice(i, 1);
      focus = { index: Math.min(i, items.length - 1), act: "remove" };
      B.say(message, "已移出“" + title + "”。");
    }
    commit({ editor: false });
    renderEditor(focus);
  }

  var typing = 0;
  function edited() {
    window.clearTimeout(typing);
    typing = window.setTimeout(function () {
      var next = B.normalize({
        items: state.items,
        title: titleInput.value,
        questions: questionsInput.value.split(/\n+/),
      });
      state.title = next.title;
      state.questions = next.questions;
      commit({ editor: false });
    }, 300);
  }
  titleInput.addEventListener("input", edited);
  questionsInput.addEventListener("input", edited);

  function addItem(id, practice) {
    return B.loadCases([id]).then(function (found) {
      var r = found.records.get(found.renamed.get(id) || id);
      if (!r) {
        B.say(message, "没有找到编号为“" + id + "”的案例。");
        return;
      }
      records = found.records;
      var order = r.practices.map(function (p) { return p.id; });
      var result = B.add(state, r.id, practice, order);
      var texts = {
        full: "讲义里最多放 " + B.LIMITS.items + " 个案例，请先移出一些。",
        already: "“" + r.title + "”" + (practice ? "的这条做法" : "") + "已在讲义中。",
        widened: "已改为讲授整个“" + r.title + "”。",
        added: "已加入“" + r.title + "”" + (practice ? "中的一条做法" : "") + "。",
      };
      B.say(message, texts[result]);
      if (result === "added" || result === "widened") commit();
    });
  }

  B.picker(root.querySelector(".cb-picker"), {
    action: "加入讲义",
    practices: true,
    exact: function (q) { return B.ID_RE.test(q) ? q : null; },
    pick: addItem,
    message: function (text) { B.say(message, text); },
  });

  editor.querySelector("[data-handout-print]").addEventListener("click", function () { window.print(); });
  editor.querySelector("[data-handout-clear]").addEventListener("click", function () {
    if (state.items.length && !window.confirm("清空讲义中的全部案例、标题和讨论题？")) return;
    state = { items: [], title: "", questions: [] };
    B.say(message, "讲义已清空。");
    commit();
  });
  editor.querySelector("[data-handout-adopt]").addEventListener("click", function () {
    mode = "basket";
    shared.hidden = true;
    B.say(message, "已存为您的讲义。");
    commit();
  });
  editor.querySelector("[data-handout-mine]").addEventListener("click", function () {
    state = B.read() || state;
    mode = "basket";
    shared.hidden = true;
    notes = [];
    load().then(function () {
      show();
      commit();
    });
  });
  editor.querySelector("[data-handout-word]").addEventListener("click", function () {
    var b = this;
    b.disabled = true;
    B.say(message, "正在生成 Word 文件……");
    B.downloadWord(wordPack()).then(function (name) {
      B.say(message, "已生成“" + name + "”，请在浏览器的下载列表中查看。");
    }, function (error) {
      B.say(message, error && error.message ? error.message : "生成 Word 文件失败。");
    }).then(function () {
      b.disabled = !state.items.length;
    });
  });
  editor.querySelector("[data-handout-module]").addEventListener("click", function () {
    var spec = JSON.parse(document.getElementById("cb-module-draft").textContent);
    var text = moduleDraft(spec);
    B.save(new Blob([text], { type: "text/yaml;charset=utf-8" }), "培训专题草稿.yaml");
    B.say(message, "已导出“培训专题草稿.yaml”。填好其中标着“必填”的空字段，改名为 modules/<专题编号>.yaml，运行 make validate 检查后提交。");
  });

  window.addEventListener("storage", function (e) {
    if (mode === "basket" && (e.key === B.KEY || e.key === null)) start();
  });

  // ---------------------------------------------------------------- the pack as a page (and in print)
  var siteRoot = root.getAttribute("data-site-root") || "../";

  /* Relative, as on module pages: in print only absolute links get their address written out. */
  function caseHref(r, anchor) {
    return siteRoot + r.url + (anchor ? "#" + anchor : "");
  }

  /* The address a reader can type: absolute when the site knows its own, else
   * resolved against this server; a copy on disk keeps the site-relative path. */
  function caseAddress(r) {
    if (/^https?:/.test(r.address)) return r.address;
    if (/^https?:$/.test(location.protocol)) return new URL(r.url, B.ROOT).href;
    return r.address;
  }

  function figureTable(figures) {
    var wrap = el("div", "cb-hcard__figures");
    var table = el("table");
    table.appendChild(el("caption", "", "关键数据"));
    var head = el("tr");
    ["项目", "数据", "来源原文"].forEach(function (h) { head.appendChild(el("th", "", h)).setAttribute("scope", "col"); });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    figures.forEach(function (f) {
      var tr = el("tr");
      var label = el("td");
      label.appendChild(el("strong", "", f.label));
      label.appendChild(el("span", "cb-hcard__counts", f.counts + (f.year ? "（" + f.year + " 年）" : "")));
      tr.appendChild(label);
      tr.appendChild(el("td", "cb-hcard__value", f.value));
      tr.appendChild(el("td", "cb-hcard__source", "“" + f.source + "”"));
      body.appendChild(tr);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    return wrap;
  }

  function h(level, text, id) {
    var node = el("h" + level, "", text);
    if (id) node.id = id;
    return node;
  }

  function renderPack() {
    var title = state.title || "讲义";
    if (headingText) headingText.textContent = title;
    var wanted = state.title ? state.title + " - " + pageTitle : pageTitle;
    if (document.title !== wanted) document.title = wanted;
    pack.textContent = "";
    if (!state.items.length) return;
    pack.appendChild(h(2, "案例（" + state.items.length + " 个）", "cases"));
    state.items.forEach(function (item, i) {
      var r = records.get(item.case);
      pack.appendChild(h(3, i + 1 + ". " + r.title, "c-" + r.id));
      var card = el("div", "cb-mcard cb-hcard");
      card.setAttribute("data-case-id", r.id);
      card.appendChild(el("p", "cb-mcard__meta", B.caseMeta(r)));
      card.appendChild(el("p", "cb-mcard__summary", r.summary));
      var practices = B.practicesOf(r, item);
      card.appendChild(el("p", "cb-hcard__scope", item.practices.length ? "重点讲授其中 " + practices.length + " 条做法：" : "主要做法："));
      practices.forEach(function (p, k) {
        var block = el("div", "cb-hcard__practice");
        var name = el("h4", "", k + 1 + ". ");
        var a = el("a", "", p.name);
        a.href = caseHref(r, p.id);
        name.appendChild(a);
        block.appendChild(name);
        p.text.forEach(function (t) { block.appendChild(el("p", "", t)); });
        card.appendChild(block);
      });
      var figures = B.figuresOf(r, item);
      if (figures.length) card.appendChild(figureTable(figures));
      var links = el("p", "cb-mcard__links");
      var read = el("a", "cb-mcard__read", "阅读案例全文 →");
      read.href = caseHref(r);
      links.appendChild(read);
      links.appendChild(el("span", "cb-mcard__address cb-print-only", "案例网址：" + caseAddress(r)));
      card.appendChild(links);
      pack.appendChild(card);
    });
    if (state.questions.length) {
      pack.appendChild(h(2, "讨论题", "questions"));
      var ol = el("ol", "cb-module__questions");
      state.questions.forEach(function (q) { ol.appendChild(el("li", "", q)); });
      pack.appendChild(ol);
    }
    pack.appendChild(h(2, "来源与引用", "sources"));
    pack.appendChild(el("p", "cb-cite__hint", "按 GB/T 7714—2015 著录。引用日期暂按各案例的收录日期填写，请改为您实际查阅的日期。"));
    state.items.forEach(function (item) {
      var r = records.get(item.case);
      var box = el("div", "cb-hcite");
      box.appendChild(el("p", "cb-hcite__title", r.title));
      var list = el("ol", "cb-hcite__list");
      r.sources.forEach(function (s) { list.appendChild(el("li", "", s)); });
      list.appendChild(el("li", "", r.cite + " " + caseAddress(r) + "."));
      box.appendChild(list);
      pack.appendChild(box);
    });
  }

  // ---------------------------------------------------------------- leaving the page
  function wordPack() {
    var address = /^https?:$/.test(location.protocol) ? location.href.split("#")[0] : "";
    return {
      kind: "handout",
      title: state.title || "讲义",
      summary: "",
      meta: [["案例", state.items.length + " 个（按讲授顺序）"]],
      objectives: [],
      items: state.items.map(function (it) { return { case: it.case, practices: it.practices.slice() }; }),
      questions: state.questions.slice(),
      address: address,
    };
  }

  /* A modules/<id>.yaml draft: the module schema's fields in its order, with
   * the comments `casebook new` writes (from the schema, sent by the build),
   * the pack's title, cases and questions filled in, the rest left empty. */
  function moduleDraft(spec) {
    var pad = spec.indent;
    var lines = [spec.schema_line];
    lines.push("# " + spec.title + "草稿：由实践案例库的“讲义”页面导出（" + isoDate() + "）。");
    if (/^https?:$/.test(location.protocol)) lines.push("# 讲义网址：" + location.href.split("#")[0].replace(/[\r\n]/g, ""));
    lines.push("# 填好标着“必填”、现在还空着的字段（编号、简介、培训对象、学习目标、每个案例的选用理由），");
    lines.push("# 把文件改名为 modules/<专题编号>.yaml，运行 make validate 检查，再提交。");
    var values = {
      title: state.title ? [scalar(state.title)] : null,
      cases: state.items,
      questions: state.questions.length ? state.questions.map(scalar) : null,
    };
    spec.fields.forEach(function (f) {
      lines.push("");
      f.comment.forEach(function (c) { lines.push(c); });
      var v = values[f.name];
      if (f.name === "cases") {
        lines.push("cases:");
        state.items.forEach(function (item, i) {
          var r = records.get(item.case);
          lines.push(pad + "- # " + r.title);
          spec.case_fields.forEach(function (cf) {
            if (i === 0) cf.comment.forEach(function (c) { lines.push(pad + pad + c); });
            if (cf.name === "case") lines.push(pad + pad + "case: " + item.case);
            else if (cf.name === "practices") {
              if (!item.practices.length) return;
              lines.push(pad + pad + "practices:");
              item.practices.forEach(function (p) { lines.push(pad + pad + pad + "- " + p); });
            } else if (cf.required) cf.empty.forEach(function (e) { lines.push(pad + pad + e); });
          });
        });
      } else if (v && f.name === "title") {
        lines.push("title: " + v[0]);
      } else if (v) {
        lines.push(f.name + ":");
        v.forEach(function (q) { lines.push(pad + "- " + q); });
      } else if (f.required) {
        f.empty.forEach(function (e) { lines.push(e); });
      } else {
        f.empty.forEach(function (e) { lines.push("# " + e); });
      }
    });
    return lines.join("\n") + "\n";
  }

  /* One YAML scalar in double quotes: JSON's string escapes are YAML's too;
   * line and paragraph separators, which YAML reads as line breaks, escaped. */
  function scalar(text) {
    return JSON.stringify(String(text)).replace(/[\u0085\u2028\u2029\ufeff]/g, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function isoDate() {
    var d = new Date();
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  start();
})();
