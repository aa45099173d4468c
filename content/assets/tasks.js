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
    // The box's accessible name: the task's words, before " — " and its links and dates.
    box.setAttribute("aria-label", "Đã xong: " + item.textContent.split(" — ")[0].trim());
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

  /* Above the first checklist: "n/m việc đã xong" and a switch that hides done tasks
     (remembered in this browser, for every page). */
  function toolbar(store, markers) {
    var list = markers[0].closest("ul");
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
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
