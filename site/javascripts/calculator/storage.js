// Whether Python can start on this page at all. PyScript needs IndexedDB, and browsers that
// block third-party storage deny it to the embed inside another site's page. Asked by main.js
// (to show the embed's fallback) and by assets/calc_start.js (to not start Python there).

let answer = null;

/** Resolves to true when this page may not use IndexedDB (asked once per page). */
export function storageBlocked() {
  answer ??= new Promise((resolve) => {
    try {
      const request = indexedDB.open("lumpsum-storage-check");
      request.onsuccess = () => {
        request.result.close();
        indexedDB.deleteDatabase("lumpsum-storage-check");
        resolve(false);
      };
      request.onerror = () => resolve(true);
    } catch {
      resolve(true);
    }
  });
  return answer;
}
