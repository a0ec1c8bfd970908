/* pmdraft post-mortem draft: inline script.
 * The page's CSP allows this one script by its hash, so: no inline handlers,
 * no eval, no network. Keep the file ASCII (non-ASCII as \u escapes) so its
 * bytes, and therefore its hash, cannot change with an encoding. Every lookup
 * is guarded: a draft without timeline, actions or toolbar must not throw. */
(function () {
  'use strict';

  var doc = document;
  var root = doc.documentElement;
  var body = doc.body;
  var timeline = doc.getElementById('timeline');
  var filterBox = timeline && timeline.querySelector('.pm-filters');
  var transcriptButton = doc.getElementById('toggle-transcript');
  var saveButton = doc.getElementById('save-draft');
  var SAVE_LABEL = 'Save draft';
  var GAPS = '.pm-placeholder, .pm-gap';
  var dirty = false;

  function all(sel, scope) {
    return Array.prototype.slice.call((scope || doc).querySelectorAll(sel));
  }
  function dropClass(el, name) {            // no stray class="" left in a saved copy
    if (!el.classList.contains(name)) return;
    el.classList.remove(name);
    if (!el.classList.length) el.removeAttribute('class');
  }
  var filterButtons = filterBox ? all('button[data-filter]', filterBox) : [];

  /* Live region, created empty at load: a region that appears together with
   * its first message is often not announced. */
  var status = filterBox && filterBox.querySelector('.pm-status');
  if (filterBox && !status) {
    status = doc.createElement('p');
    status.className = 'pm-status';
    status.setAttribute('aria-live', 'polite');
    filterBox.appendChild(status);
  }

  function transcriptShown() { return body.classList.contains('pm-show-transcript'); }
  function currentFilter() {
    var on = filterButtons.filter(function (b) { return b.getAttribute('aria-pressed') === 'true'; })[0];
    return on ? on.getAttribute('data-filter') : 'all';
  }

  /* Can the reader see this top-level item? CSS shows a non-key message only
   * with the transcript on, or when it frames a key reply; print shows every
   * key moment and no plain transcript. */
  function shows(li, printing) {
    if (li.classList.contains('pm-entry')) return printing || !li.hidden;
    if (!li.classList.contains('pm-transcript')) return false;
    if (printing) return !!li.querySelector('.pm-entry');
    return !li.hidden && (transcriptShown() || !!li.querySelector('.pm-entry'));
  }
  // The timeline's top-level items, in order, across its chunked lists.
  var topItems = timeline ? all('.pm-timeline > .pm-chunk > li', timeline) : [];
  // A day separator stays only if something visible follows it before the next one.
  function markDays(printing) {
    var day = null, seen = false;
    topItems.forEach(function (li) {
      if (li.classList.contains('pm-day')) { if (day) day.hidden = !seen; day = li; seen = false; }
      else if (shows(li, printing)) seen = true;
    });
    if (day) day.hidden = !seen;
  }

  /* Show one phase (or all). An item that does not match but holds a matching
   * reply stays visible as dimmed context, so the reply is never orphaned.
   * Non-key messages count as non-matching: a phase view lists key moments. */
  function applyFilter(phase, announce) {
    if (!timeline) return;
    var n = 0;
    all('.pm-entry, .pm-transcript', timeline).forEach(function (li) {
      var isEntry = li.classList.contains('pm-entry');
      var match = isEntry && (phase === 'all' || li.getAttribute('data-phase') === phase);
      var holds = !match && phase !== 'all' && all('.pm-entry', li).some(function (e) {
        return e.getAttribute('data-phase') === phase;
      });
      if (match) n++;
      li.hidden = phase !== 'all' && !match && !holds;
      if (holds) li.classList.add('pm-context'); else dropClass(li, 'pm-context');
    });
    markDays(false);
    if (status && announce) {
      var msg = phase === 'all' ? 'Showing all ' + n + (n === 1 ? ' entry' : ' entries')
                                : 'Showing ' + n + ' ' + phase + (n === 1 ? ' entry' : ' entries');
      if (phase !== 'all' && transcriptShown()) msg += '; other messages stay hidden while a phase is selected';
      status.textContent = msg;
    }
  }

  function setFilter(phase, announce) {
    filterButtons.forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-filter') === phase));
    });
    applyFilter(phase, announce);
  }

  function setTranscript(on) {
    if (on) body.classList.add('pm-show-transcript'); else dropClass(body, 'pm-show-transcript');
    if (transcriptButton) transcriptButton.setAttribute('aria-pressed', String(on));
    applyFilter(currentFilter(), false);  // day separators depend on it
  }

  // Print shows every key moment (CSS), so day separators are recomputed for it.
  window.addEventListener('beforeprint', function () { markDays(true); });
  window.addEventListener('afterprint', function () { markDays(false); });

  filterButtons.forEach(function (b) {
    b.addEventListener('click', function () { setFilter(b.getAttribute('data-filter'), true); });
  });
  if (transcriptButton) transcriptButton.addEventListener('click', function () { setTranscript(!transcriptShown()); });

  // Left/Right (and Home/End) move focus along the filter buttons; Tab still works.
  if (filterBox) filterBox.addEventListener('keydown', function (e) {
    var btns = all('button', filterBox);
    var i = btns.indexOf(doc.activeElement);
    var keys = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: btns.length - 1 };
    if (i < 0 || !Object.prototype.hasOwnProperty.call(keys, e.key)) return;
    e.preventDefault();
    btns[(keys[e.key] + btns.length) % btns.length].focus();
  });

  /* A link to a message (impact cards, whys, logs) must land on something
   * visible: undo a filter or open the transcript if that hides the target. */
  function reveal(id) {
    var el = id && doc.getElementById(id);
    if (!el || !timeline || !timeline.contains(el)) return null;
    var changed = false;
    if (el.closest('[hidden]')) { setFilter('all', true); changed = true; }
    if (!el.getClientRects().length) { setTranscript(true); changed = true; }
    return changed ? el : null;
  }
  function hashId(h) {
    try { return decodeURIComponent((h || '').replace(/^#/, '')); } catch (err) { return ''; }
  }
  doc.addEventListener('click', function (e) {
    var a = e.target instanceof Element && e.target.closest('a[href^="#"]');
    if (a) reveal(hashId(a.getAttribute('href')));  // before the default jump
  });
  /* In a long timeline the chunks around a target are laid out only after the
   * jump and can change height, moving it out of view: jump again once they
   * have settled (two frames). */
  var longTimeline = !!(timeline && timeline.querySelector('.pm-long'));
  function jumpTo(el) {
    el.scrollIntoView();
    if (!longTimeline) return;
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        var r = el.getBoundingClientRect();
        if (r.bottom <= 0 || r.top >= window.innerHeight) el.scrollIntoView();
      });
    });
  }
  window.addEventListener('hashchange', function () {
    var id = hashId(location.hash);
    var el = reveal(id);
    if (!el && longTimeline) {  // unchanged filters: the browser has jumped, maybe short
      el = doc.getElementById(id);
      if (el && !timeline.contains(el)) el = null;
    }
    if (el) jumpTo(el);
  });

  /* Editing. A placeholder is selected on focus so typing replaces it; once
   * typed into, it stops being a gap. */
  function markDirty(on) {
    dirty = on;
    if (!saveButton) return;
    if (on) saveButton.classList.add('pm-dirty'); else dropClass(saveButton, 'pm-dirty');
    saveButton.textContent = on ? SAVE_LABEL + ' \u2022' : SAVE_LABEL;
  }
  doc.addEventListener('input', function (e) {
    var host = e.target;
    if (!(host instanceof Element) || !host.isContentEditable) return;
    [host].concat(all(GAPS, host)).forEach(function (g) { dropClass(g, 'pm-placeholder'); dropClass(g, 'pm-gap'); });
    markDirty(true);
  });
  doc.addEventListener('focusin', function (e) {
    var host = e.target;
    if (!(host instanceof Element) || !host.isContentEditable) return;
    var gap = host.matches(GAPS) ? host : host.querySelector(GAPS);
    if (!gap) return;
    // After the click has placed its caret; a drag-selection is left alone.
    setTimeout(function () {
      var sel = window.getSelection();
      if (!sel || (sel.rangeCount && !sel.isCollapsed) || !gap.isConnected) return;
      var r = doc.createRange();
      r.selectNodeContents(gap);
      sel.removeAllRanges();
      sel.addRange(r);
    }, 0);
  });
  /* Paste as plain text: rich clipboard HTML would carry foreign styles, image
   * references and attributes into the archived record. */
  doc.addEventListener('paste', function (e) {
    var t = e.target instanceof Element ? e.target : e.target && e.target.parentElement;
    if (!t || !t.isContentEditable || !e.clipboardData) return;
    // insertText fires "input" (so the dirty mark follows); if a browser
    // refuses it, the native paste goes ahead rather than losing the text.
    if (doc.execCommand('insertText', false, e.clipboardData.getData('text/plain'))) e.preventDefault();
  });
  window.addEventListener('beforeunload', function (e) {
    if (!dirty) return;
    e.preventDefault();
    e.returnValue = '';  // older browsers need a value set to show the prompt
  });

  /* Save: serialise a clone with the viewing state reset, so the new file opens
   * exactly like a fresh draft (same script bytes, so the CSP hash still holds). */
  function fileName() {
    var name = body.getAttribute('data-filename') || 'postmortem-draft.html';
    if (root.hasAttribute('data-saved')) return name;  // already an edited copy
    return /\.html?$/i.test(name) ? name.replace(/(\.html?)$/i, '-edited$1') : name + '-edited.html';
  }
  function saveDraft() {
    var name = fileName();
    var clone = root.cloneNode(true);
    clone.setAttribute('data-saved', new Date().toISOString());
    all('button[data-filter]', clone).forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-filter') === 'all'));
    });
    all('.pm-entry, .pm-transcript, .pm-day', clone).forEach(function (el) {
      el.removeAttribute('hidden');
      dropClass(el, 'pm-context');
    });
    var cbody = clone.querySelector('body');
    if (cbody) {
      dropClass(cbody, 'pm-show-transcript');
      cbody.setAttribute('data-filename', name);  // the copy saves under its own name
    }
    var ct = clone.querySelector('#toggle-transcript');
    if (ct) ct.setAttribute('aria-pressed', 'false');
    all('.pm-status', clone).forEach(function (s) { s.textContent = ''; });
    var cs = clone.querySelector('#save-draft');
    if (cs) { dropClass(cs, 'pm-dirty'); cs.textContent = SAVE_LABEL; }

    var html = '<!doctype html>\n' + clone.outerHTML;
    var url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
    var a = doc.createElement('a');
    a.href = url; a.download = name; a.hidden = true;
    body.appendChild(a);
    a.click();
    body.removeChild(a);
    // Revoking at once can cancel the download in some browsers.
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    markDirty(false);
  }
  if (saveButton) saveButton.addEventListener('click', saveDraft);

  // Initial state: normalise day separators, then honour a #m-... link on arrival.
  setFilter(currentFilter(), false);
  var target = reveal(hashId(location.hash));
  if (target) jumpTo(target);
})();
