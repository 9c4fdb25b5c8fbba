// The conformance suite of the engine's login store (CredentialStore) over any RecordStore backend:
// logins survive a reload, a logout is kept, and a login is found only for its own registry.

import type { CredentialStore } from "../../worker/remotes/credential-store.ts";
import { assertDeepEqual, assertEqual } from "./assert.ts";
import type { ConformanceCase } from "./conformance.ts";

const ada = { username: "ada", password: "s3cret: with \"quotes\" and ünïcödé ✓" };
const bob = { username: "bob", password: "token-1" };

export function credentialStoreCases(): ConformanceCase<CredentialStore>[] {
  return [
    {
      name: "starts with no login",
      async run(open) {
        assertEqual(await (await open()).get("127.0.0.1:5000"), undefined, "a login in a new store");
      },
    },
    {
      name: "keeps a login across a reload",
      async run(open) {
        await (await open()).save("127.0.0.1:5000", ada);
        assertDeepEqual(await (await open()).get("127.0.0.1:5000"), ada, "the login after a reload");
      },
    },
    {
      name: "finds a login only for its own registry",
      async run(open) {
        const store = await open();
        await store.save("127.0.0.1:5000", ada);
        assertEqual(await store.get("127.0.0.1:5001"), undefined, "the login for another port");
        assertEqual(await store.get("127.0.0.1"), undefined, "the login for the host without the port");
        assertDeepEqual(await store.get("http://127.0.0.1:5000/"), ada, "the login for the same server spelled as a URL");
      },
    },
    {
      name: "keeps the default registry's login under one name, however it is spelled",
      async run(open) {
        await (await open()).save("index.docker.io", bob);
        assertDeepEqual(await (await open()).get("docker.io"), bob, "the login for the default registry");
      },
    },
    {
      name: "replaces a login with a later one",
      async run(open) {
        const store = await open();
        await store.save("127.0.0.1:5000", ada);
        await store.save("127.0.0.1:5000", bob);
        assertDeepEqual(await (await open()).get("127.0.0.1:5000"), bob, "the second login after a reload");
      },
    },
    {
      name: "forgets a login on logout, also after a reload, and leaves others",
      async run(open) {
        const store = await open();
        await store.save("127.0.0.1:5000", ada);
        await store.save("127.0.0.1:6000", bob);
        assertEqual(await store.forget("127.0.0.1:5000"), true, "logout of a kept login");
        assertEqual(await store.forget("127.0.0.1:5000"), false, "a second logout");
        const reopened = await open();
        assertEqual(await reopened.get("127.0.0.1:5000"), undefined, "the forgotten login after a reload");
        assertDeepEqual(await reopened.get("127.0.0.1:6000"), bob, "the other login after a reload");
      },
    },
  ];
}
