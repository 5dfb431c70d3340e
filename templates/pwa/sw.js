// Career Passport service worker, release {{ release }}. Rendered by passport/pwa/views.py:
// the asset URLs below carry their content hashes, so any change to them makes this file
// change, and the browser installs the new release. docs/offline.md explains the strategies.
"use strict";
importScripts({{ outbox_url | tojson }});

var RELEASE = {{ release | tojson }};
var SHELL_CACHE = "shell-" + RELEASE;
var PAGES_PREFIX = "pages-";
var PRECACHE = {{ precache | tojson }};
var OFFLINE_URL = {{ url_for('pwa.offline') | tojson }};
var SYNC_TAG = "passport-outbox";
var NETWORK_TIMEOUT_MS = {{ page_timeout_ms | int }};
var POST_TIMEOUT_MS = 15000;
var UUID = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";
// The writes a pupil can make offline, by path.
var WRITES = [
  { action: "entry.create", pattern: new RegExp("^/passport/entries/new$") },
  { action: "entry.update", pattern: new RegExp("^/passport/entries/" + UUID + "/edit$") },
  { action: "reflection.save", pattern: new RegExp("^/passport/entries/" + UUID + "/reflection$") },
  { action: "checkin.claim", pattern: new RegExp("^/passport/checkin$") },
  { action: "cv.save", pattern: new RegExp("^/passport/cv$") },
  { action: "feedback.save", pattern: new RegExp("^/passport/entries/" + UUID + "/feedback$") },
  // An employer's confirmation, sent to their own endpoint; without htmx it lands on /v/.
  { action: "employer.confirm", pattern: new RegExp("^/p/(P\\.[A-Za-z0-9_.-]+)/confirm$"), endpoint: "/v/sync",
    done: "/v/" }
];
// Pages worth keeping for offline use, found by following links from the start pages.
var KEEP = new RegExp("^/passport/(|timeline|scan|pass|cv|entries/new(\\?kind=[a-z_]+)?|entries/" + UUID + "(/edit|/reflection|/feedback)?)$");
// Warming a first sign-in fetches the pages of the newest WARM_ENTRIES entries (each with its edit
// and reflection pages), at most WARM_LIMIT pages in all: a class signing in at once must not
// cost the server hundreds of pages per pupil. Other pages are saved when they are opened.
var ENTRY_PAGE = new RegExp("^/passport/entries/" + UUID);
var WARM_ENTRIES = 30;
var WARM_LIMIT = 150;
// A sign-out made with no connection: the device is cleared at once, but the server's session
// cookie (HttpOnly, out of reach of scripts) can only be ended by the server. This marker says
// "end it before anything else goes out" (see finishSignOut).
var DEVICE_CACHE = "device";
var SIGN_OUT_PENDING = "/__sign-out-pending";

// What this worker may ever keep (issue 7, item 6): a whole, successful answer of this site's
// own server that does not say no-store. Never a 4xx or 5xx, a redirect's target, an opaque or
// partial answer, or anything marked no-store (staff pages, the employer's pages, the APIs).
function cacheable(response) {
  var control = (response.headers.get("Cache-Control") || "").toLowerCase();
  return response.status === 200 && response.type === "basic" && control.indexOf("no-store") === -1;
}

// A pupil's page, to keep for offline use by its owner: cacheable, HTML, under /passport/ (the
// pupil's own pages, never /staff/ or an employer's), and named by the server as the owner's.
function ownPage(url, response, owner) {
  var type = response.headers.get("Content-Type") || "";
  var path = new URL(url, self.location).pathname;
  return cacheable(response) && !response.redirected && type.indexOf("text/html") === 0 &&
    path.indexOf("/passport/") === 0 && Boolean(owner) && response.headers.get("X-Passport-User") === String(owner);
}

self.addEventListener("install", function (event) {
  // Like cache.addAll, which refuses a 4xx or 5xx, but with the same rule as every other put.
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) {
      return Promise.all(PRECACHE.concat([OFFLINE_URL]).map(function (url) {
        return fetch(url, { cache: "no-cache" }).then(function (response) {
          if (!cacheable(response)) {
            throw new Error("not cacheable: " + url + " " + response.status);
          }
          return cache.put(url, response);
        });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("shell-") === 0 && name !== SHELL_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
    promise.then(function (value) { clearTimeout(timer); resolve(value); },
                 function (error) { clearTimeout(timer); reject(error); });
  });
}

function currentUser() {
  return PassportOutbox.getMeta("user");
}

function pagesCache(user) {
  return caches.open(PAGES_PREFIX + user);
}

// Keep a copy of a pupil's page in their own cache (the server names the owner).
function keep(request, response) {
  var owner = response.headers.get("X-Passport-User");
  if (!ownPage(request.url, response, owner)) {
    return Promise.resolve();
  }
  return pagesCache(owner).then(function (cache) { return cache.put(request.url, response); });
}

// A saved page with an attribute on <html> that the page's CSS and scripts read: a page from
// the cache says so (data-offline-copy, so it can tell the pupil how old it is), and the offline
// page says which of its wordings to show.
function marked(response, marker, headers) {
  return response.text().then(function (html) {
    return new Response(html.replace("<html ", "<html " + marker + " "), {
      status: 200, headers: Object.assign({ "Content-Type": "text/html; charset=utf-8" }, headers)
    });
  });
}

function cachedPage(url) {
  return currentUser().then(function (user) {
    if (!user) {
      return null;
    }
    return pagesCache(user).then(function (cache) { return cache.match(url); });
  });
}

// Navigations: the network first (with a timeout, for captive Wi-Fi that never answers), then
// this pupil's saved copy, then the offline page. A sign-out still waiting for the server is
// finished first; until it is, nothing of the old session is fetched or shown.
function page(request) {
  return signOutPending().then(function (pending) {
    if (!pending) {
      return networkOrCopy(request);
    }
    return finishSignOut().then(function (done) {
      return done ? networkOrCopy(request) : signedOutPage();
    });
  });
}

function networkOrCopy(request) {
  var fresh = withTimeout(fetch(request), NETWORK_TIMEOUT_MS).then(function (response) {
    keep(request, response.clone());
    return response;
  });
  return fresh.catch(function () {
    return cachedPage(request.url).then(function (copy) {
      if (copy) {
        return marked(copy, "data-offline-copy");
      }
      // An employer's pages (/v/, and a pupil's pass opened by their camera at /p/) are not a
      // pupil's: the offline page speaks to them instead.
      var url = new URL(request.url);
      var employer = url.pathname.indexOf("/p/") === 0 || url.pathname.indexOf("/v/") === 0;
      return offlinePage(employer ? "data-for-employer" : null);
    });
  });
}

// --- signing out with no connection --------------------------------------------------------

function signOutPending() {
  return caches.open(DEVICE_CACHE).then(function (cache) { return cache.match(SIGN_OUT_PENDING); })
    .then(function (hit) { return Boolean(hit); });
}

function setSignOutPending(pending) {
  return caches.open(DEVICE_CACHE).then(function (cache) {
    return pending ? cache.put(SIGN_OUT_PENDING, new Response("1")) : cache.delete(SIGN_OUT_PENDING);
  });
}

// The page has already cleared the pupil's pages and outbox (sync.js clearDevice). Send the
// sign-out; with no answer, remember it and say the pupil is signed out on this phone.
function signOut(request) {
  return withTimeout(fetch(request), NETWORK_TIMEOUT_MS).then(function (response) {
    return setSignOutPending(false).then(function () { return response; });
  }, function () {
    return setSignOutPending(true).then(signedOutPage);
  });
}

// End the old session on the server: a fresh CSRF token for it, then POST /logout. Resolves to
// true once the server has no session for this browser (401 from /api/csrf means it has none).
function finishSignOut() {
  var json = { credentials: "same-origin", headers: { Accept: "application/json" } };
  return withTimeout(fetch("/api/csrf", json), NETWORK_TIMEOUT_MS).then(function (response) {
    if (response.status === 401) {
      return true;
    }
    var type = response.headers.get("Content-Type") || "";
    if (!response.ok || type.indexOf("application/json") === -1) {
      return false;   // a captive portal, or a server in trouble: try again next time
    }
    return response.json().then(function (session) {
      return withTimeout(fetch("/logout", {
        method: "POST", credentials: "same-origin", redirect: "manual",
        headers: { "X-CSRFToken": session.csrf_token }
      }), NETWORK_TIMEOUT_MS).then(function (answer) {
        return answer.type === "opaqueredirect" || answer.ok;
      });
    });
  }).then(function (done) {
    return done ? setSignOutPending(false).then(function () { return true; }) : false;
  }, function () { return false; });
}

function signedOutPage() {
  return offlinePage("data-signed-out");
}

// The offline page, marked with the attribute that picks its wording (app.css shows the part for
// it): none for a pupil's page never saved, data-signed-out, data-for-employer.
function offlinePage(marker) {
  return caches.match(OFFLINE_URL).then(function (response) {
    return marker && response ? marked(response, marker, { "Cache-Control": "no-store" }) : response;
  });
}

// Versioned static files never change under one URL: the cache first.
function asset(request) {
  return caches.match(request).then(function (hit) {
    if (hit) {
      return hit;
    }
    return fetch(request).then(function (response) {
      if (cacheable(response)) {
        var copy = response.clone();
        caches.open(SHELL_CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      // An older page asking for an older version: serve the current one.
      return caches.match(request, { ignoreSearch: true });
    });
  });
}

function outboxItem(url, write, match, fields, owner) {
  var item = { owner: String(owner), action: write.action, fields: fields, url: url.pathname + url.search,
               endpoint: write.endpoint || "/passport/sync" };
  if (write.action === "entry.create") {
    fields.kind = url.searchParams.get("kind") || "";
    item.entry = fields.client_uuid || self.crypto.randomUUID();
    fields.client_uuid = item.entry;
    item.op = item.entry;
    item.base_version = null;
  } else if (write.action === "cv.save") {
    item.entry = null;   // one CV per pupil: nothing to name
    item.op = fields.op || self.crypto.randomUUID();
    var cvVersion = parseInt(fields.version, 10);
    item.base_version = isNaN(cvVersion) ? null : cvVersion;
  } else if (write.action === "employer.confirm") {
    fields.token = match[1];
    item.entry = null;
    item.op = fields.op || self.crypto.randomUUID();
    item.base_version = null;
  } else {
    item.entry = match[1];
    item.op = fields.op || self.crypto.randomUUID();
    var version = parseInt(fields.version, 10);
    item.base_version = isNaN(version) ? null : version;
  }
  if (write.action === "checkin.claim" && !fields.scanned_at) {
    // The server checks a check-in against when it was made (the page's scan.js stamps the
    // moment of the scan; a page without it is stamped here, as the claim is saved).
    fields.scanned_at = new Date().toISOString();
  }
  return item;
}

function queued(request, item, spec) {
  if (request.headers.get("HX-Request") === "true") {
    // sync.js fills this from a <template> in the page: the words stay in the templates.
    var html = '<div data-queued="' + item.op + '" data-action="' + item.action + '"></div>';
    return new Response(html, { status: 202, headers: { "Content-Type": "text/html; charset=utf-8" } });
  }
  return Response.redirect(new URL(spec.done || "/passport/timeline", self.location).href, 303);
}

// A write: send it if the server can be reached; otherwise keep it in the outbox and answer
// "saved on this phone". A real answer from the server (even 4xx or 5xx) is passed on as it is.
function write(request, url, spec, match) {
  var copy = request.clone();
  return withTimeout(fetch(request), POST_TIMEOUT_MS).catch(function () {
    return Promise.all([copy.formData(), currentUser()]).then(function (values) {
      var fields = PassportOutbox.fieldsOf(values[0]);
      var owner = values[1];
      if (!owner) {
        return new Response("Sign in again to save this.", { status: 401 });
      }
      var item = outboxItem(url, spec, match, fields, owner);
      return PassportOutbox.enqueue(item).then(function () {
        if (self.registration.sync) {
          self.registration.sync.register(SYNC_TAG).catch(function () {});
        }
        return queued(request, item, spec);
      }, function () {
        // No key for this owner on the phone (not online since signing in): nothing is stored
        // unsealed. The form keeps what was typed.
        return new Response("Sign in again to save this.", { status: 401 });
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === "POST") {
    if (url.pathname === "/logout") {
      event.respondWith(signOut(request));
      return;
    }
    for (var i = 0; i < WRITES.length; i += 1) {
      var match = url.pathname.match(WRITES[i].pattern);
      if (match) {
        event.respondWith(write(request, url, WRITES[i], match));
        return;
      }
    }
    return;
  }
  if (request.method !== "GET") {
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(asset(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request));
  }
});

// Fetch the start pages and the pages they link to, so they open offline later.
function warm(roots) {
  return currentUser().then(function (user) {
    if (!user) {
      return;
    }
    return pagesCache(user).then(function (cache) {
      var seen = {};
      var queue = roots.map(function (path) { return { path: path, fresh: true }; });
      var fetched = 0;
      var entries = {};   // the entries whose pages are being saved, by uuid
      var entryCount = 0;
      function next() {
        var job = queue.shift();
        if (!job || fetched >= WARM_LIMIT) {
          return Promise.resolve();
        }
        if (seen[job.path]) {
          return next();
        }
        seen[job.path] = true;
        var url = new URL(job.path, self.location).href;
        return (job.fresh ? Promise.resolve(null) : cache.match(url)).then(function (hit) {
          if (hit) {
            return next();
          }
          fetched += 1;
          // Marked as saving, not opening: the server reads no comments for a page saved here.
          return fetch(url, { credentials: "same-origin", headers: { "X-Passport-Warm": "1" } }).then(function (response) {
            if (!ownPage(url, response, user)) {
              return next();
            }
            return response.clone().text().then(function (html) {
              var links = html.match(/href="(\/passport\/[^"#]*)"/g) || [];
              links.forEach(function (link) {
                var path = link.slice(6, -1).replace(/&amp;/g, "&");
                if (!KEEP.test(path) || seen[path] || queue.some(function (j) { return j.path === path; })) {
                  return;
                }
                var entry = path.match(ENTRY_PAGE);
                if (entry && !entries[entry[1]]) {
                  if (entryCount >= WARM_ENTRIES) {
                    return;   // an older entry (links come newest first): saved when opened
                  }
                  entries[entry[1]] = true;
                  entryCount += 1;
                }
                queue.push({ path: path, fresh: false });
              });
              return cache.put(url, response);
            }).then(next);
          }, next);
        });
      }
      return next();
    });
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "warm") {
    event.waitUntil(warm(data.roots || []));
  } else if (data.type === "flush") {
    event.waitUntil(PassportOutbox.flush().catch(function () {}));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag === SYNC_TAG) {
    event.waitUntil(PassportOutbox.flush());
  }
});
