// Renders the engine's Estimate (or its errors) into #result. Values are shown exactly as the
// engine returned them, only formatted; every value node carries data-field (its Estimate key)
// and data-value (the raw value). Text goes in with textContent only, never as HTML.

import { day, decimalYen, t, tNodes, yen } from "./strings.js";

/** `h("p", {class: "x"}, "text", child)`: a small element builder that never parses HTML. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) element.setAttribute(name, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== undefined && child !== null && child !== false) element.append(child);
  }
  return element;
}


/** A value node: formatted text, raw value in data-value, Estimate key in data-field. */
function value(field, raw, text = String(raw), tag = "span") {
  return h(tag, { "data-field": field, "data-value": String(raw) }, text);
}

/** Only http(s) URLs become links (named by their site); the rest stays plain text. */
function reference(text) {
  if (!text) return null;
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    const site = new URL(match[0]).hostname.replace(/^www\./, "");
    parts.push(h("a", { href: match[0], rel: "noopener noreferrer", target: "_blank" }, site));
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return h("span", { class: "lsc-ref" }, parts);
}

function amountsTable(e) {
  const np = e.national_pension;
  const epi = e.employees_pension;
  const row = (label, cell, note, cls) => h("tr", { class: cls }, h("th", { scope: "row" }, label, note ? h("small", {}, note) : null), h("td", {}, cell));
  // A range whose ends are equal reads as one amount; the hidden end still carries its value.
  const range = (field, r) => {
    const high = value(`${field}.high`, r.high, yen(r.high));
    if (r.low !== r.high) return [value(`${field}.low`, r.low, yen(r.low)), " – ", high];
    high.hidden = true;
    return [value(`${field}.low`, r.low, yen(r.low)), high];
  };
  const reasons = (list) => (list?.length ? list.map((r) => r.message).join(" ") : null);
  return h("table", { class: "lsc-amounts" },
    h("caption", { class: "lsc-visually-hidden" }, t("ui.js.amounts")),
    h("tbody", {},
      row(t("ui.js.np_amount"), value("national_pension.amount", np.amount, yen(np.amount)), reasons(np.reasons)),
      row(t("ui.js.epi_amount"), value("employees_pension.amount", epi.amount, yen(epi.amount)), reasons(epi.reasons)),
      row(t("ui.js.withheld"), h("span", { class: "lsc-nowrap" }, "− ", value("employees_pension.withholding_tax", epi.withholding_tax, yen(epi.withholding_tax))),
        epi.withholding_rate ? t("ui.js.withheld_note", { rate: epi.withholding_rate }) : null),
      row(t("ui.js.epi_paid"), value("employees_pension.amount_after_withholding", epi.amount_after_withholding, yen(epi.amount_after_withholding))),
      row(t("ui.js.total"), value("total_received", e.total_received, yen(e.total_received)), null, "lsc-amounts__total"),
      row(t("ui.js.refund"), range("employees_pension.tax_refund", epi.tax_refund),
        t("ui.js.refund_note")),
      e.total_with_refund ? row(t("ui.js.total_with_refund"), range("total_with_refund", e.total_with_refund)) : null,
    ),
  );
}

function keyFigures(e) {
  const np = e.national_pension;
  const epi = e.employees_pension;
  const item = (label, node) => [h("dt", {}, label), h("dd", {}, node)];
  const items = [
    item(t("ui.js.epi_months"), value("employees_pension.insured_months", epi.insured_months)),
    epi.average_standard_remuneration !== null && epi.average_standard_remuneration !== undefined
      ? item(t("ui.js.average"), value("employees_pension.average_standard_remuneration", epi.average_standard_remuneration, decimalYen(epi.average_standard_remuneration)))
      : null,
    epi.payment_rate ? item(t("ui.js.payment_rate"), value("employees_pension.payment_rate", epi.payment_rate)) : null,
    item(t("ui.js.np_months"), value("national_pension.counted_months", np.counted_months)),
    np.multiplier !== null && np.multiplier !== undefined ? item(t("ui.js.np_multiplier"), value("national_pension.multiplier", np.multiplier)) : null,
  ];
  return h("dl", { class: "lsc-figures" }, items.filter(Boolean).flat());
}

function eligibility(e) {
  return h("div", { class: `lsc-verdict lsc-verdict--${e.eligible ? "yes" : "no"}` },
    h("p", {}, value("eligible", e.eligible,
      e.eligible ? t("ui.js.eligible_yes") : t("ui.js.eligible_no"), "strong")),
    e.reasons?.length ? h("ul", {}, e.reasons.map((r) => h("li", { "data-code": r.code }, r.message))) : null,
    h("p", { class: "lsc-deadline" },
      e.claim_deadline
        ? tNodes("ui.js.deadline", { date: value("claim_deadline", e.claim_deadline, day(e.claim_deadline), "time") })
        : value("claim_deadline", "", t("ui.js.no_deadline"))),
  );
}

function warnings(e) {
  const list = [...(e.what_if_96_month_cap ? [{ code: "what_if", message: t("ui.js.what_if_note") }] : []), ...(e.warnings ?? [])];
  if (!list.length) return null;
  return h("div", { class: "lsc-warnings" }, list.map((w) =>
    h("div", { class: "admonition warning", "data-code": w.code },
      h("p", { class: "admonition-title" }, t("ui.js.important")),
      h("p", {}, w.message, " ", reference(w.reference)))));
}

/** "Claim now, or keep the months?": the engine's neutral comparison, never advice. */
function decision(e) {
  const d = e.decision;
  if (!d || (!e.national_pension.amount_if_eligible && !e.employees_pension.amount_if_eligible)) return null;
  const p = d.pension;
  const rows = [
    [t("ui.js.decision_lump_sum_now"), value("decision.lump_sum_now", d.lump_sum_now, yen(d.lump_sum_now))],
    d.lump_sum_if_96_month_cap !== null && d.lump_sum_if_96_month_cap !== undefined
      ? [t("ui.js.decision_lump_sum_96"), value("decision.lump_sum_if_96_month_cap", d.lump_sum_if_96_month_cap, yen(d.lump_sum_if_96_month_cap))]
      : null,
    Number(d.months_forfeited_national_pension) > 0 || d.months_forfeited_employees_pension > 0
      ? [t("ui.js.decision_forfeited"), value("decision.months_forfeited_employees_pension",
        d.months_forfeited_employees_pension, String(Math.max(Number(d.months_forfeited_national_pension), d.months_forfeited_employees_pension)))]
      : null,
    [t("ui.js.decision_pension", { age: p.from_age, months: p.qualifying_months }),
      value("decision.pension.yearly_total", p.yearly_total, yen(p.yearly_total))],
  ].filter(Boolean);
  return h("section", { class: "lsc-decision", "aria-labelledby": "lsc-decision-title" },
    h("h3", { id: "lsc-decision-title" }, t("ui.js.decision_title")),
    h("dl", { class: "lsc-figures" }, rows.map(([label, node]) => [h("dt", {}, label), h("dd", {}, node)])),
    h("p", {}, p.months_to_qualify > 0
      ? t("ui.js.decision_covered", { covered: p.covered_months, missing: p.months_to_qualify })
      : t("ui.js.decision_qualified", { months: p.qualifying_months })),
    p.years_to_exceed_lump_sum
      ? h("p", {}, tNodes("ui.js.decision_passes", {
        years: value("decision.pension.years_to_exceed_lump_sum", p.years_to_exceed_lump_sum),
      }))
      : null,
    d.totalization_country ? h("p", {}, t("ui.js.decision_totalization", { country: d.totalization_country })) : null,
    h("details", {},
      h("summary", {}, t("ui.js.decision_assumptions")),
      h("ul", {}, d.assumptions.map((a) => h("li", { "data-code": a.code }, a.message)))),
    h("p", { class: "lsc-decision__note" }, t("ui.js.decision_not_advice")),
  );
}

function steps(e) {
  if (!e.steps?.length) return null;
  const bySection = new Map();
  for (const step of e.steps) {
    if (!bySection.has(step.section)) bySection.set(step.section, []);
    bySection.get(step.section).push(step);
  }
  return h("details", { class: "lsc-steps" },
    h("summary", {}, t("ui.js.steps_summary", { count: e.steps.length })),
    [...bySection].map(([section, list]) => [
      h("h3", {}, t(`ui.js.section_${section}`)),
      h("ol", {}, list.map((step) => h("li", { "data-code": step.code },
        h("p", { class: "lsc-step__label" }, step.label),
        step.formula ? h("p", { class: "lsc-step__formula" }, h("code", {}, step.formula)) : null,
        Object.keys(step.values ?? {}).length
          ? h("dl", { class: "lsc-step__values" }, Object.entries(step.values).map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]))
          : null,
        step.result ? h("p", { class: "lsc-step__result" }, t("ui.js.step_result"), " ", h("strong", {}, step.result)) : null,
        step.reference ? h("p", { class: "lsc-step__ref" }, reference(step.reference)) : null,
        sureness(step),
      ))),
    ]),
  );
}

/**
 * How sure a step is: the status of the least sure value it used (when not confirmed) and the
 * readings of the law it relies on, each linked to its entry on the sources page.
 */
function sureness(step) {
  const readings = step.interpretations ?? [];
  if ((step.status ?? "confirmed") === "confirmed" && !readings.length) return null;
  return h("p", { class: "lsc-step__sure" },
    step.status && step.status !== "confirmed"
      ? h("span", { class: "lsc-status", "data-status": step.status }, t(`value_status.${step.status}`))
      : null,
    readings.length ? [t("ui.js.step_readings"), " ", readings.map((id, i) => [
      i ? ", " : "",
      h("a", { href: `../sources/#${id.replaceAll("_", "-")}`, "data-interpretation": id },
        t(`interpretation.${id}.title`)),
    ])] : null);
}

function verified(e) {
  const v = e.versions;
  return h("p", { class: "lsc-verified" }, tNodes("ui.js.verified", {
    date: value("parameters_last_verified", e.parameters_last_verified, day(e.parameters_last_verified), "time"),
  }), v ? [" ", h("span", { class: "lsc-versions", "data-field": "versions", "data-value": `${v.calculator} ${v.data}` },
    t("ui.js.versions", { calculator: v.calculator, data: v.data }))] : null);
}

/**
 * Make `container`'s blocks equal to `blocks`, changing as little of the page as it can: the
 * region is aria-live, so an unchanged part re-inserted would be read out again on every
 * keystroke, and every replaced node must be laid out and painted again. A new salary thus
 * changes a few text nodes, not the whole list of steps.
 */
function patch(container, blocks) {
  const old = [...container.children];
  blocks.forEach((block, i) => {
    if (old[i]) morph(old[i], block);
    else container.append(block);
  });
  for (const extra of old.slice(blocks.length)) extra.remove();
}

/** Turn the live node `from` into a copy of `to` (a node just built, never shown). */
function morph(from, to) {
  if (from.isEqualNode(to)) return;
  const sameKind = from.nodeType === to.nodeType && from.nodeName === to.nodeName;
  if (sameKind && from.nodeType === Node.TEXT_NODE) {
    from.nodeValue = to.nodeValue;
    return;
  }
  if (!sameKind || from.nodeType !== Node.ELEMENT_NODE) {
    from.replaceWith(to);
    return;
  }
  for (const { name } of [...from.attributes]) {
    // a <details> keeps the open state the reader (or printing) gave it
    if (!to.hasAttribute(name) && !(name === "open" && from.localName === "details")) {
      from.removeAttribute(name);
    }
  }
  for (const { name, value } of [...to.attributes]) {
    if (from.getAttribute(name) !== value) from.setAttribute(name, value);
  }
  const current = [...from.childNodes];
  const wanted = [...to.childNodes];
  wanted.forEach((child, i) => {
    if (current[i]) morph(current[i], child);
    else from.append(child);
  });
  for (const extra of current.slice(wanted.length)) extra.remove();
}

export class ResultView {
  constructor(region) {
    this.region = region;
    this.message = region.querySelector("#result-message");
    this.errors = region.querySelector("#result-errors");
    this.body = region.querySelector("#result-body");
  }

  loading(text) {
    if (this.region.dataset.state !== "loading" || this.message.textContent === text) return;
    this.message.textContent = text;
  }

  failed(text) {
    this.region.dataset.state = "error";
    this.message.hidden = false;
    this.message.textContent = text;
    this.body.hidden = true;
    this.errors.hidden = true;
  }

  estimate(e) {
    this.region.dataset.state = "ready";
    this.message.hidden = true;
    this.errors.hidden = true;
    this.errors.replaceChildren();
    const blocks = [eligibility(e), amountsTable(e), keyFigures(e), decision(e), warnings(e), steps(e), verified(e)]
      .filter(Boolean);
    // Keep the steps (and the assumptions) open if the reader, or printing, opened them.
    const open = [...this.body.querySelectorAll("details")].map((details) => details.open);
    patch(this.body, blocks);
    this.body.querySelectorAll("details").forEach((details, i) => {
      if (open[i]) details.open = true;
    });
    this.body.hidden = false;
  }

  /** `shown`: errors marked on the form (or claim-wide); `pending`: untouched fields. */
  problems(shown, pending) {
    this.region.dataset.state = "error";
    this.body.hidden = true; // stale amounts next to an error would mislead
    this.message.hidden = false;
    if (shown.length) {
      this.message.textContent = t("ui.js.check_answers");
    } else {
      const needed = [...new Set(pending.map((p) => p.describe).filter(Boolean))];
      this.message.textContent = needed.length
        ? t("ui.js.fill_in", { fields: needed.join("; ") })
        : t("ui.js.fill_form");
    }
    this.errors.replaceChildren(...shown.map((error) => h("li", { "data-field": error.field, "data-code": error.code },
      error.describe ? [error.element ? this.#jump(error) : h("strong", {}, error.describe), ": "] : null,
      error.message)));
    this.errors.hidden = shown.length === 0;
  }

  #jump(error) {
    const button = h("button", { type: "button", class: "lsc-jump" }, error.describe);
    button.addEventListener("click", () => {
      const target = error.element.matches("input, select") ? error.element : error.element.querySelector("input, select");
      target?.focus();
    });
    return button;
  }
}
