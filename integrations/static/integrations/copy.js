// Copy buttons for the settings page's read-only fields (calendar address, new API token).
// Without JavaScript the buttons stay hidden and the text can be selected and copied by hand.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
      var field = document.getElementById(button.dataset.copyTarget);
      if (!field) { return; }
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function () {
          button.textContent = "Copied";
          window.setTimeout(function () { button.textContent = label; }, 2000);
        };
        field.select();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, function () {
            document.execCommand("copy"); done();
          });
        } else {
          document.execCommand("copy"); done();
        }
      });
    });
  });
})();
