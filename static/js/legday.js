// Legday's only script: small progressive enhancements. Every page works without it.
(function () {
  "use strict";
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
