/* SCORM 1.2 run-time adapter: a module's knowledge checks report to the LMS.
 *
 * Added by widgets/book/scorm.py to the launch page of each SCO (a module page), with
 * its configuration in <script type="application/json" id="iop-scorm-config">:
 *   {"module": "m01", "checks": {"m01-check": 10}, "total": 10, "needed": 8,
 *    "masteryScore": 80}
 * ("needed" comes from the one pass rule, widgets.core.scoring.needed_to_pass).
 *
 * It is the storage backend of the knowledge-check engine (iop-check.js; see the
 * contract there).  With an LMS it
 *   - finds the API object as the SCORM 1.2 run-time environment says: in the parent
 *     chain of this window (at most 7 steps up), then in the chain of window.opener;
 *   - calls LMSInitialize(""), and sets cmi.core.lesson_status to "incomplete" on the
 *     first launch ("not attempted");
 *   - restores the learner's answers from cmi.suspend_data (so a relaunch resumes where
 *     they left off);
 *   - after every checked answer sets cmi.suspend_data, cmi.core.score.raw (0-100, the
 *     percentage correct, floored to two decimals), .min 0, .max 100 and
 *     cmi.core.lesson_status: "passed" once the correct answers reach the module's pass
 *     mark, "failed" when every question is answered below it, "incomplete" before; the
 *     best result of the attempt is what the LMS keeps (starting again never takes a
 *     pass away), then LMSCommit("");
 *   - when the page goes away (pagehide) sets cmi.core.session_time (HHHH:MM:SS.SS) and
 *     cmi.core.exit "suspend" (so the answers are there at the next launch), commits and
 *     calls LMSFinish("").
 * Without an API (the package opened as plain files) start() says so and the engine
 * keeps answers in local storage, as the book does.
 */
(function () {
  "use strict";

  var STATUS = ["incomplete", "failed", "passed"];
  var MAX_SUSPEND = 4096;

  function apiOf(win) {
    try {
      return win.API || null;
    } catch (e) {
      return null;  // another origin's window: not ours to read
    }
  }

  function findAPI(win) {
    for (var tries = 0; win && tries <= 7; tries++) {
      var found = apiOf(win);
      if (found) { return found; }
      var parent;
      try { parent = win.parent; } catch (e) { return null; }
      if (!parent || parent === win) { return null; }
      win = parent;
    }
    return null;
  }

  function getAPI() {
    var found = findAPI(window);
    if (!found) {
      var opener = null;
      try { opener = window.opener; } catch (e) { opener = null; }
      if (opener) { found = findAPI(opener); }
    }
    return found;
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  /* CMITimespan: HHHH:MM:SS.SS (hours two to four digits). */
  function timespan(ms) {
    var centis = Math.max(0, Math.floor(ms / 10));
    var hours = Math.min(9999, Math.floor(centis / 360000));
    var minutes = Math.floor(centis / 6000) % 60;
    var seconds = Math.floor(centis / 100) % 60;
    return two(hours) + ":" + two(minutes) + ":" + two(seconds) + "." + two(centis % 100);
  }

  function readConfig() {
    var el = document.getElementById("iop-scorm-config");
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function emptyState() { return {v: 1, a: {}, c: {}, b: [0, 0]}; }

  function parseState(text) {
    var state = emptyState();
    try {
      var saved = JSON.parse(text || "null");
      if (saved && saved.v === 1 && typeof saved.a === "object" && typeof saved.c === "object") {
        state.a = saved.a || {};
        state.c = saved.c || {};
        if (Array.isArray(saved.b) && saved.b.length === 2) { state.b = saved.b; }
      }
    } catch (e) { /* no suspend data yet, or not ours: start afresh */ }
    return state;
  }

  var config = null;
  var api = null;
  var live = false;
  var state = emptyState();
  var startedAt = 0;

  function lastError(what) {
    var code = "", text = "";
    try {
      code = String(api.LMSGetLastError());
      text = String(api.LMSGetErrorString(code));
    } catch (e) { text = String(e); }
    return what + " failed" + (code && code !== "0" ? ": LMS error " + code : "") +
      (text ? " (" + text + ")" : "");
  }

  function set(name, value) {
    if (String(api.LMSSetValue(name, String(value))) !== "true") {
      throw new Error(lastError("saving " + name));
    }
  }

  function result() {
    var correct = 0, answered = 0;
    Object.keys(config.checks).forEach(function (id) {
      correct += Number(state.c[id] || 0);
      answered += Object.keys(state.a[id] || {}).length;
    });
    var rank = correct >= config.needed ? 2 : (answered >= config.total ? 1 : 0);
    var raw = Math.floor(10000 * correct / config.total) / 100;
    return [rank, raw];
  }

  function report() {
    var now = result();
    var best = state.b;
    if (now[0] > best[0] || (now[0] === best[0] && now[1] > best[1])) { best = now; }
    state.b = best;
    var data = JSON.stringify(state);
    if (data.length > MAX_SUSPEND) {
      throw new Error("the answers need " + data.length + " characters; SCORM 1.2 keeps " +
                      MAX_SUSPEND);
    }
    set("cmi.suspend_data", data);
    set("cmi.core.score.min", 0);
    set("cmi.core.score.max", 100);
    set("cmi.core.score.raw", best[1]);
    set("cmi.core.lesson_status", STATUS[best[0]]);
    if (String(api.LMSCommit("")) !== "true") { throw new Error(lastError("LMSCommit")); }
  }

  function guarded(action) {
    if (!live) { return "the session with the LMS has ended; reopen the module"; }
    try {
      action();
      return true;
    } catch (e) {
      return e && e.message ? e.message : String(e);
    }
  }

  function finish() {
    if (!live) { return; }
    try {
      set("cmi.core.session_time", timespan(Date.now() - startedAt));
      set("cmi.core.exit", "suspend");
      api.LMSCommit("");
    } catch (e) { /* finishing anyway: the LMS keeps what was committed */ }
    live = false;
    try { api.LMSFinish(""); } catch (e) { /* the LMS window may be gone already */ }
  }

  window.IOPCheckBackend = {
    start: function () {
      config = readConfig();
      api = config ? getAPI() : null;
      if (!api) { return {kind: "unavailable"}; }
      if (String(api.LMSInitialize("")) !== "true") {
        return {kind: "lms", error: lastError("LMSInitialize")};
      }
      live = true;
      startedAt = Date.now();
      state = parseState(api.LMSGetValue("cmi.suspend_data"));
      var status = String(api.LMSGetValue("cmi.core.lesson_status") || "");
      var raw = parseFloat(api.LMSGetValue("cmi.core.score.raw"));
      var known = STATUS.indexOf(status);
      if (known > 0 && (known > state.b[0] || (known === state.b[0] && raw > state.b[1]))) {
        state.b = [known, isNaN(raw) ? 0 : raw];  // a result from an earlier attempt
      }
      var error = null;
      if (status === "not attempted" || status === "") {
        var begun = guarded(function () {
          set("cmi.core.lesson_status", "incomplete");
          api.LMSCommit("");
        });
        if (begun !== true) { error = begun; }
      }
      window.addEventListener("pagehide", finish);
      window.addEventListener("beforeunload", finish);
      document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "hidden" && live) { api.LMSCommit(""); }
      });
      return error ? {kind: "lms", error: error} : {kind: "lms"};
    },
    load: function (checkId) {
      return state.a[checkId] || null;
    },
    save: function (checkId, answers, tally) {
      return guarded(function () {
        state.a[checkId] = answers;
        state.c[checkId] = tally.correct;
        report();
      });
    },
    clear: function (checkId) {
      return guarded(function () {
        delete state.a[checkId];
        state.c[checkId] = 0;
        report();
      });
    },
    finish: finish
  };
}());
