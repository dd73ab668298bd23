// 匠心: the application's own script. No inline script is allowed by the content security
// policy, so the little behaviour the pages need beyond htmx lives here.
"use strict";

// A form with data-confirm asks before it is sent (an irreversible act: a vote, a rejection).
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
