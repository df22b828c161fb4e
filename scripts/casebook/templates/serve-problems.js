/* `mkdocs serve` only (casebook.mkdocs_serve): while a file has problems the
 * site stays as it was last built without any, and every page shows the
 * problems here. The plugin writes window.casebookServeProblems above this. */
(function () {
  "use strict";
  var problems = window.casebookServeProblems || [];
  if (!problems.length) return;
  function show() {
    var box = document.createElement("div");
    box.className = "cb-serve-problems";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:relative;z-index:10;margin:0;padding:.8rem 1.2rem;background:#fdecea;color:#611a15;" +
      "border-bottom:3px solid #c62828;font-size:.8rem;line-height:1.5;max-height:50vh;overflow:auto";
    var head = document.createElement("strong");
    head.textContent = "有 " + problems.length + " 个问题，网站仍显示上一次通过校验的内容。改好文件并保存后，本页会自动刷新：";
    box.appendChild(head);
    var list = document.createElement("ul");
    list.style.cssText = "margin:.4rem 0 0 1.2rem;padding:0";
    problems.forEach(function (p) {
      var item = document.createElement("li");
      var where = document.createElement("code");
      where.textContent = p[0];
      item.appendChild(where);
      item.appendChild(document.createTextNode(" " + p[1]));
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.insertBefore(box, document.body.firstChild);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
})();
