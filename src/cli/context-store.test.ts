import { describe, expect, it } from "vitest";
import { contextNameError, contextStorageKey, ContextStore } from "./context-store.ts";
import { memoryStorage } from "./testing/fake-command-context.ts";

describe("ContextStore", () => {
  it("keeps contexts and the current name in one stored document", () => {
    const storage = memoryStorage();
    const store = new ContextStore(storage);
    expect(store.currentName).toBe("default");
    store.add({ name: "remote", description: "", host: "tcp://127.0.0.1:2380", token: "t" });
    store.use("remote");
    expect(JSON.parse(storage.getItem(contextStorageKey)!)).toEqual({ currentContext: "remote", contexts: [{ name: "remote", description: "", host: "tcp://127.0.0.1:2380", token: "t" }] });
    expect(new ContextStore(storage).get("remote").host).toBe("tcp://127.0.0.1:2380");
    store.use("default");
    expect(JSON.parse(storage.getItem(contextStorageKey)!).currentContext).toBe("");
  });

  it("makes default current again when the current context is removed", () => {
    const store = new ContextStore(memoryStorage());
    store.add({ name: "remote", description: "", host: "tcp://h:1" });
    store.use("remote");
    store.remove("remote");
    expect(store.currentName).toBe("default");
    expect(() => store.get("remote")).toThrow('context "remote": context not found');
  });

  it("reads unreadable storage as nothing stored", () => {
    const storage = memoryStorage();
    storage.setItem(contextStorageKey, "{not json");
    expect(new ContextStore(storage).list()).toEqual([]);
  });

  it("checks names as Docker does", () => {
    expect(contextNameError("my-daemon.1")).toBeUndefined();
    expect(contextNameError("")).toBe("context name cannot be empty");
    expect(contextNameError("-x")).toMatch(/is invalid/);
  });
});
