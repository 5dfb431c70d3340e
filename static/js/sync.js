// Offline-first on the page: registers the service worker, shows what is waiting to sync,
// sends it when the server can be reached, and clears this device at sign-out. Every word
// shown comes from <template>s in the page (templates/_offline.html).
(function () {
  "use strict";
  var Outbox = window.PassportOutbox;
  var userMeta = document.querySelector('meta[name="passport-user"]');
  // A string, compared as a string everywhere: "12" (a signed-in user) or "verifier:3" (an
  // employer's verifier link). Outbox items from before this change hold the number 12.
  var user = userMeta && userMeta.content ? String(userMeta.content) : null;
  var FLUSH_EVERY_MS = 60000;
  var WARM_EVERY_MS = 10 * 60000;
  var flushing = null;
  // Something was stored while a send was under way: that send read the outbox before it, so
  // one more follows (else the new item waits for the next trigger, e.g. after "Keep mine").
  var again = false;

  if (!Outbox || !("indexedDB" in window)) {
    return;
  }

  function $(selector, root) { return (root || document).querySelector(selector); }

  function clone(id) {
    var template = document.getElementById(id);
    return template ? template.content.firstElementChild.cloneNode(true) : null;
  }

  function fill(node, values) {
    Object.keys(values).forEach(function (key) {
      node.querySelectorAll('[data-slot="' + key + '"]').forEach(function (slot) {
        slot.textContent = values[key];
      });
    });
    return node;
  }

  function when(iso) {
    var date = new Date(iso);
    return date.toLocaleString("en-GB", { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
  }

  function say(message) {
    var live = document.getElementById("live");
    if (live) {
      live.textContent = message;
    }
  }

  // --- the service worker -----------------------------------------------------------------

  function worker() {
    if (!("serviceWorker" in navigator)) {
      return Promise.resolve(null);
    }
    return navigator.serviceWorker.ready.then(function (registration) { return registration.active; });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
  }
  if (!user) {
    // Signed out (or a shared device just cleared): no key and no page of anyone stays here.
    forgetIfSignedOut();
    return;
  }
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().catch(function () {});
  }

  // --- whose device is this ------------------------------------------------------------------

  function dropPages(keep) {
    if (!window.caches) {
      return Promise.resolve();
    }
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("pages-") === 0 && name !== keep;
      }).map(function (name) { return caches.delete(name); }));
    });
  }

  // A page with nobody signed in, from the server: if this device still holds outbox keys,
  // ask the server whose session this is. None (401): every key goes, and every saved page;
  // the items stay sealed for their owners. No answer: keep them (an offline pupil's phone).
  function forgetIfSignedOut() {
    if (document.documentElement.hasAttribute("data-offline-copy") || !indexedDB.databases) {
      return;
    }
    indexedDB.databases().then(function (databases) {
      if (!databases.some(function (d) { return d.name === "passport"; })) {
        return;   // never used here: do not make a database for a visitor
      }
      return Outbox.keyOwners().then(function (owners) {
        if (owners.length) {
          return Outbox.refreshKeys().then(function (left) { return left.length ? null : dropPages(null); });
        }
      });
    }).catch(function () {});
  }

  // This user's key, and no other owner's: another pupil who used this phone before (their
  // session ended) leaves their items here, sealed, and unreadable from this session.
  function claimKeys() {
    if (document.documentElement.hasAttribute("data-offline-copy")) {
      return Promise.resolve();
    }
    return Outbox.keyOwners().then(function (owners) {
      if (owners.length !== 1 || String(owners[0]) !== user) {
        return Outbox.refreshKeys();
      }
    }).catch(function () {});   // no answer: the keys stay as they were
  }

  function claimDevice() {
    if (!user) {
      return Promise.resolve();
    }
    return Outbox.setMeta("user", user).then(claimKeys).then(function () {
      if (!window.caches) {
        return;
      }
      // Pages kept for anyone else who used this browser are not for this pupil.
      return caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("pages-") === 0 && name !== "pages-" + user;
        }).map(function (name) { return caches.delete(name); }));
      });
    });
  }

  function warm(force) {
    if (!user || user.indexOf("verifier:") === 0) {   // an employer's phone keeps no pupil pages
      return Promise.resolve();
    }
    // No saved pages for this user (dropped when a session ended): warm now, whenever the last was.
    var saved = window.caches ? caches.has("pages-" + user) : Promise.resolve(true);
    return Promise.all([Outbox.getMeta("lastWarm:" + user), saved]).then(function (values) {
      var last = values[0];
      if (!force && values[1] && last && Date.now() - new Date(last).getTime() < WARM_EVERY_MS) {
        return;
      }
      return worker().then(function (active) {
        if (active) {
          active.postMessage({ type: "warm", roots: ["/passport/", "/passport/entries/new", "/passport/pass", "/passport/timeline"] });
          return Outbox.setMeta("lastWarm:" + user, new Date().toISOString());
        }
      });
    });
  }

  // --- showing the outbox ------------------------------------------------------------------

  function render() {
    return Promise.all([Outbox.all(), Outbox.getMeta("lastSync")]).then(function (values) {
      var items = values[0].filter(function (item) { return String(item.owner) === user; });
      renderStatus(items, values[1]);
      renderList(items);
      return items;
    }).catch(function () { return []; });   // storage closed (sign-out in another tab)
  }

  function renderStatus(items, lastSync) {
    var status = document.getElementById("sync-status");
    if (!status) {
      return;
    }
    var waiting = items.filter(function (item) { return item.status === "waiting"; }).length;
    var stuck = items.length - waiting;
    status.hidden = false;
    var summary = $("[data-sync-summary]", status);
    if (!items.length) {
      summary.textContent = status.dataset.allSaved;
    } else {
      var words = [];
      if (waiting) { words.push(waiting + " " + status.dataset.waiting); }
      if (stuck) { words.push(stuck + " " + status.dataset.stuck); }
      summary.textContent = words.join(", ");
    }
    $("[data-sync-last]", status).textContent = lastSync ? status.dataset.last + " " + when(lastSync) : "";
    status.classList.toggle("has-problems", stuck > 0);
  }

  function renderList(items) {
    var section = document.getElementById("pending");
    if (!section) {
      return;
    }
    var list = $("ul", section);
    list.textContent = "";
    items.forEach(function (item) {
      var fields = item.fields || {};
      var node = clone(item.status === "waiting" ? "tpl-pending" : item.status === "conflict" ? "tpl-conflict" : "tpl-failed");
      fill(node, {
        what: fields.organisation || fields.who || section.dataset[{ "entry.create": "new", "entry.update": "change",
                                                        "reflection.save": "reflection",
                                                        "cv.save": "cv",
                                                        "feedback.save": "feedback",
                                                        "checkin.claim": "checkin",
                                                        "employer.confirm": "confirm" }[item.action]],
        when: when(item.created_at),
        reason: item.reason || "",
        mine: describeAnswers(fields, section),
        theirs: item.current ? describeAnswers(item.current.answers || item.current, section) : ""
      });
      node.dataset.op = item.op;
      var fix = $("[data-fix]", node);
      if (fix) {
        fix.href = (item.action === "entry.create" ? item.url : item.url.replace(/\?.*$/, "")) + "#draft=" + item.op;
        fix.hidden = item.reason && /deleted/.test(item.reason);
        if (item.action === "checkin.claim") {
          fix.remove();   // a refused code cannot be edited: the pupil scans the code again
        }
      }
      list.appendChild(node);
    });
    section.hidden = items.length === 0;
  }

  // The pupil's own words only (the fields named in the section's data-words, in that order):
  // never a hidden key, an operation id or a code such as a subtype.
  function describeAnswers(fields, section) {
    return (section.dataset.words || "description").split(" ").filter(function (key) {
      return typeof fields[key] === "string" && fields[key].trim();
    }).map(function (key) { return fields[key]; }).join(" / ");
  }

  // --- sending -------------------------------------------------------------------------------

  // The status line's own message (visible) and the live region (announced).
  function tell(message) {
    var slot = $("[data-sync-message]");
    if (slot) {
      slot.textContent = message;
      slot.hidden = !message;
    }
    if (message) { say(message); }
  }

  function flush(reason) {
    if (flushing) {
      again = true;
      return flushing;
    }
    // "Sync now" asks the server even with nothing waiting: the pupil learns whether it answers.
    flushing = Outbox.flush({ ping: reason === "button" }).then(function (summary) {
      if (reason === "button") { tell(""); }
      if (summary.applied) {
        say(summary.applied + " " + (document.getElementById("sync-status") || { dataset: {} }).dataset.synced);
        warm(true);
      }
      if (summary.signin) {
        var status = document.getElementById("sync-status");
        if (status) { say(status.dataset.signin); }
      }
      return summary;
    }, function () {
      if (reason === "button") {
        var status = document.getElementById("sync-status");
        if (status) { tell(status.dataset.offline); }
      }
    }).then(function (summary) {
      flushing = null;
      if (again) { again = false; return flush(); }
      return render().then(function () { return summary; });
    }, function () {
      flushing = null;
      if (again) { again = false; return flush(); }
    });
    return flushing;
  }

  // --- actions on items ----------------------------------------------------------------------

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-outbox-action]");
    if (button) {
      var op = button.closest("[data-op]").dataset.op;
      var action = button.dataset.outboxAction;
      Outbox.get(op).then(function (item) {
        if (!item) { return; }
        if (action === "discard") {
          return Outbox.discard(op);
        }
        if (action === "keep-mine") {
          // Resend the pupil's version on top of the saved one, as a new operation.
          // The new one is stored before the old one goes: the pupil's text is never out of storage
          // (nor the outbox seen empty, "Everything is saved", in between).
          item.base_version = item.current ? item.current.version : null;
          item.op = self.crypto.randomUUID();
          item.fields.op = item.op;
          return Outbox.enqueue(item).then(function () { return Outbox.discard(op); }).then(function () { return flush(); });
        }
      }).then(render);
      return;
    }
    if (event.target.closest("[data-sync-now]")) {
      flush("button");
    }
    if (event.target.closest("[data-reload]")) {
      event.preventDefault();
      location.reload();
    }
  });

  // "Fix" opens the form with what the pupil had typed; saving it replaces the outbox item.
  function restoreDraft() {
    var match = location.hash.match(/^#draft=([0-9a-f-]{36})$/);
    var form = $("form[data-offline-form]");
    if (!match || !form) {
      return;
    }
    Outbox.get(match[1]).then(function (item) {
      if (!item) { return; }
      Object.keys(item.fields).forEach(function (name) {
        var values = [].concat(item.fields[name]);
        form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
          if (input.type === "checkbox" || input.type === "radio") {
            input.checked = values.indexOf(input.value) !== -1;
          } else if (name !== "csrf_token") {
            // The same op (or client_uuid): if this save reaches the server, the outbox
            // copy becomes a duplicate there, so nothing is applied twice.
            input.value = values[0];
          }
        });
      });
      form.dataset.draft = item.op;
    });
  }

  // A new-entry form opened from this phone's copy must not reuse a key already spent.
  function freshKeys() {
    document.querySelectorAll("form[data-offline-form]").forEach(function (form) {
      ["client_uuid", "op"].forEach(function (name) {
        var input = form.querySelector('input[name="' + name + '"][data-fresh]');
        if (input && window.crypto && crypto.randomUUID) {
          input.value = crypto.randomUUID();
        }
      });
    });
  }

  // Saving a fixed draft puts the fixed version back in the outbox, waiting: whatever happens
  // to this request (or this page), the next sync settles it.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.matches && event.detail.elt.matches("form[data-draft]")
      ? event.detail.elt : null;
    if (!form) {
      return;
    }
    Outbox.get(form.dataset.draft).then(function (item) {
      if (item) {
        item.fields = Object.assign(Outbox.fieldsOf(new FormData(form)), { kind: item.fields.kind });
        item.reason = item.errors = item.current = null;
        return Outbox.enqueue(item);
      }
    });
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form[data-draft]") : null;
    // A preview inside the form (the CV's, data-preview) saves nothing: the draft must stay.
    if (form && event.detail.elt.closest("[data-preview]")) {
      form = null;
    }
    if (form && status >= 200 && status < 300 && status !== 202) {
      Outbox.discard(form.dataset.draft);
    }
    if (status >= 200 && status < 300 && status !== 202) {
      flush("online request");   // the server answered: a good moment to send the rest
    }
    if (status === 202) {
      render();
    }
  });

  // The service worker answers an offline write with an empty marker; fill it from a template.
  document.addEventListener("htmx:afterSettle", function (event) {
    var marker = event.detail.elt && event.detail.elt.querySelector
      ? (event.detail.elt.matches("[data-queued]") ? event.detail.elt : event.detail.elt.querySelector("[data-queued]"))
      : null;
    if (!marker || marker.dataset.filled) {
      return;
    }
    var content = clone({ "reflection.save": "tpl-queued-reflection", "checkin.claim": "tpl-queued-checkin",
                          "cv.save": "tpl-queued-cv", "feedback.save": "tpl-queued-feedback",
                          "employer.confirm": "tpl-queued-confirm" }[
      marker.dataset.action] || "tpl-queued-entry");
    if (content) {
      marker.appendChild(content);
      marker.dataset.filled = "1";
      var heading = marker.querySelector("[data-autofocus]");
      if (heading) { heading.focus(); }
    }
  });

  // --- signing out -----------------------------------------------------------------------------

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-signout]")) {
      return;
    }
    if (form.dataset.cleared) {
      return;
    }
    event.preventDefault();
    Outbox.all().then(function (items) {
      // Only this user's: another owner's sealed items are theirs, and stay (clearDevice).
      var unsent = items.filter(function (item) { return String(item.owner) === user; }).length;
      if (unsent && !window.confirm(form.dataset.warn.replace("{n}", unsent))) {
        return;
      }
      return clearDevice().then(function () {
        form.dataset.cleared = "1";
        form.submit();
      });
    });
  });

  // Sign-out: every saved page, and this user's items (they said so), key and sync state.
  // Other owners' unsynced items are never deleted here: they wait, sealed, for their owner.
  function clearDevice() {
    return dropPages(null).then(function () { return Outbox.clearOwner(user); });
  }

  // --- start -----------------------------------------------------------------------------------

  function showOfflineCopy() {
    if (!document.documentElement.hasAttribute("data-offline-copy")) {
      return;
    }
    var banner = document.getElementById("offline-copy");
    var rendered = document.querySelector('meta[name="passport-rendered-at"]');
    if (banner && rendered) {
      fill(banner, { saved: when(rendered.content) });
      banner.hidden = false;
    }
  }

  function showInstallHint() {
    var hint = document.getElementById("ios-hint");
    var ios = /iPhone|iPad|iPod/.test(navigator.userAgent);
    if (hint && ios && !navigator.standalone && !localStorage.getItem("iosHintDismissed")) {
      hint.hidden = false;
      hint.querySelector("button").addEventListener("click", function () {
        localStorage.setItem("iosHintDismissed", "1");
        hint.hidden = true;
      });
    }
  }

  if (typeof BroadcastChannel === "function") {
    new BroadcastChannel(Outbox.CHANNEL).onmessage = function () { render(); };
  }
  window.addEventListener("online", function () {
    var banner = document.getElementById("offline-copy");
    if (banner && !banner.hidden) {
      banner.querySelector("[data-offline]").hidden = true;
      banner.querySelector("[data-online]").hidden = false;
    }
    flush("online");
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { flush("visible"); }
  });
  setInterval(function () {
    if (document.visibilityState === "visible") {
      Outbox.all().then(function (items) {
        if (items.some(function (item) { return item.status === "waiting"; })) { flush("timer"); }
      });
    }
  }, FLUSH_EVERY_MS);

  freshKeys();
  showOfflineCopy();
  showInstallHint();
  claimDevice().then(function () {
    restoreDraft();
    return render();
  }).then(function () {
    return flush("load");
  }).then(function () {
    if (!document.documentElement.hasAttribute("data-offline-copy")) {
      return warm(false);
    }
  }).catch(function () {});

  window.PassportSync = { flush: flush, render: render, clearDevice: clearDevice };
})();
