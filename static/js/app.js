// Career Passport: every htmx hook in one file. The pages work without it.
(function () {
  "use strict";

  // After a swap, move focus to what the new content asks for (an error summary, a heading),
  // so screen-reader users hear the result of what they did.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.elt;
    var focusable = (target && target.querySelector && target.querySelector("[data-autofocus]")) ||
      (target && target.matches && target.matches("[data-autofocus]") ? target : null);
    if (focusable) {
      focusable.focus();
    }
  });

  // Errors htmx does not swap (403, 404, 500, no network) leave the form and what was typed
  // in place; say what happened in the live region.
  function say(message) {
    var live = document.getElementById("live");
    if (live) {
      live.textContent = message;
    }
  }
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    say(status === 404
      ? "That could not be found. It may have been deleted."
      : status === 403
        ? "You do not have permission to do that."
        : "Something went wrong (error " + status + "). What you typed is still here; try again.");
  });
  document.addEventListener("htmx:sendError", function () {
    say("No connection. What you typed is still here; try again when you have signal.");
  });
  document.addEventListener("htmx:beforeRequest", function () {
    say("");
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
