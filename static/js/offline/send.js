// Sends queued reports, oldest first, one at a time (a lock shared by the pages and the
// service worker), and tells what became of each. The server records a report once per
// idempotency key, so a report sent twice (a lost answer, two senders) is recorded once.
import { entries, entry, remove, save } from "./store.js";

// What the server's answer means for a queued report.
export const SAVED = "saved";
export const CONFLICT = "conflict"; // the task changed meanwhile, or the form was refused
export const SIGN_IN = "sign-in"; // the session ended: kept until the user signs in again
export const WAITING = "waiting"; // no answer (no signal, server error): tried again later

export function formData(record) {
  const data = new FormData();
  for (const [name, value] of record.fields) {
    if (value instanceof Blob) {
      data.append(name, value, value.name || "evidence");
    } else {
      data.append(name, value);
    }
  }
  return data;
}

export function headers(record, csrfToken) {
  return {
    "X-CSRFToken": csrfToken || record.csrf,
    "Idempotency-Key": record.key,
    "HX-Request": "true",
  };
}

// `answer`: {status, url, trigger (HX-Trigger header), html}; null when nothing came back.
export function outcomeOf(answer) {
  if (!answer || answer.status >= 500 || answer.status === 0) {
    return WAITING;
  }
  if (new URL(answer.url, "http://x").pathname.startsWith("/login/")) {
    return SIGN_IN;
  }
  if (answer.status === 200 && (answer.trigger || "").includes("task-changed")) {
    return SAVED;
  }
  return CONFLICT;
}

// Send every waiting report of `user` through `transport(record) -> answer`, then call
// `done(record, outcome, answer)`. Conflicts stay queued (state "conflict") until the task
// page shows them to the user, unless `done` returns true (it has shown them).
export async function flush({ user, transport, done, includeConflicts = () => false }) {
  const send = async () => {
    const queued = (await entries()).filter((r) => r.user === user);
    queued.sort((a, b) => a.createdAt - b.createdAt);
    for (const queuedRecord of queued) {
      const record = await entry(queuedRecord.key); // another sender may have sent it
      if (!record || (record.state === CONFLICT && !includeConflicts(record))) {
        continue;
      }
      let answer = null;
      try {
        answer = await transport(record);
      } catch {
        answer = null;
      }
      const outcome = outcomeOf(answer);
      const shown = done ? await done(record, outcome, answer) : false;
      if (outcome === SAVED || (outcome === CONFLICT && shown)) {
        await remove(record.key);
      } else if (outcome === WAITING) {
        break; // still no signal: the rest waits too
      } else {
        await save({ ...record, state: outcome });
      }
    }
  };
  if (navigator.locks) {
    return navigator.locks.request("tracker-outbox", send);
  }
  return send();
}
