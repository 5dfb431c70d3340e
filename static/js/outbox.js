// The outbox: what a pupil saved on this phone while offline, in IndexedDB, and the replay
// of it to the server. Loaded by the pages (sync.js) and by the service worker, so it uses no
// DOM. docs/offline.md describes the schema, the protocol and the sealing: each item is
// encrypted (AES-GCM) under its owner's key, which the server gives only to that owner's session
// and which this device keeps (non-extractable) only while that session is the one signed in.
(function (scope) {
  "use strict";

  var DB_NAME = "passport";
  var DB_VERSION = 2;
  var KEY_URL = "/api/outbox-key";
  var TIMEOUT_MS = 15000;
  // What stays readable in a stored item: enough to count and order them, nothing the pupil wrote.
  var CLEAR = ["op", "owner", "status", "created_at"];
  var CHANNEL = "passport-outbox";
  var BATCH = 50;
  var DEFAULT_ENDPOINT = "/passport/sync";
  var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
  var dbPromise = null;
  var destroyed = false;

  function open() {
    if (destroyed) {
      return Promise.reject(new Error("this device was cleared at sign-out"));
    }
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
          if (!db.objectStoreNames.contains("keys")) {
            db.createObjectStore("keys", { keyPath: "owner" });   // {owner, key: a CryptoKey}
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

  // --- sealing: each owner's items under that owner's key ------------------------------------

  function timed(url, options) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    var opts = Object.assign({ credentials: "same-origin" }, options || {});
    if (controller) { opts.signal = controller.signal; }
    return fetch(url, opts).then(function (response) { clearTimeout(timer); return response; },
      function (error) { clearTimeout(timer); throw error; });
  }

  function keyFor(owner) {
    return run("keys", "readonly", function (s) { return s.get(String(owner)); }).then(function (row) {
      return row ? row.key : null;
    });
  }

  function aad(op, owner) {
    // The ciphertext is bound to its op and owner: a record moved to another owner does not open.
    return new TextEncoder().encode("passport-outbox|" + op + "|" + owner);
  }

  function importKey(encoded) {
    var text = atob(encoded.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i += 1) { bytes[i] = text.charCodeAt(i); }
    // Not extractable: a script can use it while it is here, never copy it out.
    return scope.crypto.subtle.importKey("raw", bytes, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
  }

  function seal(item, retried) {
    var owner = String(item.owner);
    return keyFor(owner).then(function (key) {
      if (!key) {
        if (retried) {
          throw new Error("no key for this owner on this device: sign in again");
        }
        // A page that has not fetched its key yet (just signed in): ask once.
        return Outbox.refreshKeys().catch(function () {}).then(function () { return seal(item, true); });
      }
      var secret = {};
      Object.keys(item).forEach(function (name) {
        if (CLEAR.indexOf(name) === -1 && name !== "sealed") { secret[name] = item[name]; }
      });
      var iv = scope.crypto.getRandomValues(new Uint8Array(12));
      var plain = new TextEncoder().encode(JSON.stringify(secret));
      return scope.crypto.subtle.encrypt({ name: "AES-GCM", iv: iv, additionalData: aad(item.op, owner) }, key, plain)
        .then(function (data) {
          return { op: item.op, owner: owner, status: item.status, created_at: item.created_at, iv: iv, data: data };
        });
    });
  }

  // A stored record as the code sees it: the whole item if this device holds its owner's key,
  // otherwise only what is clear (sealed: true). Items from before sealing have no data.
  function unseal(record) {
    if (!record || !record.data) {
      return Promise.resolve(record);
    }
    var stub = { op: record.op, owner: record.owner, status: record.status, created_at: record.created_at,
                 sealed: true };
    return keyFor(record.owner).then(function (key) {
      if (!key) {
        return stub;
      }
      return scope.crypto.subtle.decrypt({ name: "AES-GCM", iv: record.iv, additionalData: aad(record.op, record.owner) },
        key, record.data).then(function (plain) {
        var item = JSON.parse(new TextDecoder().decode(plain));
        CLEAR.forEach(function (name) { item[name] = record[name]; });
        return item;
      }, function () { return stub; });
    });
  }

  function store(item) {
    return seal(item).then(function (record) {
      return run("outbox", "readwrite", function (s) { return s.put(record); });
    });
  }

  function records() {
    return run("outbox", "readonly", function (s) { return s.getAll(); }).then(function (rows) { return rows || []; });
  }

  var Outbox = {
    CHANNEL: CHANNEL,

    all: function () {
      return records().then(function (rows) { return Promise.all(rows.map(unseal)); }).then(function (items) {
        return items.sort(function (a, b) { return a.created_at < b.created_at ? -1 : 1; });
      });
    },
    get: function (op) {
      return run("outbox", "readonly", function (s) { return s.get(op); }).then(unseal);
    },
    // Store (or replace, by op) an item, waiting to be sent.
    enqueue: function (item) {
      item.status = "waiting";
      item.attempts = item.attempts || 0;
      item.created_at = item.created_at || new Date().toISOString();
      return store(item).then(changed);
    },
    put: function (item) {
      return store(item).then(changed);
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
    // The keys this session may hold, from the server: only the owners signed in here get one,
    // and every other owner's key leaves the device (their items stay, sealed). A 401 (no
    // session) leaves no key at all. Rejects when the server does not answer (keys kept).
    // Items saved before sealing are sealed now. Resolves to the owners.
    refreshKeys: function () {
      return timed(KEY_URL, { headers: { Accept: "application/json" }, cache: "no-store" }).then(function (response) {
        if (response.status === 401) {
          return {};
        }
        if (!response.ok || (response.headers.get("Content-Type") || "").indexOf("application/json") === -1) {
          throw new Error("not the passport server");
        }
        return response.json().then(function (body) { return body.keys || {}; });
      }).then(function (keys) {
        var owners = Object.keys(keys);
        return Promise.all(owners.map(function (owner) {
          return importKey(keys[owner]).then(function (key) { return { owner: owner, key: key }; });
        })).then(function (rows) {
          return run("keys", "readwrite", function (s) {
            s.clear();
            rows.forEach(function (row) { s.put(row); });
          });
        }).then(records).then(function (rows) {
          return Promise.all(rows.filter(function (row) {
            return !row.data && owners.indexOf(String(row.owner)) !== -1;
          }).map(store));
        }).then(function () { return owners; });
      });
    },
    // The owners whose keys are on this device.
    keyOwners: function () {
      return run("keys", "readonly", function (s) { return s.getAllKeys(); }).then(function (keys) { return keys || []; });
    },
    // Sign-out: forget this owner's items (the page asked them first), key and sync state, and
    // nothing of anyone else's: other owners' items wait, sealed, for their owners. When no
    // item is left, the database goes too.
    clearOwner: function (owner) {
      owner = String(owner);
      return records().then(function (rows) {
        var theirs = rows.filter(function (row) { return String(row.owner) === owner; });
        return run("outbox", "readwrite", function (s) {
          theirs.forEach(function (row) { s.delete(row.op); });
        }).then(function () {
          return run("keys", "readwrite", function (s) { s.delete(owner); });
        }).then(function () {
          return run("meta", "readwrite", function (s) {
            ["user", "lastSync", "lastWarm", "lastWarm:" + owner].forEach(function (key) { s.delete(key); });
          });
        }).then(function () {
          return rows.length === theirs.length ? Outbox.destroy() : changed();
        });
      });
    },
    // Delete the whole database: only when no other owner's item is in it (clearOwner).
    // This page then opens it no more (a redraw would make it again, empty); it is leaving.
    destroy: function () {
      var closing = dbPromise ? dbPromise.then(function (db) { db.close(); }) : Promise.resolve();
      dbPromise = null;
      destroyed = true;
      return closing.then(function () {
        return new Promise(function (resolve) {
          var request = indexedDB.deleteDatabase(DB_NAME);
          request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
        });
      });
    },

    // Send every waiting item of the signed-in user, in order, in batches. Resolves to a
    // summary; rejects when the server cannot be reached (the items stay waiting).
    flush: function (options) {
      var ping = Boolean(options && options.ping);
      var now = function () { return flushNow(ping); };
      var locks = scope.navigator && scope.navigator.locks;
      if (locks && locks.request) {
        // One flush at a time across tabs and the service worker.
        return locks.request("passport-outbox-flush", now);
      }
      return now();
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

  function isWaiting(item) { return item.status === "waiting"; }

  // ping: ask the server even with nothing waiting ("Sync now"), so an unanswered server shows.
  function flushNow(ping) {
    var summary = { sent: 0, applied: 0, failed: 0, signin: false, other_owner: 0 };
    return Outbox.all().then(function (items) {
      var waiting = items.filter(isWaiting);
      if (!waiting.length && !ping) {
        return summary;
      }
      return timed("/api/csrf", { headers: { Accept: "application/json" } })
        .then(function (response) { return answered(response, summary); })
        .then(function (session) {
          if (!session) {
            return null;
          }
          // Owners are compared as strings: "12" (a signed-in user; older items hold the number)
          // or "verifier:3" (an employer's link). Another account's items are never sent.
          var owners = (session.owners || [session.user]).map(String);
          var ours = function (item) { return owners.indexOf(String(item.owner)) !== -1; };
          if (!waiting.some(function (item) { return ours(item) && item.sealed; })) {
            return { session: session, owners: owners, waiting: waiting };
          }
          // This session's items, sealed under a key not on this device yet (signed in again).
          return Outbox.refreshKeys().then(Outbox.all).then(function (fresh) {
            return { session: session, owners: owners, waiting: fresh.filter(isWaiting) };
          });
        })
        .then(function (state) {
          if (!state) {
            return summary;
          }
          var session = state.session;
          var owners = state.owners;
          waiting = state.waiting;
          var mine = waiting.filter(function (item) {
            return owners.indexOf(String(item.owner)) !== -1 && !item.sealed;
          });
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
    return timed(stream.endpoint, {
      method: "POST",
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
    return store(item);
  }

  scope.PassportOutbox = Outbox;
})(self);
