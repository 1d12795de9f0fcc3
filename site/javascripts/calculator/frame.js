// The embed page (/embed/, /<code>/embed/) inside another site's <iframe>: it tells the page
// around it how tall it is, so embed.js (the loader on that page) can size the <iframe> to it.
// It only ever sends its height, and it listens to no message: options come in its address
// (language in the path, ?mode=, #c=), read like any other calculator link.

export const HEIGHT_MESSAGE = "lumpsum-calc:height";

export function reportHeight(root) {
  if (window.parent === window) return;
  // The content's own box: the document itself is at least as tall as the <iframe>, so it
  // could never shrink.
  const page = root.closest(".lsc-embed-page") ?? root;
  let last = 0;
  const send = () => {
    const height = Math.ceil(page.getBoundingClientRect().bottom + window.scrollY);
    if (height === last || height <= 0) return;
    last = height;
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, "*"); // a number, nothing else
  };
  new ResizeObserver(send).observe(page);
  window.addEventListener("load", send);
  send();
}
