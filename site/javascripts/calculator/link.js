// Deep links: /calculator/#c=<base64url of the Claim JSON>, the same JSON the engine reads.

const PREFIX = "#c=";

function toBase64Url(text) {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(code) {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(code)) throw new Error("not base64url");
  const base64 = code.replace(/=+$/, "").replaceAll("-", "+").replaceAll("_", "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/**
 * The claim in the current URL's fragment:
 * `{claim}` when there is a readable one, `{error}` when there is an unreadable one,
 * `{}` when the fragment holds no claim at all.
 */
export function readClaimFromUrl(hash = location.hash) {
  if (!hash.startsWith(PREFIX)) return {};
  try {
    const claim = JSON.parse(fromBase64Url(hash.slice(PREFIX.length)));
    if (claim === null || typeof claim !== "object" || Array.isArray(claim)) throw new Error("not an object");
    return { claim };
  } catch {
    return { error: true };
  }
}

/** Keep the fragment in step with the form, without adding history entries. */
export function writeClaimToUrl(claim) {
  const hash = linkFragment(claim);
  if (location.hash !== hash) history.replaceState(history.state, "", hash);
}

/** "#c=…" for a claim. */
export function linkFragment(claim) {
  return PREFIX + toBase64Url(JSON.stringify(claim));
}

/** The full address that opens `page` (a URL) filled in with `claim`. */
export function linkFor(claim, page) {
  const url = new URL(page);
  url.hash = linkFragment(claim);
  return url.href;
}
