// The docker contexts the page knows, as Docker's CLI keeps them in ~/.docker: each a name, a
// description and its daemon's address (plus berth's bearer token), and the name of the current
// one. They live as one JSON document in a key-value storage (the page's localStorage). The
// context "default", the engine in this tab, is implied and never stored.

export const defaultContextName = "default";

export interface StoredContext {
  name: string;
  description: string;
  /** As the user wrote it: tcp://, http:// or https://. */
  host: string;
  /** berth's addition: the bearer token the daemon printed, for a page the daemon admits. */
  token?: string;
}

/** The part of the Web Storage API the store uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

interface StoredDocument {
  /** "" for the default context, as Docker's config.json has it. */
  currentContext: string;
  contexts: StoredContext[];
}

export const contextStorageKey = "berth.docker.contexts";

export class ContextNotFoundError extends Error {
  constructor(name: string) {
    super(`context "${name}": context not found`);
  }
}

export class ContextStore {
  constructor(private readonly storage: KeyValueStorage) {}

  list(): StoredContext[] {
    return this.#read().contexts;
  }

  /** Throws ContextNotFoundError. */
  get(name: string): StoredContext {
    const context = this.list().find((candidate) => candidate.name === name);
    if (!context) throw new ContextNotFoundError(name);
    return context;
  }

  has(name: string): boolean {
    return this.list().some((context) => context.name === name);
  }

  add(context: StoredContext): void {
    const document = this.#read();
    this.#write({ ...document, contexts: [...document.contexts, context] });
  }

  /** Removes the context; if it was the current one, "default" becomes current. */
  remove(name: string): void {
    const document = this.#read();
    this.#write({
      currentContext: document.currentContext === name ? "" : document.currentContext,
      contexts: document.contexts.filter((context) => context.name !== name),
    });
  }

  get currentName(): string {
    return this.#read().currentContext || defaultContextName;
  }

  use(name: string): void {
    this.#write({ ...this.#read(), currentContext: name === defaultContextName ? "" : name });
  }

  /** What is stored; anything unreadable counts as nothing stored. */
  #read(): StoredDocument {
    try {
      const parsed = JSON.parse(this.storage.getItem(contextStorageKey) ?? "null") as Partial<StoredDocument> | null;
      return { currentContext: parsed?.currentContext ?? "", contexts: Array.isArray(parsed?.contexts) ? parsed.contexts : [] };
    } catch {
      return { currentContext: "", contexts: [] };
    }
  }

  #write(document: StoredDocument): void {
    this.storage.setItem(contextStorageKey, JSON.stringify(document));
  }
}

const validName = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$/;

/** Docker's rule for a context's name; the reason it is refused, if it is. */
export function contextNameError(name: string): string | undefined {
  if (name === "") return "context name cannot be empty";
  if (name === defaultContextName) return `"default" is a reserved context name`;
  if (!validName.test(name)) return `context name "${name}" is invalid, names are validated against regexp "^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"`;
  return undefined;
}
