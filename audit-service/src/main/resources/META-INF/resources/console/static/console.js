// The support console's page script: a confirmation before a form that acts on the owner's behalf, and on a case
// page the provenance timeline drawn from the report, with the report's evidence verified here, by WebCrypto
// alone, against the log key the console pins (docs/SUPPORT.md "Console"). No text is ever parsed as HTML.
'use strict';

const PhotosyncConsole = (() => {
  const encoder = new TextEncoder();
  const SVG = 'http://www.w3.org/2000/svg';
  // a report's chain step and the log event type of the leaf that backs it (cli's ReportVerifier has the same map)
  const EVENT_OF_STEP = {
    SIGN_IN: 'SIGN_IN', UPLOAD: 'PHOTO_UPLOADED', DELIVERY: 'PHOTO_DELIVERED', DOWNLOAD: 'PHOTO_DOWNLOADED',
    DELETE: 'PHOTO_DELETED', REFRESH: 'TOKEN_REFRESHED', SESSION_REVOKED: 'SESSION_REVOKED', DEVICE_REVOKED: 'DEVICE_REVOKED'
  };

  class NotVerified extends Error {}
  const fail = (why) => { throw new NotVerified(why); };

  const base64 = (text, what) => {
    if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) fail(what + ' is not base64');
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  };
  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  };
  const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  // RFC 9162 §2.1.1: leaf = SHA-256(0x00 ‖ leaf), node = SHA-256(0x01 ‖ left ‖ right)
  const leafHash = (leaf) => sha256(concat(Uint8Array.of(0), leaf));
  const nodeHash = (left, right) => sha256(concat(Uint8Array.of(1), left, right));

  /** A C2SP verifier key name+hex(key id)+base64(0x01 ‖ Ed25519 key); the id is checked against name and key. */
  async function verifierKey(vkey) {
    const first = vkey.indexOf('+');
    const second = vkey.indexOf('+', first + 1);
    if (first <= 0 || second < 0) fail('the pinned log key is not a verifier key');
    const name = vkey.slice(0, first);
    const id = vkey.slice(first + 1, second);
    const raw = base64(vkey.slice(second + 1).trim(), 'the pinned log key');
    if (!/^[0-9a-f]{8}$/.test(id) || raw.length !== 33 || raw[0] !== 1) fail('the pinned log key is not an Ed25519 verifier key');
    const publicKey = raw.slice(1);
    const keyId = (await sha256(concat(encoder.encode(name), Uint8Array.of(0x0a, 0x01), publicKey))).slice(0, 4);
    if (hex(keyId) !== id) fail('the pinned log key\'s id does not match its key');
    return { name, keyId, key: await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']) };
  }

  /** Opens a signed note (text, blank line, lines "— name base64(key id ‖ signature)") and parses its checkpoint. */
  async function openCheckpoint(note, key) {
    if (typeof note !== 'string' || /[\u0000-\u0009\u000b-\u001f]/.test(note)) fail('the checkpoint is not a signed note');
    const split = note.lastIndexOf('\n\n');
    if (split < 0 || !note.endsWith('\n')) fail('the checkpoint is not a signed note');
    const text = note.slice(0, split + 1);
    let signed = false;
    for (const line of note.slice(split + 2, -1).split('\n')) {
      const parts = line.startsWith('\u2014 ') ? line.slice(2).split(' ') : [];
      if (parts.length !== 2 || parts[0] === '') fail('the checkpoint has a malformed signature line');
      const raw = base64(parts[1], 'a checkpoint signature');
      if (parts[0] === key.name && raw.length >= 4 && same(raw.slice(0, 4), key.keyId)) {
        const ok = raw.length === 68 && await crypto.subtle.verify({ name: 'Ed25519' }, key.key, raw.slice(4), encoder.encode(text));
        if (!ok) fail('the checkpoint\'s signature by ' + key.name + ' does not verify');
        signed = true;
      }
    }
    if (!signed) fail('the checkpoint is not signed by ' + key.name);
    const lines = text.split('\n');
    if (lines.length < 4 || lines[0] === '' || !/^(0|[1-9][0-9]{0,18})$/.test(lines[1])) fail('the checkpoint is malformed');
    const root = base64(lines[2], 'the checkpoint\'s root hash');
    if (root.length !== 32) fail('the checkpoint\'s root hash is not 32 bytes');
    return { origin: lines[0], size: BigInt(lines[1]), root };
  }

  /** RFC 9162 §2.1.3.2: the inclusion proof of leaf {@code index} leads to the root of a tree of {@code size}. */
  async function verifyInclusion(index, size, leaf, proof, root) {
    if (index < 0n || index >= size) fail('entry ' + index + ' is not in the checkpoint\'s tree of size ' + size);
    let fn = index;
    let sn = size - 1n;
    let r = leaf;
    for (const p of proof) {
      if (p.length !== 32) fail('the inclusion proof of entry ' + index + ' has a hash that is not 32 bytes');
      if (sn === 0n) fail('the inclusion proof of entry ' + index + ' is too long');
      if ((fn & 1n) === 1n || fn === sn) {
        r = await nodeHash(p, r);
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      } else {
        r = await nodeHash(r, p);
      }
      fn >>= 1n;
      sn >>= 1n;
    }
    if (sn !== 0n) fail('the inclusion proof of entry ' + index + ' is too short');
    if (!same(r, root)) fail('the inclusion proof of entry ' + index + ' does not lead to the checkpoint\'s root');
  }

  /** Each step drawn must be what its verified leaf says: event type, time, device and session. */
  function checkStep(step, leaf) {
    const where = 'chain step ' + step.step + ' (entry ' + step.logIndex + ')';
    if (!leaf) fail(where + ' cites an entry that is not in the evidence');
    if (EVENT_OF_STEP[step.step] !== leaf.type) fail(where + ' is a ' + leaf.type + ' event');
    if (Date.parse(step.at) !== Date.parse(leaf.occurredAt)) fail(where + ' says ' + step.at + ', its entry ' + leaf.occurredAt);
    for (const field of ['deviceId', 'sessionId']) {
      if (step[field] !== undefined && step[field] !== leaf[field]) fail(where + ' has another ' + field + ' than its entry');
    }
  }

  /**
   * Verifies a provenance report's evidence against {@code vkey}: the checkpoint's signature, every entry's leaf
   * hash and inclusion proof up to the checkpoint's root, and every chain step against its entry. Never throws.
   */
  async function verifyEvidence(report, vkey) {
    try {
      const key = await verifierKey(vkey);
      const evidence = report && report.evidence;
      if (!evidence || !Array.isArray(evidence.entries) || evidence.entries.length === 0) fail('the report carries no evidence');
      const checkpoint = await openCheckpoint(evidence.checkpoint, key);
      if (!report.asOf || String(report.asOf.treeSize) !== String(checkpoint.size)) fail('the report is not of the checkpoint\'s tree size');
      const leaves = new Map();
      for (const entry of evidence.entries) {
        if (!Number.isSafeInteger(entry.index) || !Array.isArray(entry.inclusionProof)) fail('an evidence entry is malformed');
        const leaf = base64(entry.leaf, 'the leaf of entry ' + entry.index);
        const proof = entry.inclusionProof.map((h) => base64(h, 'the inclusion proof of entry ' + entry.index));
        await verifyInclusion(BigInt(entry.index), checkpoint.size, await leafHash(leaf), proof, checkpoint.root);
        leaves.set(entry.index, JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(leaf)));
      }
      for (const step of report.chain || []) checkStep(step, leaves.get(step.logIndex));
      return { verified: true, text: 'Evidence verified: ' + evidence.entries.length + ' entries in checkpoint of size '
          + checkpoint.size + ' signed by ' + key.name };
    } catch (e) {
      return { verified: false, text: 'Evidence NOT verified: ' + (e instanceof NotVerified ? e.message : 'malformed evidence (' + e.message + ')') };
    }
  }

  function svg(tag, attributes, text) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
    if (text !== undefined) element.textContent = text;
    return element;
  }

  /** The chain on a time axis, one row per step: what happened, on which device, from where. */
  function drawTimeline(container, chain) {
    const width = 900; const left = 20; const right = 20; const row = 46; const top = 20;
    const height = top + row * chain.length + 40;
    const times = chain.map((s) => Date.parse(s.at));
    const start = Math.min(...times); const end = Math.max(...times);
    const span = Math.max(end - start, 1);
    const x = (t) => left + (width - left - right) * (t - start) / span;
    const picture = svg('svg', { id: 'timeline-svg', width, height, viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
    picture.appendChild(svg('title', {}, 'Provenance timeline'));
    const axisY = height - 30;
    picture.appendChild(svg('line', { class: 'axis', x1: left, y1: axisY, x2: width - right, y2: axisY }));
    picture.appendChild(svg('text', { x: left, y: axisY + 18 }, new Date(start).toISOString()));
    picture.appendChild(svg('text', { x: width - right, y: axisY + 18, 'text-anchor': 'end' }, new Date(end).toISOString()));
    chain.forEach((step, i) => {
      const cx = x(times[i]); const cy = top + row * i + 10;
      const place = step.location ? [step.location.city, step.location.region, step.location.country].filter(Boolean).join(', ') : '';
      const group = svg('g', { class: 'chain-step', 'data-step': step.step });
      group.appendChild(svg('line', { class: 'guide', x1: cx, y1: cy, x2: cx, y2: axisY }));
      group.appendChild(svg('circle', { class: 'step step-' + step.step, cx, cy, r: 6 }));
      const anchor = cx > width * 0.6 ? { x: cx - 10, 'text-anchor': 'end' } : { x: cx + 10 };
      group.appendChild(svg('text', { ...anchor, y: cy + 4, class: 'label' }, step.step.replace('_', ' ') + ' — ' + (step.deviceName || step.deviceId || '')));
      group.appendChild(svg('text', { ...anchor, y: cy + 19 }, step.at + (place ? ' — ' + place : '') + (step.ip ? ' (' + step.ip + ')' : '')));
      picture.appendChild(group);
    });
    container.replaceChildren(picture);
  }

  async function showProvenance(section) {
    const status = document.getElementById('evidence-status');
    const response = await fetch('/console/cases/' + encodeURIComponent(section.dataset.caseId) + '/provenance',
      { credentials: 'same-origin', headers: { Accept: 'application/json' }, redirect: 'error' })
      .catch(() => null);
    if (!response || !response.ok) {
      const problem = response ? await response.json().catch(() => ({})) : {};
      status.textContent = 'No provenance report: ' + (problem.detail || (response ? 'HTTP ' + response.status : 'signed out? reload the page'));
      return;
    }
    const report = await response.json();
    document.getElementById('verdict').textContent = (report.verdict && report.verdict.code) + ': ' + (report.verdict && report.verdict.summary);
    document.getElementById('explanation').textContent = report.explanation ? report.explanation.en : '';
    drawTimeline(document.getElementById('timeline'), report.chain || []);
    const result = await verifyEvidence(report, section.dataset.logKey);
    status.textContent = result.text;
    status.className = result.verified ? 'verified' : 'failed';
  }

  document.addEventListener('DOMContentLoaded', () => {
    for (const form of document.querySelectorAll('form[data-confirm]')) {
      form.addEventListener('submit', (event) => {
        if (!window.confirm(form.dataset.confirm)) event.preventDefault();
      });
    }
    const section = document.getElementById('provenance');
    if (section) showProvenance(section);
  });

  return { verifyEvidence };
})();
window.PhotosyncConsole = PhotosyncConsole;
