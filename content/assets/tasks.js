/* Task ticks: a reader's checkboxes are remembered in this browser (localStorage), keyed by
   the dispatch page, the task id and the unit ("…#muc-8@tt-cntt"), so a tick on a dispatch
   page also shows on that unit's task board, and each unit of a joint task ticks its own.
   The archive itself stays read-only. Works from file:// and with no network. */
(function () {
  "use strict";
  var PREFIX = "dispatch-archive:tick:";
  var HIDE_DONE = "dispatch-archive:hide-done";

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null; // storage disabled: boxes still tick, nothing is remembered
    }
  }

  function wire(store, marker, changed) {
    var item = marker.closest("li");
    var box = item && item.querySelector("input[type=checkbox]");
    if (!box) return;
    var key = PREFIX + marker.getAttribute("data-task");
    box.disabled = false;
    box.setAttribute("aria-label", "Đã xong: " + taskName(item));
    box.checked = store !== null && store.getItem(key) === "1";
    item.classList.toggle("task-done", box.checked);
    box.addEventListener("change", function () {
      item.classList.toggle("task-done", box.checked);
      if (store !== null) {
        if (box.checked) store.setItem(key, "1");
        else store.removeItem(key);
      }
      changed();
    });
  }

  /* A box's accessible name: the task's words (on a dispatch page, the obligation's, then
     the unit whose box it is). */
  function taskName(item) {
    var obligation = item.parentNode.closest("li.task-obligation");
    var text = (obligation || item).querySelector(".task-text");
    var words = (text ? text.textContent : item.textContent.split(" — ")[0]).trim();
    var unit = obligation && item.querySelector(".task-unit");
    return unit ? words + " (" + unit.textContent.trim() + ")" : words;
  }

  /* Above the first checklist: "n/m việc đã xong" and a switch that hides done tasks
     (remembered in this browser, for every page). */
  function toolbar(store, markers) {
    var list = markers[0].closest(".task-board, ul.task-obligations") || markers[0].closest("ul");
    var bar = document.createElement("p");
    bar.className = "task-toolbar";
    bar.innerHTML = '<span class="task-count" aria-live="polite"></span> · ' +
      '<label><input type="checkbox" class="task-hide-done"> Ẩn việc đã xong</label>';
    list.parentNode.insertBefore(bar, list);
    var hide = bar.querySelector("input");
    hide.checked = store !== null && store.getItem(HIDE_DONE) === "1";
    function update() {
      var done = document.querySelectorAll("li.task-done span.task-key").length;
      bar.querySelector(".task-count").textContent = done + "/" + markers.length + " việc đã xong" +
        wholeUnit(store, markers.length);
      document.body.classList.toggle("tasks-hide-done", hide.checked);
    }
    hide.addEventListener("change", function () {
      if (store !== null) {
        if (hide.checked) store.setItem(HIDE_DONE, "1");
        else store.removeItem(HIDE_DONE);
      }
      update();
    });
    return update;
  }

  /* On a page of a unit's board cut by year or month: the ticks of all its pages, counted from
     this browser's ticks whose key ends with the unit ("…@tt-cntt"). */
  function wholeUnit(store, shown) {
    var mark = document.querySelector("span.unit-tasks[data-unit]");
    if (!mark || store === null) return "";
    var total = parseInt(mark.getAttribute("data-total"), 10), end = "@" + mark.getAttribute("data-unit");
    if (!(total > shown)) return "";
    var done = 0;
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key.indexOf(PREFIX) === 0 && key.slice(-end.length) === end && store.getItem(key) === "1") done++;
    }
    return " trên trang này; cả đơn vị: " + Math.min(done, total) + "/" + total;
  }

  function init() {
    var store = storage();
    var markers = document.querySelectorAll("span.task-key[data-task]");
    if (markers.length === 0) return;
    var update = toolbar(store, markers);
    for (var i = 0; i < markers.length; i++) wire(store, markers[i], update);
    update();
    var board = document.querySelector(".task-board");
    if (board) boardFilters(board);
  }

  /* ---- a unit's board (generator/pages/boards.py): filters by year, dispatch type and
     "due within", and a search box over the tasks' words, marks folded ("bao cao" finds
     "báo cáo"); each group counts what it still shows. ---- */
  var WITHIN = [["7", "Đến hạn trong 7 ngày"], ["30", "Đến hạn trong 30 ngày"], ["90", "Đến hạn trong 90 ngày"]];

  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function addDays(iso, days) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }
  function field(label, control) {
    var wrap = document.createElement("label");
    wrap.appendChild(document.createTextNode(label));
    wrap.appendChild(control);
    return wrap;
  }
  function choice(name, first, values) {
    var select = document.createElement("select");
    select.name = name;
    values.forEach(function (v) { select.appendChild(new Option(v[1], v[0])); });
    select.insertBefore(new Option(first, ""), select.firstChild);
    select.value = "";
    return select;
  }
  function distinct(items, attribute, newestFirst) {
    var seen = {};
    items.forEach(function (li) { var v = li.getAttribute(attribute); if (v) seen[v] = true; });
    var keys = Object.keys(seen).sort(function (a, b) { return a.localeCompare(b, "vi"); });
    if (newestFirst) keys.reverse();
    return keys.map(function (k) { return [k, k]; });
  }

  function boardFilters(board) {
    var items = Array.prototype.slice.call(board.querySelectorAll("li.task-list-item"));
    var words = items.map(function (li) { return fold(li.textContent); });
    var asOf = board.getAttribute("data-as-of");
    var bar = document.createElement("div");
    bar.className = "task-filters";
    bar.setAttribute("role", "search");
    var text = document.createElement("input");
    text.type = "search";
    text.name = "task-search";
    text.placeholder = "Tìm trong nhiệm vụ…";
    var year = choice("year", "Mọi năm", distinct(items, "data-year", true));
    var type = choice("type", "Mọi loại", distinct(items, "data-type", false));
    var within = choice("within", "Mọi hạn", WITHIN);
    if (!asOf) within.disabled = true;
    [field("Tìm", text), field("Năm ban hành", year), field("Loại văn bản", type), field("Hạn", within)]
      .forEach(function (f) { bar.appendChild(f); });
    board.parentNode.insertBefore(bar, board);

    function apply() {
      var query = fold(text.value).split(/\s+/).filter(Boolean);
      var until = within.value && asOf ? addDays(asOf, parseInt(within.value, 10)) : "";
      items.forEach(function (li, i) {
        var due = li.getAttribute("data-due");
        var shown = (!year.value || li.getAttribute("data-year") === year.value) &&
          (!type.value || li.getAttribute("data-type") === type.value) &&
          (!until || (due && due < until)) &&
          query.every(function (w) { return words[i].indexOf(w) >= 0; });
        li.classList.toggle("task-filtered", !shown);
      });
      board.querySelectorAll("details.task-group").forEach(function (group) {
        var n = group.querySelectorAll("li.task-list-item:not(.task-filtered)").length;
        group.querySelector(".task-group-count").textContent = n;
        group.classList.toggle("task-group--empty", n === 0);
      });
    }
    bar.addEventListener("input", apply);
    bar.addEventListener("change", apply);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
