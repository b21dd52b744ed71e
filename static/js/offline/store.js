// The phone's own storage (IndexedDB) for what waits to be sent: one record per queued
// report, keyed by its idempotency key, and a few settings (who is signed in).
const DB_NAME = "tracker-offline";
const OUTBOX = "outbox";
const META = "meta";

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(OUTBOX, { keyPath: "key" });
      request.result.createObjectStore(META);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(store, mode, action) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(store, mode);
      const request = action(transaction.objectStore(store));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

export const entries = () => run(OUTBOX, "readonly", (s) => s.getAll());
export const entry = (key) => run(OUTBOX, "readonly", (s) => s.get(key));
export const save = (record) => run(OUTBOX, "readwrite", (s) => s.put(record));
export const remove = (key) => run(OUTBOX, "readwrite", (s) => s.delete(key));
export const setting = (name) => run(META, "readonly", (s) => s.get(name));
export const remember = (name, value) => run(META, "readwrite", (s) => s.put(value, name));
