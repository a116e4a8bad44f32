// The article page: the cited span a link points at (#c-START-END) is highlighted as a whole,
// whatever other citations cut it into pieces. Without script the page still reads, and the
// anchor itself is marked (web.css, :target).
(function () {
  function showTarget() {
    document.querySelectorAll("mark.cited.current").forEach(function (el) {
      el.classList.remove("current");
    });
    var found = /^#c-(\d+)-(\d+)$/.exec(window.location.hash);
    if (!found) return;
    var start = Number(found[1]), end = Number(found[2]), first = null;
    document.querySelectorAll("mark.cited").forEach(function (el) {
      if (Number(el.dataset.start) >= start && Number(el.dataset.end) <= end) {
        el.classList.add("current");
        if (!first) first = el;
      }
    });
    if (first) first.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", showTarget);
  showTarget();
})();
