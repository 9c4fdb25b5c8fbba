import { describe, expect, it } from "vitest";
import type { EngineApi, MessageSink } from "../../api/engine-api.ts";
import { EngineError } from "../../api/errors.ts";
import type { ContainerStatsResponse, ContainerSummary } from "../../api/types.ts";
import { runLine } from "../testing/fake-command-context.ts";
import { endedStream, openStream, type OpenStream } from "../testing/fake-stream.ts";

const ids: Record<string, string> = { web: "4f66ad9a0b2e".padEnd(64, "1"), db: "b7e0c1d2e3f4".padEnd(64, "2") };
type StatsRequest = Parameters<EngineApi["containerStats"]>[0];

function sample(name: string): ContainerStatsResponse {
  return {
    id: ids[name],
    name: `/${name}`,
    read: "2025-01-01T12:00:01Z",
    preread: "2025-01-01T12:00:00Z",
    cpu_stats: { cpu_usage: { total_usage: 2_100_000_000 }, system_cpu_usage: 110_000_000_000, online_cpus: 2 },
    precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 100_000_000_000, online_cpus: 2 },
    memory_stats: { usage: 1_572_864, limit: 134_217_728, stats: { inactive_file: 314_573 } },
    pids_stats: { current: 3 },
    blkio_stats: { io_service_bytes_recursive: null },
    networks: { eth0: { rx_bytes: 1296, tx_bytes: 648 } },
  };
}

const header = "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O        BLOCK I/O   PIDS";
const webRow = "4f66ad9a0b2e   web       2.00%     1.2MiB / 128MiB     0.94%     1.3kB / 648B   0B / 0B     3";
const dbRow = "b7e0c1d2e3f4   db        2.00%     1.2MiB / 128MiB     0.94%     1.3kB / 648B   0B / 0B     3";

/** Containers `web` and `db`; streams stay open until closed. */
function engine(requests: StatsRequest[], streams: OpenStream[] = []): Partial<EngineApi> {
  return {
    async containerList({ all }) {
      const summaries = [{ Id: ids.web }, ...(all ? [{ Id: ids.db }] : [])];
      return summaries as ContainerSummary[];
    },
    async containerStats(request, sink: MessageSink<ContainerStatsResponse>) {
      requests.push(request);
      const name = Object.keys(ids).find((key) => key === request.id || ids[key] === request.id);
      if (!name) throw new EngineError("not-found", `No such container: ${request.id}`);
      sink.report(sample(name));
      if (!request.stream) return endedStream();
      const stream = openStream();
      streams.push(stream);
      return stream;
    },
  };
}

describe("docker stats", () => {
  it("prints one table with --no-stream", async () => {
    const requests: StatsRequest[] = [];
    expect(await runLine("docker stats --no-stream web db", engine(requests))).toEqual({
      code: 0,
      stdout: `${header}\n${webRow}\n${dbRow}\n`,
      stderr: "",
    });
    expect(requests).toEqual([
      { id: "web", stream: false },
      { id: "db", stream: false },
    ]);
  });

  it("lists the running containers when none is named, all of them with -a", async () => {
    expect((await runLine("docker stats --no-stream", engine([]))).stdout).toBe(`${header}\n${webRow}\n`);
    expect((await runLine("docker container stats --no-stream -a", engine([]))).stdout).toBe(`${header}\n${webRow}\n${dbRow}\n`);
  });

  it("formats with a template", async () => {
    const { stdout } = await runLine("docker stats --no-stream --no-trunc --format '{{.Container}}: {{.ID}} {{.CPUPerc}}' web", engine([]));
    expect(stdout).toBe(`web: ${ids.web} 2.00%\n`);
    expect((await runLine("docker stats --no-stream --format 'table {{.Name}}\\t{{.MemPerc}}' web", engine([]))).stdout).toBe(
      "NAME      MEM %\nweb       0.94%\n",
    );
    expect((await runLine("docker stats --no-stream --format json web", engine([]))).stdout).toBe(
      '{"BlockIO":"0B / 0B","CPUPerc":"2.00%","Container":"web","ID":"4f66ad9a0b2e","MemPerc":"0.94%","MemUsage":"1.2MiB / 128MiB","Name":"web","NetIO":"1.3kB / 648B","PIDs":"3"}\n',
    );
  });

  it("fails for a container it cannot read", async () => {
    expect(await runLine("docker stats --no-stream web nope", engine([]))).toEqual({
      code: 1,
      stdout: "",
      stderr: "Error response from daemon: No such container: nope\n",
    });
  });

  it("refuses a template it cannot parse", async () => {
    expect(await runLine("docker stats --format '{{.Name' web", engine([]))).toEqual({
      code: 1,
      stdout: "",
      stderr: "template parsing error: template: :1: unclosed action\n",
    });
  });

  it("redraws the table in place while streaming, until Ctrl-C hangs up", async () => {
    const requests: StatsRequest[] = [];
    const streams: OpenStream[] = [];
    const { code, stdout } = await runLine("docker stats web", engine(requests, streams), { input: "\x03" });
    expect(code).toBe(130);
    expect(requests).toEqual([{ id: "web", stream: true }]);
    expect(streams.map((stream) => stream.closed)).toEqual([true]);
    expect(stdout).toBe(`\x1b[2J\x1b[H${header}\x1b[K\n${webRow}\x1b[K\n\x1b[K\n\x1b[J`);
  });
});
