// Small and optional: the report reads fully without it. A click (or Enter) pins a citation's
// source sentence open, for touch screens and for copying the words; Escape closes them all.
(function () {
  function unpinAll(except) {
    document.querySelectorAll(".cite.pinned").forEach(function (el) {
      if (el !== except) el.classList.remove("pinned");
    });
  }
  document.addEventListener("click", function (event) {
    var cite = event.target.closest ? event.target.closest(".cite") : null;
    unpinAll(cite);
    if (cite) cite.classList.toggle("pinned");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") unpinAll(null);
    if (event.key === "Enter" && document.activeElement && document.activeElement.classList.contains("cite")) {
      document.activeElement.classList.toggle("pinned");
    }
  });
  document.documentElement.classList.add("js");
})();
