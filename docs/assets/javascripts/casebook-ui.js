/* 实践案例库 page behaviour: glossary tooltips, copy buttons, print button,
 * "加入对比" on case pages and the comparison page (compare/).
 * No libraries, no fetch(): everything works from a file:// copy too.
 * Every text from the data is inserted with textContent, never as HTML. */
(function () {
  "use strict";

  var STORE_KEY = "casebook-compare";
  var MAX_COMPARE = 4;

  // ---------------------------------------------------------------- storage
  function readStore() {
    try {
      var raw = window.localStorage.getItem(STORE_KEY);
      var list = raw ? JSON.parse(raw) : [];
      return Array.isArray(list) ? list.filter(function (x) { return typeof x === "string"; }) : [];
    } catch (e) {
      return null; // storage unavailable (privacy mode, some file:// setups)
    }
  }

  function writeStore(list) {
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(list));
      return true;
    } catch (e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- tooltips
  var tip = null;
  var tipFor = null;
  var lastPointer = "mouse";

  function ensureTip() {
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "cb-tip";
      tip.className = "cb-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      tip.addEventListener("mouseleave", function (e) {
        if (tipFor && e.relatedTarget !== tipFor) hideTip();
      });
      document.body.appendChild(tip);
    }
    return tip;
  }

  function positionTip(link) {
    var t = tip;
    var r = link.getClientRects()[0] || link.getBoundingClientRect();
    var vw = document.documentElement.clientWidth;
    t.style.maxWidth = Math.min(320, vw - 16) + "px";
    t.style.left = "0px";
    t.style.top = "0px";
    var w = t.offsetWidth;
    var h = t.offsetHeight;
    var left = Math.max(8, Math.min(r.left, vw - w - 8));
    var top = r.bottom + 6;
    if (top + h > window.innerHeight - 8 && r.top - h - 6 > 8) top = r.top - h - 6;
    t.style.left = left + window.pageXOffset + "px";
    t.style.top = top + window.pageYOffset + "px";
  }

  function showTip(link, touch) {
    var t = ensureTip();
    if (tipFor && tipFor !== link) hideTip();
    t.textContent = link.getAttribute("data-tip") || "";
    if (touch) {
      var more = document.createElement("span");
      more.className = "cb-tip__more";
      more.textContent = "再点一次打开词条";
      t.appendChild(more);
    }
    t.hidden = false;
    tipFor = link;
    link.setAttribute("aria-describedby", "cb-tip");
    link.classList.add("is-tip-open");
    positionTip(link);
  }

  function hideTip() {
    if (!tip || !tipFor) return;
    tip.hidden = true;
    tipFor.removeAttribute("aria-describedby");
    tipFor.classList.remove("is-tip-open");
    tipFor = null;
  }

  function termLink(target) {
    return target && target.closest ? target.closest("a.cb-term-link[data-tip]") : null;
  }

  document.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType || "mouse";
  }, true);

  document.addEventListener("mouseover", function (e) {
    var link = termLink(e.target);
    if (link && lastPointer !== "touch" && lastPointer !== "pen") showTip(link, false);
  });

  document.addEventListener("mouseout", function (e) {
    var link = termLink(e.target);
    if (!link || link !== tipFor || lastPointer === "touch" || lastPointer === "pen") return;
    var to = e.relatedTarget;
    if (to && (link.contains(to) || (tip && tip.contains(to)))) return;
    if (document.activeElement !== link) hideTip();
  });

  document.addEventListener("focusin", function (e) {
    var link = termLink(e.target);
    // A tap focuses the link too; taps are handled on click (first tap explains).
    if (link && lastPointer !== "touch" && lastPointer !== "pen") showTip(link, false);
  });

  document.addEventListener("focusout", function (e) {
    if (termLink(e.target) === tipFor && lastPointer !== "touch") hideTip();
  });

  document.addEventListener("click", function (e) {
    var link = termLink(e.target);
    if (link && (lastPointer === "touch" || lastPointer === "pen")) {
      if (tipFor !== link || tip.hidden) {
        e.preventDefault(); // first tap explains, second tap follows the link
        showTip(link, true);
      }
      return;
    }
    if (tipFor && !(tip && tip.contains(e.target)) && !link) hideTip();
  });

  document.addEventListener("keydown", function (e) {
    lastPointer = "keyboard";
    if (e.key === "Escape" && tipFor) hideTip();
  }, true);

  window.addEventListener("resize", function () {
    if (tipFor) positionTip(tipFor);
  });

  // ---------------------------------------------------------------- copy
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        if (!fallbackCopy(text)) throw new Error("copy failed");
      });
    }
    return fallbackCopy(text) ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function selectContents(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function statusFor(button) {
    var box = button.closest(".cb-cite, .cb-compare, .cb-handout");
    return box ? box.querySelector(".cb-copy-status, .cb-compare__message, .cb-handout__message") : null;
  }

  function say(el, text) {
    if (!el) return;
    el.textContent = "";
    // A fresh text node so screen readers announce a repeated message too.
    window.setTimeout(function () { el.textContent = text; }, 30);
  }

  window.casebookUi = { copyText: copyText, say: say }; // casebook-handout.js uses them too

  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button.cb-copy") : null;
    if (!button) return;
    var source = button.hasAttribute("data-copy-url") ? null : document.getElementById(button.getAttribute("data-copy"));
    var text = source ? source.textContent.replace(/\s+/g, " ").trim() : window.location.href;
    var status = statusFor(button);
    copyText(text).then(function () {
      button.classList.add("is-copied");
      say(status, "已复制到剪贴板。");
      window.setTimeout(function () { button.classList.remove("is-copied"); }, 2000);
    }, function () {
      if (source) selectContents(source);
      say(status, "浏览器不允许自动复制，文字已选中，请按 Ctrl+C（苹果电脑按 ⌘+C）复制。");
    });
  });

  // ---------------------------------------------------------------- page addresses
  function upgradeAddresses() {
    if (!/^https?:$/.test(window.location.protocol)) return; // a file:// address helps no reader
    var els = document.querySelectorAll("[data-cb-href]");
    for (var i = 0; i < els.length; i++) {
      try {
        els[i].textContent = new URL(els[i].getAttribute("data-cb-href"), window.location.href).href;
      } catch (e) { /* keep the site-relative address */ }
    }
  }

  // ---------------------------------------------------------------- case page: 加入对比
  function compareUrl(base, ids) {
    return base + "?ids=" + ids.map(encodeURIComponent).join(",");
  }

  function setupCompareButtons() {
    var buttons = document.querySelectorAll("a.cb-compare-add[data-case-id]");
    if (!buttons.length) return;
    var list = readStore();
    if (list === null) return; // no storage: the link opens the comparison with this case
    Array.prototype.forEach.call(buttons, function (button) {
      var id = button.getAttribute("data-case-id");
      var base = button.getAttribute("data-compare-href");
      var go = document.createElement("a");
      go.className = "cb-compare-go";
      var note = document.createElement("span");
      note.className = "cb-compare-note";
      note.setAttribute("role", "status");
      button.parentNode.insertBefore(note, button.nextSibling);
      button.parentNode.insertBefore(go, button.nextSibling);
      button.setAttribute("role", "button");

      function refresh() {
        var current = readStore() || [];
        var inList = current.indexOf(id) >= 0;
        button.textContent = inList ? "移出对比" : "加入对比";
        button.setAttribute("aria-pressed", inList ? "true" : "false");
        go.hidden = current.length === 0;
        go.textContent = "去对比（已选 " + current.length + " 个）→";
        go.href = compareUrl(base, current);
      }

      button.addEventListener("keydown", function (e) {
        if (e.key === " ") { // a role=button answers the space bar too
          e.preventDefault();
          button.click();
        }
      });
      button.addEventListener("click", function (e) {
        e.preventDefault();
        var current = readStore() || [];
        var at = current.indexOf(id);
        if (at >= 0) {
          current.splice(at, 1);
          note.textContent = "已移出对比。";
        } else if (current.length >= MAX_COMPARE) {
          note.textContent = "最多同时对比 " + MAX_COMPARE + " 个案例，请先在对比页面移出一个。";
          return;
        } else {
          current.push(id);
          note.textContent = current.length < 2 ? "已加入对比。再选一个案例即可开始对比。" : "已加入对比。";
        }
        if (!writeStore(current)) {
          window.location.href = compareUrl(base, [id]);
          return;
        }
        refresh();
      });
      refresh();
    });
  }

  // ---------------------------------------------------------------- comparison page
  function loadScript(src, onload, onerror) {
    var s = document.createElement("script");
    s.src = src;
    s.async = true;
    s.onload = onload;
    s.onerror = onerror;
    document.head.appendChild(s);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // The address is typed, pasted or cut short by anyone: a stray "%" must
  // not stop the page ("URI malformed"), so each piece is decoded on its own
  // and kept as written when it cannot be.
  function decodePiece(text) {
    try {
      return decodeURIComponent(text);
    } catch (e) {
      return text;
    }
  }

  function parseIds(search) {
    var match = /[?&]ids=([^&#]*)/.exec(search);
    if (!match) return null;
    var seen = new Set();
    return match[1].replace(/\+/g, " ").split(/,|%2C/i).map(decodePiece).join(",").split(/[,，\s]+/).filter(function (x) {
      if (!x || seen.has(x)) return false;
      seen.add(x);
      return true;
    });
  }

  // Lookups keyed by what a reader typed or a link carried ("constructor",
  // "__proto__"): a Map, never a plain object, whose prototype would answer.
  function ownMap(object) {
    var map = new Map();
    if (object && typeof object === "object") {
      Object.keys(object).forEach(function (k) { map.set(k, object[k]); });
    }
    return map;
  }

  function setupCompare(root) {
    var base = root.getAttribute("data-data-base");
    var siteRoot = root.getAttribute("data-site-root");
    var max = parseInt(root.getAttribute("data-max"), 10) || MAX_COMPARE;
    var min = parseInt(root.getAttribute("data-min"), 10) || 2;
    var form = root.querySelector(".cb-compare__picker");
    var input = root.querySelector("#cb-compare-input");
    var message = root.querySelector(".cb-compare__message");
    var chosenList = root.querySelector(".cb-compare__chosen");
    var share = root.querySelector(".cb-compare__share");
    var tableBox = root.querySelector(".cb-compare__table");
    var byId = new Map();
    var aliases = new Map();
    var records = new Map();
    var selected = [];
    var notes = [];

    function show(text) {
      message.textContent = text;
    }

    window.cbCompareCase = function (record) {
      records.set(record.id, record);
    };

    window.cbCompareIndex = function (index) {
      index.cases.forEach(function (row) {
        byId.set(row[0], { id: row[0], title: row[1], region: row[2], year: row[3] });
      });
      aliases = ownMap(index.aliases);
    };

    /* An id, an old id or a whole title names one case; anything else goes to the site search. */
    function exactCase(q) {
      if (byId.has(q)) return q;
      if (aliases.has(q)) return aliases.get(q);
      var titled = Array.from(byId.keys()).filter(function (id) { return byId.get(id).title === q; });
      return titled.length === 1 ? titled[0] : null;
    }

    function updateAddress() {
      var url = window.location.pathname + (selected.length ? "?ids=" + selected.join(",") : "") + window.location.hash;
      try {
        window.history.replaceState(null, "", url);
      } catch (e) { /* some file:// setups refuse; the selection still works */ }
      writeStore(selected.slice());
    }

    function render() {
      chosenList.textContent = "";
      selected.forEach(function (id) {
        var item = el("li", "cb-compare__chip");
        item.appendChild(el("span", "", byId.get(id).title));
        var remove = el("button", "cb-compare__remove", "×");
        remove.type = "button";
        remove.setAttribute("aria-label", "移出对比：" + byId.get(id).title);
        remove.addEventListener("click", function () {
          selected.splice(selected.indexOf(id), 1);
          notes = [];
          refresh();
        });
        item.appendChild(remove);
        chosenList.appendChild(item);
      });
      share.hidden = selected.length === 0;
      form.querySelector("button[type=submit]").disabled = selected.length >= max;
      input.disabled = selected.length >= max;
      root.classList.toggle("is-several", selected.length >= min);
      hint.textContent = selected.length >= min ? "共 " + selected.length + " 个案例。表格较宽时，左右滑动查看其余案例 →" : "";

      tableBox.textContent = "";
      var status = notes.slice();
      if (!selected.length) status.push("还没有选择案例。请在上面输入案例标题加入对比。");
      else if (selected.length < min) status.push("已选 1 个案例，再加入至少 1 个即可并排对比。");
      else if (selected.length >= max) status.push("已选 " + max + " 个案例，达到上限。");
      show(status.join(" "));
      if (!selected.length) return;

      var rows = [
        ["实施单位", function (r) { return r.organisation; }],
        ["地区", function (r) { return r.region; }],
        ["层级", function (r) { return r.level; }],
        ["实施时间", function (r) { return r.period; }],
        ["实施状态", function (r) { return r.status; }],
        ["主题", function (r) { return r.themes; }],
        ["主要做法", function (r) { return r.practices; }],
        ["关键数据", function (r) { return r.figures; }],
        ["提法", function (r) { return r.terms; }],
        ["一句话摘要", function (r) { return r.summary; }]
      ];
      var table = el("table", "cb-compare__grid");
      table.style.minWidth = 6 + selected.length * 11 + "rem"; // narrower screens scroll the table sideways
      var caption = el("caption", "cb-visually-hidden", "案例对比：" + selected.map(function (id) { return byId.get(id).title; }).join("；"));
      table.appendChild(caption);
      var head = el("thead");
      var tr = el("tr");
      tr.appendChild(el("th", "cb-compare__corner", "项目")).setAttribute("scope", "col");
      selected.forEach(function (id) {
        var r = records.get(id);
        var th = el("th");
        th.setAttribute("scope", "col");
        var a = el("a", "", r.title);
        a.href = siteRoot + r.url;
        th.appendChild(a);
        tr.appendChild(th);
      });
      head.appendChild(tr);
      table.appendChild(head);
      var body = el("tbody");
      rows.forEach(function (row) {
        var line = el("tr");
        var th = el("th", "", row[0]);
        th.setAttribute("scope", "row");
        line.appendChild(th);
        selected.forEach(function (id) {
          var r = records.get(id);
          var value = row[1](r);
          var td = el("td");
          if (row[0] === "主要做法") {
            var ol = el("ol");
            value.forEach(function (p) {
              var li = el("li");
              var a = el("a", "", p.name);
              a.href = siteRoot + r.url + "#" + p.id;
              li.appendChild(a);
              ol.appendChild(li);
            });
            td.appendChild(ol);
          } else if (row[0] === "关键数据") {
            if (!value.length) td.appendChild(el("span", "cb-muted", "来源未给出数字"));
            var ul = el("ul", "cb-compare__figures");
            value.forEach(function (f) {
              var li = el("li");
              li.appendChild(el("strong", "", f.value));
              li.appendChild(document.createTextNode(" " + f.label));
              ul.appendChild(li);
            });
            if (value.length) td.appendChild(ul);
          } else if (Array.isArray(value)) {
            td.textContent = value.length ? value.join("、") : "—";
          } else {
            td.textContent = value || "—";
          }
          line.appendChild(td);
        });
        body.appendChild(line);
      });
      table.appendChild(body);
      tableBox.appendChild(table);
    }

    function refresh() {
      var missing = selected.filter(function (id) { return !records.has(id); });
      var waiting = missing.length;
      if (!waiting) {
        updateAddress();
        render();
        return;
      }
      show("正在载入案例数据……");
      missing.forEach(function (id) {
        var done = function () {
          if (!records.has(id)) {
            selected.splice(selected.indexOf(id), 1);
            notes.push("案例“" + id + "”的数据载入失败。");
          }
          waiting -= 1;
          if (!waiting) {
            updateAddress();
            render();
          }
        };
        loadScript(base + "cases/" + encodeURIComponent(id) + ".js", done, done);
      });
    }

    function start() {
      var fromUrl = parseIds(window.location.search);
      var wanted = fromUrl !== null ? fromUrl : (readStore() || []);
      var unknown = [];
      var renamed = [];
      selected = [];
      wanted.forEach(function (raw) {
        var id = byId.has(raw) ? raw : aliases.get(raw);
        if (!id) unknown.push(raw);
        else {
          if (id !== raw) renamed.push(raw + " → " + id);
          if (selected.indexOf(id) < 0) selected.push(id);
        }
      });
      notes = [];
      if (unknown.length) notes.push("没有找到编号为 " + unknown.map(function (x) { return "“" + x + "”"; }).join("、") + " 的案例，已忽略。请检查链接是否完整，或重新选择案例。");
      if (renamed.length) notes.push("以下案例已改用新编号：" + renamed.join("、") + "。");
      if (selected.length > max) {
        notes.push("一次最多对比 " + max + " 个案例，只显示前 " + max + " 个。");
        selected = selected.slice(0, max);
      }
      form.hidden = false;
      refresh();
    }

    function pick(id) {
      notes = [];
      if (!byId.has(id)) {
        show("没有找到编号为“" + id + "”的案例。");
        return;
      }
      if (selected.indexOf(id) >= 0) {
        show("“" + byId.get(id).title + "”已在对比中。");
        return;
      }
      if (selected.length >= max) {
        show("一次最多对比 " + max + " 个案例。");
        return;
      }
      selected.push(id);
      refresh();
    }

    var picker = window.cbBasket ? window.cbBasket.picker(form, { action: "加入对比", exact: exactCase, pick: pick, message: show }) : null;
    var hint = document.createElement("p");
    hint.className = "cb-compare__scroll-hint";
    hint.setAttribute("aria-hidden", "true"); // the table's own caption names every case
    tableBox.parentNode.insertBefore(hint, tableBox);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (picker) picker.submit();
      else pick(exactCase(input.value.trim()) || input.value.trim());
    });
    root.querySelector(".cb-compare__clear").addEventListener("click", function () {
      selected = [];
      notes = [];
      refresh();
    });

    loadScript(base + "index.js", function () {
      start();
    }, function () {
      show("案例数据没有载入，无法对比。请确认网站文件完整（assets/compare/ 目录）。");
    });
  }

  // ---------------------------------------------------------------- page contents on phones
  /* Material shows a page's table of contents beside it from 76.25em up;
   * narrower, only deep inside the site menu. A long page gets a "目录"
   * button that opens the same headings in a dialog (hidden where the
   * sidebar shows, see casebook-ui.css). */
  function setupPageToc() {
    var top = document.querySelector(".md-sidebar--secondary .md-nav--secondary > .md-nav__list");
    var count = top ? top.querySelectorAll("a.md-nav__link").length : 0;
    if (count < 4 || typeof HTMLDialogElement === "undefined") return;
    var dialog = el("dialog", "cb-toc-dialog");
    dialog.setAttribute("aria-labelledby", "cb-toc-title");
    var head = el("div", "cb-toc-dialog__head");
    head.appendChild(el("p", "cb-toc-dialog__title", "本页目录")).id = "cb-toc-title";
    var close = el("button", "cb-toc-dialog__close", "关闭");
    close.type = "button";
    head.appendChild(close);
    dialog.appendChild(head);

    function copyList(list) {
      var ul = el("ul");
      Array.prototype.forEach.call(list.children, function (item) {
        var link = item.querySelector(":scope > a.md-nav__link");
        if (!link) return;
        var li = el("li");
        var a = el("a", "", link.textContent.trim());
        a.href = link.getAttribute("href");
        li.appendChild(a);
        var sub = item.querySelector(":scope > nav > .md-nav__list");
        if (sub) li.appendChild(copyList(sub));
        ul.appendChild(li);
      });
      return ul;
    }
    dialog.appendChild(copyList(top));
    var open = el("button", "cb-toc-button", "目录");
    open.type = "button";
    open.setAttribute("aria-haspopup", "dialog");
    document.body.appendChild(dialog);
    document.body.appendChild(open);
    open.addEventListener("click", function () { dialog.showModal(); });
    close.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (e) {
      // a link closes the dialog and follows itself; a click on the backdrop (outside the box) just closes it
      var r = dialog.getBoundingClientRect();
      var outside = e.target === dialog && (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom);
      if (outside || (e.target.closest && e.target.closest("a"))) dialog.close();
    });
  }

  // ---------------------------------------------------------------- start
  function init() {
    var buttons = document.querySelectorAll("button.cb-copy[hidden], button.cb-print[hidden]");
    for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
    document.documentElement.classList.add("cb-js");
    upgradeAddresses();
    setupCompareButtons();
    setupPageToc();
    var compare = document.querySelector(".cb-compare[data-data-base]");
    if (compare) setupCompare(compare);
  }

  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("button.cb-print")) window.print();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
