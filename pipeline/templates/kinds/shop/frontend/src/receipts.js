// The receipts of the orders placed in this browser: each order token reads its order alone.
// Without storage (a sandboxed preview) they last as long as the page.
const RECEIPTS_KEY = 'shop-receipts';
let inMemory = [];

export function savedReceipts() {
  try { return JSON.parse(localStorage.getItem(RECEIPTS_KEY)) ?? []; } catch { return inMemory; }
}

export function keepReceipt(token) {
  const kept = [token, ...savedReceipts().filter((t) => t !== token)].slice(0, 50);
  inMemory = kept;
  try { localStorage.setItem(RECEIPTS_KEY, JSON.stringify(kept)); } catch { /* memory only */ }
}
