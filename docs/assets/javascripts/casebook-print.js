/* 打印辅助：在打印稿末尾写出本页地址和打印日期（样式见 casebook-print.css）。
 * Runs on load and again on beforeprint, so a page left open overnight prints
 * today's date. No network access; works from file:// too. */
(function () {
  "use strict";

  function today() {
    var d = new Date();
    return d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
  }

  /* The address a reader can type in: the page's own web address; from a copy
   * on disk, the file's place inside the offline folder. */
  function pageAddress() {
    var here = location.href.split("#")[0];
    if (location.protocol === "http:" || location.protocol === "https:") return here;
    var root = typeof __md_scope !== "undefined" ? __md_scope.href : "";
    var rel = root && here.indexOf(root) === 0 ? here.slice(root.length) : here;
    try {
      rel = decodeURI(rel || "index.html");
    } catch (e) { /* a folder name with a stray "%": show it as it is */ }
    return "实践案例库离线版 " + (rel || "index.html");
  }

  function absolute(a) {
    try { return new URL(a.getAttribute("href"), location.href).href; } catch (e) { return ""; }
  }

  function fill() {
    var date = today();
    document.querySelectorAll("[data-cb-print-date]").forEach(function (el) { el.textContent = date; });
    document.querySelectorAll("[data-cb-print-url]").forEach(function (el) {
      if (!el.textContent.trim()) el.textContent = pageAddress();
    });
    var web = location.protocol === "http:" || location.protocol === "https:";
    document.querySelectorAll(".md-content a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (/^https?:/i.test(href)) {
        /* A link whose text already is its address needs no second copy. */
        if (a.textContent.trim() === href) a.classList.add("cb-print-url-shown");
      } else if (web && a.closest(".cb-related, .cb-cards") && href.charAt(0) !== "#") {
        /* Related and listed cases: print where to find them, when that address means something. */
        a.setAttribute("data-cb-print-href", absolute(a).split("#")[0]);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fill);
  else fill();
  window.addEventListener("beforeprint", fill);
})();
