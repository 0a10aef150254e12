// Recompute a published poll in the browser: the hash chain and the counts, from the list alone.
(function () {
  "use strict";
  const script = document.currentScript;
  const published = JSON.parse(document.getElementById("published-list").textContent);
  const out = document.getElementById("verify-result");
  const details = document.getElementById("verify-details");
  // A scrutineer's confirmation page: the recomputed fingerprint, the form field it fills and the
  // tick that stays disabled until the recount agrees.
  const shownFingerprint = document.getElementById("verify-fingerprint");
  const fingerprintInput = document.querySelector("input[name=fingerprint]");
  const agree = document.querySelector("input[name=agree]");
  if (agree) agree.disabled = true;

  // Same as Python's json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False).
  function canonical(value) {
    if (value === null || typeof value !== "object") return JSON.stringify(value);
    if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
    return "{" + Object.keys(value).sort().map((k) => JSON.stringify(k) + ":" + canonical(value[k])).join(",") + "}";
  }
  // The same as chuangxian.voting.tally.fingerprint: the first 16 hex digits, upper case, by four.
  function fingerprint(hash) {
    const digits = hash.trim().toUpperCase().slice(0, 16);
    return (digits.match(/.{1,4}/g) || []).join("-");
  }
  async function sha256(text) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest)).map((b) => b.toString(16).padStart(2, "0")).join("");
  }
  function count(definition, ballots, paper) {
    const questions = definition.questions.map((q) => {
      const row = { number: q.number, text: q.text, method: q.method, seats: q.seats };
      if (q.method === "yes_no") Object.assign(row, { yes: 0, no: 0, abstain: 0 });
      else row.options = q.options.map((o) => ({ number: o.number, label: o.label, yes: 0, no: 0 }));
      return row;
    });
    const byNumber = new Map(questions.map((q) => [q.number, q]));
    let blank = 0;
    for (const ballot of ballots) {
      if (ballot.kind === "blank") blank += 1;
      for (const [number, option, mark] of ballot.marks) {
        const q = byNumber.get(number);
        if (q.method === "yes_no") q[mark] += 1;
        else q.options[option - 1][mark] += 1;
      }
    }
    let paperBallots = 0, paperBlank = 0, paperInvalid = 0;
    if (paper) {
      paperBallots = paper.ballots; paperBlank = paper.blank || 0; paperInvalid = paper.invalid || 0;
      for (const pq of paper.questions || []) {
        const q = byNumber.get(pq.number);
        if (q.method === "yes_no") { q.yes += pq.yes || 0; q.no += pq.no || 0; q.abstain += pq.abstain || 0; }
        else for (const po of pq.options || []) { q.options[po.number - 1].yes += po.yes || 0; q.options[po.number - 1].no += po.no || 0; }
      }
    }
    return {
      online: ballots.length, paper: paperBallots, turnout: ballots.length + paperBallots,
      blank: blank + paperBlank, invalid: paperInvalid, questions: questions,
    };
  }
  async function verify() {
    const problems = [];
    let previous = await sha256(canonical(published.definition));
    const receipts = published.ballots.map((b) => b.receipt);
    if (canonical(receipts) !== canonical([...receipts].sort())) problems.push("receipt order");
    for (const ballot of published.ballots) {
      previous = await sha256(previous + canonical({ receipt: ballot.receipt, kind: ballot.kind, marks: ballot.marks }));
      if (ballot.hash !== previous) { problems.push("hash " + ballot.receipt); break; }
    }
    if (previous !== published.final_hash) problems.push("final hash");
    const counted = count(published.definition, published.ballots, published.paper);
    if (canonical(counted) !== canonical(published.counts)) problems.push("counts");
    // A sealed poll: one published tracker for every ballot sealed into the box, as many as opened.
    const trackers = published.sealed ? (published.trackers || []).length : null;
    if (trackers !== null && trackers !== published.ballots.length) problems.push("trackers");
    const items = [
      "ballots: " + published.ballots.length + " + paper " + counted.paper,
      "final hash: " + previous,
    ];
    if (trackers !== null) items.push("trackers: " + trackers);
    for (const text of items) { const li = document.createElement("li"); li.textContent = text; details.appendChild(li); }
    out.className = "alert " + (problems.length ? "alert-danger" : "alert-success");
    out.textContent = problems.length ? script.dataset.bad + problems.join(", ") : script.dataset.ok;
    out.dataset.state = problems.length ? "bad" : "ok";
    if (shownFingerprint) shownFingerprint.textContent = fingerprint(previous);
    if (fingerprintInput) fingerprintInput.value = fingerprint(previous);
    if (agree) agree.disabled = problems.length > 0;
  }
  verify();
})();
