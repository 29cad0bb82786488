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


  // Names some browsers report for zones the tz database has since renamed.
  var RENAMED = {
    "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Saigon": "Asia/Ho_Chi_Minh",
    "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Rangoon": "Asia/Yangon",
    "Europe/Kiev": "Europe/Kyiv",
    "Atlantic/Faeroe": "Atlantic/Faroe",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
    "America/Godthab": "America/Nuuk",
    "Pacific/Ponape": "Pacific/Pohnpei",
    "Pacific/Truk": "Pacific/Chuuk",
    "UTC": "UTC",
    "Etc/UTC": "UTC"
  };

  function deviceZone() {
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      return RENAMED[zone] || zone;
    } catch (e) { return null; }
  }

  // The wall clock in `zone` at `date`, e.g. "1/2/2026, 07:00" (for comparing zones).
  function wallClock(zone, date) {
    try {
      return new Intl.DateTimeFormat("en-US", {
        timeZone: zone, year: "numeric", month: "numeric", day: "numeric",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23"
      }).format(date);
    } catch (e) { return null; }
  }

  // Two names for the same clock (an alias, or a zone with the same rules) are no mismatch.
  function sameClock(a, b) {
    var now = Date.now();
    return [0, 182 * 86400000].every(function (ahead) {
      var date = new Date(now + ahead);
      return wallClock(a, date) === wallClock(b, date);
    });
  }

  // Time zone pickers: preselect the browser's zone where nothing is chosen yet, and add a
  // search box that narrows the long list.
  function enhanceTimezonePicker(select, zone) {
    if (zone && select.hasAttribute("data-browser-timezone") && select.value === "") {
      var match = Array.prototype.find.call(select.options, function (o) { return o.value === zone; });
      if (match) { select.value = zone; }
    }
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control form-control-sm mb-1 timezone-search";
    search.placeholder = "Search, e.g. Oslo or New York";
    search.setAttribute("aria-label", "Find a zone by city or region");
    search.setAttribute("aria-controls", select.id);
    search.autocomplete = "off";
    select.parentNode.insertBefore(search, select);
    search.addEventListener("input", function () {
      var words = search.value.trim().toLowerCase().replace(/[\s_]+/g, " ");
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var text = (option.value + " " + option.text).toLowerCase().replace(/[\s_]+/g, " ");
        var show = option.value === "" || !words || text.indexOf(words) !== -1;
        option.hidden = !show;
        if (show && option.value && first === null) { first = option; }
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      if (words && first && select.selectedOptions[0] && select.selectedOptions[0].hidden) {
        select.value = first.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  // "This device is in another zone": shown when the device's clock differs from the profile's.
  function checkZoneMismatch(zone) {
    var notice = document.querySelector("[data-profile-zone]");
    if (!notice || !zone) { return; }
    var profile = notice.getAttribute("data-profile-zone");
    if (profile === zone || sameClock(profile, zone)) { return; }
    notice.querySelectorAll("[data-device-zone]").forEach(function (el) { el.textContent = zone; });
    notice.hidden = false;
    // On a page with a time zone picker (settings), offer to pick the device's zone.
    var picker = document.querySelector("select[data-timezone-picker]");
    var offered = picker && Array.prototype.some.call(picker.options, function (o) { return o.value === zone; });
    if (!offered) { return; }
    var use = document.createElement("button");
    use.type = "button";
    use.className = "btn btn-sm btn-outline-dark ms-2";
    use.textContent = "Use " + zone;
    use.addEventListener("click", function () {
      picker.value = zone;
      picker.dispatchEvent(new Event("change", { bubbles: true }));
      picker.focus();
    });
    notice.appendChild(use);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var zone = deviceZone();
    document.querySelectorAll("select[data-timezone-picker]").forEach(function (select) {
      enhanceTimezonePicker(select, zone);
    });
    checkZoneMismatch(zone);
  });

  // The phone menu (a <details>): Escape or a click elsewhere closes it.
  document.addEventListener("keydown", function (event) {
    var menu = document.querySelector(".nav-menu[open]");
    if (event.key !== "Escape" || !menu) { return; }
    menu.open = false;
    menu.querySelector("summary").focus();
  });
  document.addEventListener("click", function (event) {
    var menu = document.querySelector(".nav-menu[open]");
    if (menu && !menu.contains(event.target)) { menu.open = false; }
  });

  // "Add an exercise": keyboard focus goes to the new line's first field.
  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail && event.detail.requestConfig;
    var source = config && config.elt;
    if (!source || !source.hasAttribute || !source.hasAttribute("data-focus-new-line")) { return; }
    var lines = document.querySelectorAll("[data-testid='exercise-line']");
    var last = lines[lines.length - 1];
    var field = last && last.querySelector("select, input:not([type='hidden']), textarea");
    if (field) { field.focus(); }
  });
})();
