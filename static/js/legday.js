// Legday's only script: small progressive enhancements. Every page works without it.
(function () {
  "use strict";
  // Keep "in 2 h 10 min" current: <time datetime="..." data-relative> counts down to its moment
  // (the same words as recovery/verdict.py's duration_words). Without this script the text
  // rendered by the server stays.
  function durationWords(ms) {
    var minutes = Math.floor(ms / 60000);
    if (minutes < 1) { return "under a minute"; }
    if (minutes < 60) { return minutes + " min"; }
    var hours = Math.floor(minutes / 60), rest = minutes % 60;
    if (hours < 48) { return rest ? hours + " h " + rest + " min" : hours + " h"; }
    var days = Math.floor(hours / 24);
    hours = hours % 24;
    return hours ? days + " days " + hours + " h" : days + " days";
  }
  function updateRelativeTimes() {
    var now = Date.now();
    document.querySelectorAll("time[data-relative]").forEach(function (element) {
      var at = Date.parse(element.getAttribute("datetime"));
      if (isNaN(at)) { return; }
      var words = at <= now ? "now" : "in " + durationWords(at - now);
      if (element.textContent !== words) { element.textContent = words; }
    });
  }
  document.addEventListener("DOMContentLoaded", updateRelativeTimes);
  document.addEventListener("htmx:afterSettle", updateRelativeTimes);
  window.setInterval(updateRelativeTimes, 20000);

  // Preselect the browser's time zone on untouched time zone fields.
  document.addEventListener("DOMContentLoaded", function () {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    document.querySelectorAll("select[data-browser-timezone]").forEach(function (select) {
      if (select.dataset.userChosen || select.value !== "UTC") { return; }
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === zone; });
      if (option) { select.value = zone; }
    });
  });
})();
