/**
 * The session token of this window/tab. sessionStorage: it survives a reload but not closing
 * the tab, and is never shared with another tab (another clerk on a shared PC starts clean).
 */
const key = (shell: string) => `daftaryar.session.${shell}`;

export interface SessionStore {
  get(): string | undefined;
  set(token: string | undefined): void;
}

/** A browser that blocks storage throws on merely reading `sessionStorage`; then there is none. */
function defaultStorage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

export function sessionStore(shell: string, storage: Storage | undefined = defaultStorage()): SessionStore {
  let memory: string | undefined;
  return {
    get() {
      try {
        return storage?.getItem(key(shell)) ?? memory;
      } catch {
        return memory;
      }
    },
    set(token) {
      memory = token;
      try {
        if (token) storage?.setItem(key(shell), token);
        else storage?.removeItem(key(shell));
      } catch {
        // storage may be disabled; memory keeps the session for this page's life
      }
    },
  };
}
