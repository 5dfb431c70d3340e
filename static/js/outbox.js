// The outbox: what a pupil saved on this phone while offline, in IndexedDB, and the replay
// of it to the server. Loaded by the pages (sync.js) and by the service worker, so it uses no
// DOM. docs/offline.md describes the schema and the protocol.
(function (scope) {
  "use strict";

  var DB_NAME = "passport";
  var DB_VERSION = 1;
  var CHANNEL = "passport-outbox";
  var BATCH = 50;
  var DEFAULT_ENDPOINT = "/passport/sync";
  var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
  var dbPromise = null;

  function open() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, DB_VERSION);
        request.onupgradeneeded = function () {
          var db = request.result;
          if (!db.objectStoreNames.contains("outbox")) {
            db.createObjectStore("outbox", { keyPath: "op" });
          }
          if (!db.objectStoreNames.contains("meta")) {
            db.createObjectStore("meta", { keyPath: "key" });
          }
        };
        request.onsuccess = function () {
          var db = request.result;
          // Another tab deleting the database (sign-out) must not be blocked by this one.
          db.onversionchange = function () { db.close(); dbPromise = null; };
          // Closed under us (Clear-Site-Data at sign-out): open afresh next time.
          db.onclose = function () { dbPromise = null; };
          resolve(db);
        };
        request.onerror = function () { dbPromise = null; reject(request.error); };
      });
    }
    return dbPromise;
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx;
        try {
          tx = db.transaction(store, mode);
        } catch (error) {
          dbPromise = null;   // the connection is closing
          reject(error);
          return;
        }
        var result;
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
        var request = work(tx.objectStore(store));
        if (request) {
          request.onsuccess = function () { result = request.result; };
        }
      });
    });
  }

  function changed() {
    if (channel) {
      channel.postMessage({ type: "changed" });
    }
  }

  var Outbox = {
    CHANNEL: CHANNEL,

    all: function () {
      return run("outbox", "readonly", function (s) { return s.getAll(); }).then(function (items) {
        return (items || []).sort(function (a, b) { return a.created_at < b.created_at ? -1 : 1; });
      });
    },
    get: function (op) {
      return run("outbox", "readonly", function (s) { return s.get(op); });
    },
    // Store (or replace, by op) an item, waiting to be sent.
    enqueue: function (item) {
      item.status = "waiting";
      item.attempts = item.attempts || 0;
      item.created_at = item.created_at || new Date().toISOString();
      return run("outbox", "readwrite", function (s) { return s.put(item); }).then(changed);
    },
    put: function (item) {
      return run("outbox", "readwrite", function (s) { return s.put(item); }).then(changed);
    },
    discard: function (op) {
      return run("outbox", "readwrite", function (s) { return s.delete(op); }).then(changed);
    },
    getMeta: function (key) {
      return run("meta", "readonly", function (s) { return s.get(key); }).then(function (row) {
        return row ? row.value : null;
      });
    },
    setMeta: function (key, value) {
      return run("meta", "readwrite", function (s) { return s.put({ key: key, value: value }); });
    },
    // A form's fields as the outbox keeps them: text only, no CSRF token, skills as a list.
    fieldsOf: function (formData) {
      var fields = {};
      formData.forEach(function (value, name) {
        if (name === "csrf_token" || typeof value !== "string") {
          return;
        }
        fields[name] = name in fields ? [].concat(fields[name], value) : value;
      });
      if (typeof fields.skills === "string") {
        fields.skills = [fields.skills];
      }
      return fields;
    },
    // Forget everything on this device (sign-out on a shared phone).
    destroy: function () {
      var closing = dbPromise ? dbPromise.then(function (db) { db.close(); }) : Promise.resolve();
      dbPromise = null;
      return closing.then(function () {
        return new Promise(function (resolve) {
          var request = indexedDB.deleteDatabase(DB_NAME);
          request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
        });
      }).then(changed);
    },

    // Send every waiting item of the signed-in user, in order, in batches. Resolves to a
    // summary; rejects when the server cannot be reached (the items stay waiting).
    flush: function () {
      var locks = scope.navigator && scope.navigator.locks;
      if (locks && locks.request) {
        // One flush at a time across tabs and the service worker.
        return locks.request("passport-outbox-flush", flushNow);
      }
      return flushNow();
    }
  };

  function json(response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") === -1) {
      // A captive portal's login page answers 200 with HTML: that is not our server.
      throw new Error("not the passport server");
    }
    return response.json();
  }

  // The JSON of a server answer; null when the pupil must sign in again (items are kept);
  // an error (items stay waiting) for anything else that is not a success.
  function answered(response, summary) {
    if (response.status === 401) {
      summary.signin = true;
      return null;
    }
    if (!response.ok) {
      throw new Error("server answered " + response.status);
    }
    return json(response);
  }

  function flushNow() {
    var summary = { sent: 0, applied: 0, failed: 0, signin: false, other_owner: 0 };
    return Outbox.all().then(function (items) {
      var waiting = items.filter(function (item) { return item.status === "waiting"; });
      if (!waiting.length) {
        return summary;
      }
      return fetch("/api/csrf", { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return answered(response, summary); })
        .then(function (session) {
          if (!session) {
            return summary;
          }
          // Owners are compared as strings: "12" (a signed-in user; older items hold the number)
          // or "verifier:3" (an employer's link). Another account's items are never sent.
          var owners = (session.owners || [session.user]).map(String);
          var mine = waiting.filter(function (item) { return owners.indexOf(String(item.owner)) !== -1; });
          summary.other_owner = waiting.length - mine.length;
          // One stream per endpoint and owner: a pupil's items go to /passport/sync, an
          // employer's to /v/sync. Streams run one after another, each in order.
          var streams = [];
          var byKey = {};
          mine.forEach(function (item) {
            var endpoint = item.endpoint || DEFAULT_ENDPOINT;
            var key = endpoint + " " + String(item.owner);
            if (!byKey[key]) {
              byKey[key] = { endpoint: endpoint, owner: String(item.owner), items: [] };
              streams.push(byKey[key]);
            }
            byKey[key].items.push(item);
          });
          return streams.reduce(function (previous, stream) {
            return previous.then(function () {
              return summary.signin ? null : sendBatches(stream.items, stream, session, summary);
            });
          }, Promise.resolve());
        })
        .then(function () {
          if (!summary.signin) {
            return Outbox.setMeta("lastSync", new Date().toISOString());
          }
        })
        .then(function () { changed(); return summary; });
    });
  }

  function sendBatches(items, stream, session, summary) {
    if (!items.length) {
      return Promise.resolve();
    }
    var batch = items.slice(0, BATCH);
    var body = JSON.stringify({
      owner: stream.owner,
      items: batch.map(function (item) {
        return { op: item.op, action: item.action, entry: item.entry, base_version: item.base_version,
                 fields: item.fields };
      })
    });
    return fetch(stream.endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json",
                 "X-CSRFToken": session.csrf_token },
      body: body
    }).then(function (response) { return answered(response, summary); }).then(function (answer) {
      if (!answer) {
        return;
      }
      summary.sent += batch.length;
      return Promise.all(answer.results.map(function (result, i) {
        return settle(batch[i], result, summary);
      })).then(function () { return sendBatches(items.slice(BATCH), stream, session, summary); });
    });
  }

  // Record what the server said about one item: gone from the outbox if applied, otherwise
  // kept with the reason, for the pupil to fix or discard. Nothing is dropped silently.
  function settle(item, result, summary) {
    if (result.status === "applied" || result.status === "duplicate") {
      summary.applied += 1;
      return run("outbox", "readwrite", function (s) { return s.delete(item.op); });
    }
    summary.failed += 1;
    item.status = result.status === "conflict" ? "conflict" : "failed";
    item.reason = result.message || "The server did not accept this.";
    item.errors = result.errors || null;
    item.current = result.current || null;
    item.attempts = (item.attempts || 0) + 1;
    return run("outbox", "readwrite", function (s) { return s.put(item); });
  }

  scope.PassportOutbox = Outbox;
})(self);
