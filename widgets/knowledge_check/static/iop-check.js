/* Knowledge checks answered in the browser, without a kernel.
 *
 * Each check on a page is a <section data-iop-check="ID"> rendered by
 * widgets/knowledge_check/templates/static.html.j2: readable questions with answers in
 * <details> (what a reader without JavaScript gets), an inert <template> holding the
 * interactive check with every text already rendered, and a JSON script with the
 * grading data (option ids, correct ids, questions needed to pass).  This script swaps
 * the template in, grades, shows the pre-rendered feedback, keeps the running score and
 * stores the answers.  It does nothing on a page without a check.
 *
 * Where answers are kept is a "backend": the browser's local storage by default, or
 * window.IOPCheckBackend when a page defines one (the SCORM adapter of an LMS package,
 * widgets/book/static/iop-scorm.js).  A backend has
 *   start()                      -> {kind: "local" | "none" | "lms"}  (called once)
 *   load(checkId)                -> {questionId: [optionId, ...]} or null
 *   save(checkId, answers, tally) -> true, or a string saying why it was not saved
 *   clear(checkId, tally)        -> same as save
 * where tally = {correct, answered, total} of that check.
 *
 * Vendored with the book (no CDN): the Sphinx extension copies it into _static/iop/.
 */
(function () {
  "use strict";

  var STORAGE_PREFIX = "iop-check:v1:";

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function sameSet(a, b) {
    if (a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) {
      if (b.indexOf(a[i]) < 0) { return false; }
    }
    return true;
  }

  /* Local storage, per check id; "none" when the browser refuses it (then answers last
     as long as the page, and the page says so). */
  function localBackend() {
    var store = null;
    return {
      start: function () {
        try {
          var probe = STORAGE_PREFIX + "probe";
          window.localStorage.setItem(probe, "1");
          window.localStorage.removeItem(probe);
          store = window.localStorage;
        } catch (e) {
          store = null;
        }
        return {kind: store ? "local" : "none"};
      },
      load: function (checkId) {
        if (!store) { return null; }
        try {
          var saved = JSON.parse(store.getItem(STORAGE_PREFIX + checkId) || "null");
          return saved && typeof saved.answers === "object" ? saved.answers : null;
        } catch (e) {
          return null;
        }
      },
      save: function (checkId, answers) {
        if (!store) { return true; }
        try {
          store.setItem(STORAGE_PREFIX + checkId, JSON.stringify({answers: answers}));
          return true;
        } catch (e) {
          return "the browser's storage is full or blocked";
        }
      },
      clear: function (checkId) {
        if (store) {
          try { store.removeItem(STORAGE_PREFIX + checkId); } catch (e) { /* nothing kept */ }
        }
        return true;
      }
    };
  }

  /* Keep only answers that still fit the check (content can change between builds). */
  function validAnswers(data, saved) {
    var answers = {};
    if (!saved || typeof saved !== "object") { return answers; }
    data.questions.forEach(function (q) {
      var chosen = saved[q.id];
      if (!Array.isArray(chosen) || chosen.length === 0) { return; }
      var known = chosen.every(function (id) { return q.options.indexOf(id) >= 0; });
      if (known && (q.type === "multiple" || chosen.length === 1)) {
        answers[q.id] = chosen.slice();
      }
    });
    return answers;
  }

  function Check(section, backend, storage) {
    this.section = section;
    this.backend = backend;
    this.data = JSON.parse(section.querySelector("script.iop-check-data").textContent);
    var template = section.querySelector("template.iop-check-template");
    var live = template.content.firstElementChild.cloneNode(true);
    var fallback = section.querySelector(".iop-check-static");
    section.insertBefore(live, fallback);
    section.removeChild(fallback);
    section.classList.add("iop-check-ready");
    this.root = live;
    this.score = live.querySelector(".iop-score");
    this.pass = live.querySelector(".iop-pass");
    this.note = live.querySelector(".iop-check-note");
    this.announcer = live.querySelector(".iop-announce");
    this.questions = {};
    var self = this;
    this.data.questions.forEach(function (q) {
      var fieldset = live.querySelector('fieldset[data-question="' + q.id + '"]');
      self.questions[q.id] = {data: q, fieldset: fieldset};
      var button = fieldset.querySelector(".iop-check-answer");
      button.addEventListener("click", function () { self.check(q.id); });
      /* "Check answer" works on a new choice: after checking, it waits for a change. */
      fieldset.addEventListener("change", function () { button.disabled = false; });
    });
    live.querySelector(".iop-restart").addEventListener("click", function () {
      self.restart();
    });
    this.showNote(storage.kind, storage.error);
    this.answers = validAnswers(this.data, backend.load(this.data.check));
    Object.keys(this.answers).forEach(function (qid) {
      self.select(qid, self.answers[qid]);
      self.showFeedback(qid, self.answers[qid]);
    });
    this.showScore();
  }

  Check.prototype.showNote = function (kind, error) {
    var text = this.note.getAttribute("data-" + (error ? "lms-error" : kind)) || "";
    this.note.textContent = fill(text, {error: error || ""});
    this.note.classList.toggle("iop-alert", Boolean(error) || kind === "none");
  };

  Check.prototype.selected = function (qid) {
    var inputs = this.questions[qid].fieldset.querySelectorAll("input");
    var chosen = [];
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].checked) { chosen.push(inputs[i].value); }
    }
    return chosen;
  };

  Check.prototype.select = function (qid, optionIds) {
    var inputs = this.questions[qid].fieldset.querySelectorAll("input");
    for (var i = 0; i < inputs.length; i++) {
      inputs[i].checked = optionIds.indexOf(inputs[i].value) >= 0;
    }
  };

  Check.prototype.isCorrect = function (qid, chosen) {
    return sameSet(chosen, this.questions[qid].data.correct);
  };

  Check.prototype.showFeedback = function (qid, chosen) {
    var q = this.questions[qid].data;
    var fieldset = this.questions[qid].fieldset;
    var right = this.isCorrect(qid, chosen);
    var missed = q.correct.filter(function (id) { return chosen.indexOf(id) < 0; });
    var someRight = chosen.some(function (id) { return q.correct.indexOf(id) >= 0; });
    var flags = {
      "right": right, "wrong": !right, "missed": !right && missed.length > 0,
      "missed-some": someRight, "missed-all": !someRight
    };
    var feedback = fieldset.querySelector(".iop-feedback");
    feedback.querySelectorAll("[data-show]").forEach(function (el) {
      el.hidden = !flags[el.getAttribute("data-show")];
    });
    feedback.querySelectorAll("[data-chosen]").forEach(function (el) {
      el.hidden = chosen.indexOf(el.getAttribute("data-chosen")) < 0;
    });
    feedback.querySelectorAll("[data-missed]").forEach(function (el) {
      el.hidden = missed.indexOf(el.getAttribute("data-missed")) < 0;
    });
    fieldset.querySelectorAll(".iop-option").forEach(function (el) {
      var id = el.getAttribute("data-option");
      el.classList.toggle("iop-chosen-right", chosen.indexOf(id) >= 0 && q.correct.indexOf(id) >= 0);
      el.classList.toggle("iop-chosen-wrong", chosen.indexOf(id) >= 0 && q.correct.indexOf(id) < 0);
    });
    fieldset.querySelector(".iop-hint").hidden = true;
    fieldset.querySelector(".iop-check-answer").disabled = true;
    feedback.hidden = false;
    fieldset.classList.toggle("iop-answered-right", right);
    fieldset.classList.toggle("iop-answered-wrong", !right);
    return feedback;
  };

  Check.prototype.tally = function () {
    var self = this;
    var answered = Object.keys(this.answers);
    var correct = answered.filter(function (qid) {
      return self.isCorrect(qid, self.answers[qid]);
    }).length;
    return {correct: correct, answered: answered.length, total: this.data.total};
  };

  Check.prototype.showScore = function () {
    var t = this.tally();
    var values = {correct: t.correct, answered: t.answered, total: t.total,
                  needed: this.data.needed, still: Math.max(0, this.data.needed - t.correct)};
    this.score.textContent = fill(this.score.getAttribute("data-text"), values);
    var passed = t.correct >= this.data.needed;
    this.pass.textContent = fill(this.pass.getAttribute(passed ? "data-passed" : "data-not-yet"),
                                 values);
    this.pass.classList.toggle("iop-passed", passed);
    this.root.classList.toggle("iop-check-passed", passed);
    return this.score.textContent + " " + this.pass.textContent;
  };

  Check.prototype.announce = function (text) {
    /* Empty first, so the same words said twice are announced twice. */
    var announcer = this.announcer;
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  };

  Check.prototype.stored = function (result) {
    if (result === true) {
      this.showNote(this.storageKind || "local");
    } else {
      this.showNote("lms", String(result));
    }
  };

  Check.prototype.check = function (qid) {
    var fieldset = this.questions[qid].fieldset;
    var chosen = this.selected(qid);
    if (chosen.length === 0) {
      var hint = fieldset.querySelector(".iop-hint");
      hint.hidden = false;
      this.announce(hint.textContent);
      return;
    }
    this.answers[qid] = chosen;
    var feedback = this.showFeedback(qid, chosen);
    var summary = this.showScore();
    this.stored(this.backend.save(this.data.check, this.answers, this.tally()));
    /* The feedback takes the focus (a screen reader reads it; Tab goes on to the next
       question); the live region says the new score. */
    feedback.focus();
    this.announce(summary);
  };

  Check.prototype.restart = function () {
    var self = this;
    this.answers = {};
    Object.keys(this.questions).forEach(function (qid) {
      var fieldset = self.questions[qid].fieldset;
      self.select(qid, []);
      fieldset.querySelector(".iop-feedback").hidden = true;
      fieldset.querySelector(".iop-hint").hidden = true;
      fieldset.querySelector(".iop-check-answer").disabled = false;
      fieldset.classList.remove("iop-answered-right", "iop-answered-wrong");
      fieldset.querySelectorAll(".iop-option").forEach(function (el) {
        el.classList.remove("iop-chosen-right", "iop-chosen-wrong");
      });
    });
    var summary = this.showScore();
    this.stored(this.backend.clear(this.data.check, this.tally()));
    this.announce(this.announcer.getAttribute("data-cleared") + " " + summary);
    var first = this.root.querySelector("input");
    if (first) { first.focus(); }
  };

  function startAll() {
    var sections = document.querySelectorAll("section[data-iop-check]");
    if (sections.length === 0) { return; }
    var backend = window.IOPCheckBackend || localBackend();
    var storage = backend.start();
    if (!storage || storage.kind === "unavailable") {
      backend = localBackend();  // no LMS after all: work as the book does
      storage = backend.start();
    }
    window.IOPChecks = [];
    for (var i = 0; i < sections.length; i++) {
      try {
        var check = new Check(sections[i], backend, storage);
        check.storageKind = storage.kind;
        window.IOPChecks.push(check);
      } catch (e) {
        /* Leave the readable questions in place; say why in the console. */
        if (window.console) { window.console.warn("knowledge check not started:", e); }
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
}());
