// The page's texts in its language: the build writes them into the calculator page as JSON
// (from calc/locales/<lang>.toml, the same catalogue the engine and the CLI use).

const element = document.getElementById("lsc-strings");
const strings = element ? JSON.parse(element.textContent) : {};

/** The page's language code (en, ja, vi, …), as the site build set it. */
export const lang = document.getElementById("calculator")?.dataset.lang
  || document.documentElement.lang || "en";

/** `t("ui.js.deadline", {date: "…"})`: the text with its {placeholders} filled in. */
export function t(key, params = {}) {
  const template = strings[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/**
 * The same, but placeholders may be DOM nodes (e.g. a value with data-field): returns the
 * pieces to append, text as strings and nodes as they are, so nothing is parsed as HTML.
 */
export function tNodes(key, params = {}) {
  const template = strings[key] ?? key;
  const pieces = [];
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    pieces.push(template.slice(last, match.index));
    pieces.push(match[1] in params ? params[match[1]] : match[0]);
    last = match.index + match[0].length;
  }
  pieces.push(template.slice(last));
  return pieces.filter((piece) => piece !== "");
}

/** Digits in the language's groups (CLDR): 1,234,567, or 12,34,567 where groups are "3,2". */
function group(digits) {
  const [primary, secondary = primary] = (strings["meta.grouping"] ?? "3").split(",").map(Number);
  if (digits.length <= primary) return digits;
  const groups = [digits.slice(-primary)];
  let head = digits.slice(0, -primary);
  for (; head.length > secondary; head = head.slice(0, -secondary)) groups.unshift(head.slice(-secondary));
  if (head) groups.unshift(head);
  return groups.join(strings["meta.thousands_separator"] ?? ",");
}

/** Whole yen, grouped for the language, with its unit ("1,234 yen", "1.234 yên", "1,234円"). */
export function yen(amount) {
  const sign = amount < 0 ? "−" : "";
  return t("unit.yen", { value: sign + group(String(Math.abs(Math.trunc(amount)))) });
}

/** A decimal string from the engine ("260000.1234", "-12.50"), grouped, never rounded. */
export function decimal(text) {
  const [whole, fraction] = String(text).replace("-", "−").split(".");
  const separator = strings["meta.decimal_separator"] ?? ".";
  return group(whole) + (fraction ? separator + fraction : "");
}

/** The same, with the yen unit. */
export const decimalYen = (text) => t("unit.yen", { value: decimal(text) });

/** An ISO date (2028-03-31) in the language's own form. */
export function day(iso) {
  const [year, month, date] = String(iso).split("-").map(Number);
  const names = (strings["meta.month_names"] ?? "").split(",").map((name) => name.trim());
  return t("meta.date", {
    year, m: month, mm: String(month).padStart(2, "0"), d: date, dd: String(date).padStart(2, "0"),
    month_name: names.length === 12 ? names[month - 1] : month,
  });
}

/** Join a list with the language's separator. */
export const list = (items) => items.join(strings["meta.list_separator"] ?? ", ");
