/* Task ticks: a reader's checkboxes are remembered in this browser (localStorage), keyed by
   the dispatch page, the task id and the unit ("…#muc-8@tt-cntt"), so a tick on a dispatch
   page also shows on that unit's task board, and each unit of a joint task ticks its own.
   The archive itself stays read-only. Works from file:// and with no network. */
(function () {
  "use strict";
  var PREFIX = "dispatch-archive:tick:";

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null; // storage disabled: boxes still tick, nothing is remembered
    }
  }

  function wire(store, marker) {
    var item = marker.closest("li");
    var box = item && item.querySelector("input[type=checkbox]");
    if (!box) return;
    var key = PREFIX + marker.getAttribute("data-task");
    box.disabled = false;
    box.checked = store !== null && store.getItem(key) === "1";
    box.addEventListener("change", function () {
      if (store === null) return;
      if (box.checked) store.setItem(key, "1");
      else store.removeItem(key);
    });
  }

  function init() {
    var store = storage();
    var markers = document.querySelectorAll("span.task-key[data-task]");
    for (var i = 0; i < markers.length; i++) wire(store, markers[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
