// A throwaway certificate authority with a server certificate (for 127.0.0.1 unless another name or
// address is given) and a client certificate, made with openssl, as dockerd's mutual TLS docs describe.

import { execFileSync } from "node:child_process";
import { isIP } from "node:net";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface TlsCertificates {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

export function makeCertificates(directory: string, serverName = "127.0.0.1"): TlsCertificates {
  const path = (name: string) => join(directory, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=berth test CA", "-keyout", path("ca-key.pem"), "-out", path("ca.pem"));
  const issue = (name: string, subject: string, extensions: string) => {
    writeFileSync(path(`${name}.ext`), extensions);
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", path(`${name}-key.pem`), "-out", path(`${name}.csr`));
    openssl("x509", "-req", "-in", path(`${name}.csr`), "-CA", path("ca.pem"), "-CAkey", path("ca-key.pem"), "-CAcreateserial", "-days", "1", "-extfile", path(`${name}.ext`), "-out", path(`${name}.pem`));
  };
  const alternativeName = `${isIP(serverName) ? "IP" : "DNS"}:${serverName}`;
  issue("server", `/CN=${serverName}`, `subjectAltName=${alternativeName}\nextendedKeyUsage=serverAuth\n`);
  issue("client", "/CN=client", "extendedKeyUsage=clientAuth\n");
  return { ca: path("ca.pem"), serverCert: path("server.pem"), serverKey: path("server-key.pem"), clientCert: path("client.pem"), clientKey: path("client-key.pem") };
}
