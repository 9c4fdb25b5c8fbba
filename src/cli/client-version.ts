// What `docker version` and `docker info` say about the client side: this terminal's CLI.

export interface ClientVersion {
  platformName: string;
  version: string;
  /** The Docker Engine API version whose shapes the client speaks. */
  apiVersion: string;
  context: string;
}

export const berthClient: ClientVersion = {
  platformName: "berth",
  version: "0.1.0",
  apiVersion: "1.50",
  context: "default",
};
