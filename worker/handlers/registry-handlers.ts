// The operations that write to registries or keep logins for them: Docker's SystemAuth (a login
// checked, as the real CLI asks for it) and ImagePush, and berth's own login and logout, with which
// the page's CLI leaves its logins to the engine.

import type { EngineApi } from "../../src/api/engine-api.ts";
import { EngineError } from "../../src/api/errors.ts";
import type { AuthConfig } from "../../src/api/types.ts";
import { pushImage, type PushDependencies } from "../images/push-image.ts";
import { DEFAULT_DOMAIN } from "../images/reference.ts";
import type { CredentialStore } from "../remotes/credential-store.ts";
import { serverHost, type RegistryCredentials } from "../remotes/registry-credentials.ts";
import type { RegistryClient } from "../remotes/registry-client.ts";
import { EngineStream } from "../streams/stream-connection.ts";

export type RegistryOperationName = "systemAuth" | "registryLogin" | "registryLogout" | "imagePush";

export interface RegistryHandlerDependencies {
  started(): Promise<unknown>;
  registry: Pick<RegistryClient, "checkLogin">;
  logins: CredentialStore;
  push: PushDependencies;
}

const loginSucceeded = { Status: "Login Succeeded", IdentityToken: "" };

export function registryHandlers(deps: RegistryHandlerDependencies): Pick<EngineApi, RegistryOperationName> {
  const checked = async (body: AuthConfig | undefined): Promise<[string, RegistryCredentials]> => {
    const domain = registryOf(body?.serveraddress);
    const credentials = { username: body?.username ?? "", password: body?.password ?? "" };
    if (credentials.username === "") throw new EngineError("invalid", "Username is required");
    if (credentials.password === "") throw new EngineError("invalid", "Password is required");
    await deps.registry.checkLogin(domain, credentials);
    return [domain, credentials];
  };
  return {
    async systemAuth({ body }) {
      await checked(body);
      return loginSucceeded;
    },
    async registryLogin({ body }) {
      const [domain, credentials] = await checked(body);
      await deps.logins.save(domain, credentials);
      return loginSucceeded;
    },
    async registryLogout({ body }) {
      const domain = registryOf(body?.serveraddress);
      return { ServerAddress: domain, Removed: await deps.logins.forget(domain) };
    },
    async imagePush({ name, tag, registryAuth }, sink) {
      await deps.started();
      const stream = new EngineStream();
      pushImage(deps.push, { name, tag, registryAuth }, sink).then(
        () => stream.end(),
        (error: unknown) => stream.fail(error),
      );
      return stream;
    },
  };
}

/** The registry a login is for: the default one when none is named. */
function registryOf(serverAddress: string | undefined): string {
  if (serverAddress === undefined || serverAddress.trim() === "") return DEFAULT_DOMAIN;
  const host = serverHost(serverAddress.trim());
  if (host === "" || /[\s@]/.test(host)) throw new EngineError("invalid", `invalid registry address: ${serverAddress}`);
  return host;
}
