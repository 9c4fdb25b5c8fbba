// Client side of the guest agent protocol: requests with ids and timeouts on the control port,
// agent events (READY, EXIT, ACCEPT), and per-handle stdio on the stdio port (processes, TCP
// connections, DNS datagrams).

import {
  FrameDecoder,
  Op,
  ProtocolError,
  StdioStream,
  decodeControl,
  decodeStdio,
  encodeControl,
  encodeFrame,
  encodeStdio,
  fieldNumber,
  fieldText,
  type ControlField,
  type ControlMessage,
} from "./agent-protocol.ts";
import type { ByteChannel } from "./byte-channel.ts";
import { interfaceLine, networkSetupText, type GuestInterface, type GuestNetworkSetup } from "./network-setup.ts";
import { OutputRoutes, isolate, type ContainerOutputSink } from "./output-routes.ts";

export type { GuestInterface, GuestNetworkSetup } from "./network-setup.ts";
export type { ContainerOutputSink, OutputStreamId } from "./output-routes.ts";

/** The agent answered a request with RESULT "error"; the message is the agent's. */
export class AgentError extends Error {
  override readonly name = "AgentError";

  constructor(
    readonly operation: string,
    /** The agent's own words, without the operation. */
    readonly reason: string,
  ) {
    super(`${operation}: ${reason}`);
  }
}

/** The agent did not answer a request in time. */
export class AgentTimeoutError extends Error {
  override readonly name = "AgentTimeoutError";
}

export interface AgentInfo {
  kernelRelease: string;
  /** As printed by `uname -v`. */
  kernelVersion: string;
  memTotalBytes: number;
  cpus: number;
  runtimeName: string;
  runtimeVersion: string;
  cgroupVersion: string;
}

export interface CreateContainerParams {
  id: string;
  /** Rootfs path below the 9p root, e.g. `images/<hex>/rootfs`. */
  rootfs: string;
  configJson: Uint8Array | string;
  /** The byte range of the engine's disk that holds the writable layer; without one it is on the guest's tmpfs. */
  layerDisk?: LayerDiskRange;
}

export interface LayerDiskRange {
  /** The guest's partition number for it, 1–255, unique among attached disks. */
  partition: number;
  start: number;
  length: number;
  /** Blank: the agent writes the empty filesystem first. */
  blank: boolean;
  /** The most the container may add to its layer (the engine's storage left); without it the whole filesystem. */
  room?: number;
}

export interface StartContainerParams {
  id: string;
  /** Chosen by the caller; identifies the init's stdio frames on the stdio port. */
  handle: number;
  tty: boolean;
  stdinOpen: boolean;
  /**
   * A network namespace at /run/berth/<id>/netns (which config.json must name) with lo up and these
   * interfaces; removed when the init exits. Absent: the agent sets up no network.
   */
  network?: GuestNetworkSetup;
}

/** A file of the bundle that WRITE_FILE may rewrite (the engine bind-mounts them into /etc). */
export type BundleFileLeaf = "hosts" | "hostname" | "resolv.conf";

export interface TcpConnectParams {
  /** The container the connection belongs to (its DELETE resets it). */
  id: string;
  /** Stdio handle of the connection: writeStdin/closeStdin send, attachOutput receives. */
  handle: number;
  /** IPv4 address, e.g. the container's address on a bridge. */
  address: string;
  port: number;
}

/** A container's connection to an egress stand-in address, accepted by the agent (ACCEPT). */
export interface AcceptedConnection {
  /** Picked by the agent (0x80000000 and up): writeStdin/closeStdin/attachOutput/tcpClose as for tcpConnect. */
  handle: number;
  /** The stand-in address the container connected to, e.g. "198.18.0.7". */
  address: string;
  port: number;
  /** The container's address. */
  peer: string;
}

/** A DNS datagram's peer: 4-byte IPv4 address and 2-byte port, network order. */
export const DATAGRAM_PEER_BYTES = 6;

export interface ExecProcessParams {
  id: string;
  /** The caller's name for the process (1–64 of [A-Za-z0-9_.-]); EXIT events carry it. */
  processId: string;
  handle: number;
  /** An OCI runtime-spec `process` object. */
  processJson: Uint8Array | string;
  tty: boolean;
  stdinOpen: boolean;
}

export interface CopyParams {
  id: string;
  /** Names the tar helper in its EXIT event; unique among the container's processes. */
  processId: string;
  /** The tar streams on this handle: out on stdout for copyOut, in on stdin for copyIn. */
  handle: number;
  /** Absolute, resolved inside the container: the source for copyOut, the target directory for copyIn. */
  path: string;
}

export interface AgentStats {
  cpuUsageMicros: number;
  memoryCurrent: number;
  /** memory.max; 0 = no limit. */
  memoryLimit: number;
  pidsCurrent: number;
  /** pids.max; 0 = no limit. */
  pidsLimit: number;
  inactiveFile: number;
  oomKills: number;
}

export interface AgentTopProcess {
  /** Guest pid. */
  pid: number;
  ppid: number;
  uid: number;
  /** Start time in clock ticks after boot. */
  startTicks: number;
  /** utime + stime in clock ticks. */
  cpuTicks: number;
  ttyNr: number;
  /** One letter, as in /proc/<pid>/stat. */
  state: string;
  /** Arguments joined by spaces, or `[comm]` for a process without any. */
  command: string;
}

export interface AgentTop {
  /** Clock ticks per second. */
  clockTicks: number;
  /** Guest boot time, epoch seconds. */
  bootTime: number;
  processes: AgentTopProcess[];
}

/** lstat of a path inside the container. */
export interface AgentPathStat {
  name: string;
  size: number;
  /** st_mode: file type and permission bits. */
  mode: number;
  /** Epoch seconds. */
  mtime: number;
  /** "" unless the path is a symlink. */
  linkTarget: string;
}

export interface AgentExit {
  containerId: string;
  /** "" for the container's init, else the exec or copy process id. */
  processId: string;
  /** 128+N when killed by signal N. */
  exitCode: number;
  /** The init ended with an OOM kill in the container's cgroup. */
  oomKilled: boolean;
}

export interface AgentClientOptions {
  /** Default time to wait for a RESULT. */
  requestTimeoutMs?: number;
}

/** Stdin goes out in frames of at most this much data (well below the frame limit). */
const STDIN_CHUNK = 64 * 1024;

interface PendingRequest {
  opName: string;
  resolve(fields: Uint8Array[]): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

type Listener<Args extends unknown[]> = (...args: Args) => void;

export class AgentClient {
  readonly #control: ByteChannel;
  readonly #stdio: ByteChannel;
  readonly #requestTimeoutMs: number;
  readonly #controlDecoder = new FrameDecoder();
  readonly #stdioDecoder = new FrameDecoder();
  readonly #pending = new Map<number, PendingRequest>();
  readonly #output = new OutputRoutes();
  readonly #datagramListeners = new Map<number, DatagramListener>();
  readonly #exitListeners = new Set<Listener<[event: AgentExit]>>();
  readonly #acceptListeners = new Set<Listener<[event: AcceptedConnection]>>();
  readonly #readyListeners = new Set<Listener<[agentVersion: string]>>();
  readonly #failureListeners = new Set<Listener<[error: Error]>>();
  readonly #unsubscribe: (() => void)[];
  // A random start keeps ids apart from requests that were in flight when a restored snapshot was saved.
  #nextRequestId = 1 + Math.floor(Math.random() * 0x7fff_ffff);
  #failure: Error | null = null;

  constructor(control: ByteChannel, stdio: ByteChannel, options: AgentClientOptions = {}) {
    this.#control = control;
    this.#stdio = stdio;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.#unsubscribe = [
      control.onData((bytes) => this.#receive(this.#controlDecoder, bytes, this.#handleControl)),
      stdio.onData((bytes) => this.#receive(this.#stdioDecoder, bytes, this.#handleStdio)),
    ];
  }

  async ping(timeoutMs?: number): Promise<void> {
    await this.#request("PING", Op.Ping, [], timeoutMs);
  }

  /** Sets the guest's clock and mixes entropy into its pool; a restored snapshot has stale both. */
  async sync(epochMilliseconds: number, entropy: Uint8Array, timeoutMs?: number): Promise<void> {
    await this.#request("SYNC", Op.Sync, [String(Math.floor(epochMilliseconds)), entropy], timeoutMs);
  }

  async info(): Promise<AgentInfo> {
    const fields = await this.#request("INFO", Op.Info, []);
    if (fields.length < 7) throw new ProtocolError(`INFO returned ${fields.length} fields, expected 7`);
    const [release, version, memTotal, cpus, runtimeName, runtimeVersion, cgroupVersion] = fields;
    return {
      kernelRelease: fieldText(release),
      kernelVersion: fieldText(version),
      memTotalBytes: fieldNumber(memTotal),
      cpus: fieldNumber(cpus),
      runtimeName: fieldText(runtimeName),
      runtimeVersion: fieldText(runtimeVersion),
      cgroupVersion: fieldText(cgroupVersion),
    };
  }

  /** Prepares the container's bundle: overlay rootfs and config.json. Nothing runs until start(). */
  async create(params: CreateContainerParams): Promise<void> {
    const fields: ControlField[] = [params.id, params.rootfs, params.configJson];
    const disk = params.layerDisk;
    if (disk) fields.push(`${disk.partition} ${disk.start} ${disk.length}${disk.blank ? " new" : ""}${disk.room === undefined ? "" : ` room=${Math.max(0, Math.floor(disk.room))}`}`);
    await this.#request("CREATE", Op.Create, fields);
  }

  /** Writes the container's layer disk back (syncfs): afterwards the engine's disk holds all of it. */
  async syncLayerDisk(id: string): Promise<void> {
    await this.#request("DISK_SYNC", Op.DiskSync, [id]);
  }

  /** From now on the container may add only `bytes` more to its layer disk; past that its writes fail with ENOSPC. */
  async setLayerRoom(id: string, bytes: number): Promise<void> {
    await this.#request("DISK_ROOM", Op.DiskRoom, [id, Math.max(0, Math.floor(bytes))]);
  }

  /**
   * Runs the container's init and returns its pid. Also restarts a container whose init exited
   * (its file changes are kept); waits for crun's clean-up of the previous run if that is still going.
   */
  async start(params: StartContainerParams): Promise<number> {
    const fields: ControlField[] = [params.id, params.handle, params.tty ? 1 : 0, params.stdinOpen ? 1 : 0];
    if (params.network) fields.push(networkSetupText(params.network));
    return pidOf("START", await this.#request("START", Op.Start, fields));
  }

  /** Runs another process in the running container and returns its pid. */
  async exec(params: ExecProcessParams): Promise<number> {
    const fields = await this.#request("EXEC", Op.Exec, [
      params.id,
      params.processId,
      params.handle,
      params.processJson,
      params.tty ? 1 : 0,
      params.stdinOpen ? 1 : 0,
    ]);
    return pidOf("EXEC", fields);
  }

  /** Signals the init, or the exec process `processId`. */
  async signal(id: string, signo: number, processId = ""): Promise<void> {
    await this.#request("SIGNAL", Op.Signal, [id, signo, processId]);
  }

  async resize(id: string, cols: number, rows: number, processId = ""): Promise<void> {
    await this.#request("RESIZE", Op.Resize, [id, cols, rows, processId]);
  }

  /**
   * Kills whatever still runs (its EXIT events come first) and removes the bundle. `partitionKept`:
   * its layer disk's partition is still held in the guest, so its range must go to no other disk.
   */
  async delete(id: string): Promise<{ partitionKept: boolean }> {
    const fields = await this.#request("DELETE", Op.Delete, [id]);
    return { partitionKept: fields[0] !== undefined && fieldText(fields[0]) === "partition-kept" };
  }

  /** Freezes the container's cgroup; resolves once it is frozen. */
  async pause(id: string): Promise<void> {
    await this.#request("PAUSE", Op.Pause, [id]);
  }

  async resume(id: string): Promise<void> {
    await this.#request("RESUME", Op.Resume, [id]);
  }

  async stats(id: string): Promise<AgentStats> {
    const fields = await this.#request("STATS", Op.Stats, [id]);
    if (fields.length < 7) throw new ProtocolError(`STATS returned ${fields.length} fields, expected 7`);
    const [cpu, memory, memoryMax, pids, pidsMax, inactiveFile, oomKills] = fields.map(fieldNumber);
    return {
      cpuUsageMicros: cpu,
      memoryCurrent: memory,
      memoryLimit: memoryMax,
      pidsCurrent: pids,
      pidsLimit: pidsMax,
      inactiveFile: inactiveFile,
      oomKills: oomKills,
    };
  }

  async top(id: string): Promise<AgentTop> {
    const [head, ...rows] = await this.#request("TOP", Op.Top, [id]);
    const clock = head ? fieldText(head).split(" ") : [];
    if (clock.length !== 2) throw new ProtocolError("TOP: malformed clock field");
    return {
      clockTicks: decimal("TOP", clock[0]),
      bootTime: decimal("TOP", clock[1]),
      processes: rows.map((row) => parseTopRow(fieldText(row))),
    };
  }

  /**
   * Describes `path` and streams it as a tar on the handle's stdout; EXIT with `processId` follows
   * the stream's EOF. Attach the handle's output first.
   */
  async copyOut(params: CopyParams): Promise<AgentPathStat> {
    const fields = await this.#request("COPY_OUT", Op.CopyOut, [params.id, params.processId, params.handle, params.path]);
    if (fields.length < 5) throw new ProtocolError(`COPY_OUT returned ${fields.length} fields, expected 5`);
    const [name, size, mode, mtime, linkTarget] = fields;
    return {
      name: fieldText(name),
      size: fieldNumber(size),
      mode: fieldNumber(mode),
      mtime: fieldNumber(mtime),
      linkTarget: fieldText(linkTarget),
    };
  }

  /**
   * Starts extracting into the directory `path`: send the tar with writeStdin(handle, …) and then
   * closeStdin(handle); EXIT with `processId` tells the outcome.
   */
  async copyIn(params: CopyParams): Promise<void> {
    await this.#request("COPY_IN", Op.CopyIn, [params.id, params.processId, params.handle, params.path]);
  }

  /**
   * Starts streaming a tar of the container's upper directory on stdout of `handle` (EXIT with
   * `processId` ends it); resolves to the directories overlayfs marked opaque, relative to it.
   */
  async diff(params: Omit<CopyParams, "path">): Promise<string[]> {
    const [opaque] = await this.#request("DIFF", Op.Diff, [params.id, params.processId, params.handle]);
    return fieldText(opaque ?? new Uint8Array()).split("\n").filter((line) => line !== "");
  }

  /** Adds an interface to the network namespace of a running container. */
  async connectNetwork(id: string, iface: GuestInterface): Promise<void> {
    await this.#request("NET_CONNECT", Op.NetConnect, [id, interfaceLine(iface)]);
  }

  /** Deletes a container's interface (its veth pair). */
  async disconnectNetwork(id: string, ifname: string): Promise<void> {
    await this.#request("NET_DISCONNECT", Op.NetDisconnect, [id, ifname]);
  }

  /** Deletes a guest bridge; fine if it does not exist. */
  async removeBridge(name: string): Promise<void> {
    await this.#request("BRIDGE_REMOVE", Op.BridgeRemove, [name]);
  }

  /** Rewrites /run/berth/<id>/<leaf> in place, so bind mounts of it see the new contents. */
  async writeBundleFile(id: string, leaf: BundleFileLeaf, bytes: Uint8Array | string): Promise<void> {
    await this.#request("WRITE_FILE", Op.WriteFile, [id, leaf, bytes]);
  }

  /**
   * Connects from the guest's root network namespace; resolves once connected. Attach the handle's
   * output first: stream 1 brings the peer's bytes (EOF when it shuts down its side), stream 2 a
   * socket error's message (then stream 1's EOF). writeStdin sends, closeStdin shuts down the
   * sending side; once both sides are done the agent forgets the handle.
   */
  async tcpConnect(params: TcpConnectParams): Promise<void> {
    await this.#request("TCP_CONNECT", Op.TcpConnect, [params.id, params.handle, params.address, params.port]);
  }

  /** Resets a connection at once; fine if the handle is unknown. */
  async tcpClose(handle: number): Promise<void> {
    await this.#request("TCP_CLOSE", Op.TcpClose, [handle]);
  }

  /**
   * The TCP ports the agent listens on for egress (replacing the previous set; empty: none). A
   * container's connection to a stand-in address on one of them comes as an ACCEPT (onAccept).
   */
  async setEgressPorts(ports: readonly number[]): Promise<void> {
    await this.#request("EGRESS_PORTS", Op.EgressPorts, [...ports]);
  }

  /** Test only: makes the agent exit, which panics the guest kernel. Never resolves; rejects if the send fails. */
  panic(): Promise<never> {
    if (this.#failure) return Promise.reject(this.#failure);
    const frame = encodeFrame(encodeControl(Op.Panic, this.#takeRequestId()));
    return new Promise<never>((_resolve, reject) => {
      this.#control.write(frame).catch((error: unknown) => reject(asError(error)));
    });
  }

  /** Sends stdin bytes; resolves once the guest has taken them. Empty data sends nothing. */
  async writeStdin(handle: number, data: Uint8Array): Promise<void> {
    const writes: Promise<void>[] = [];
    for (let offset = 0; offset < data.length; offset += STDIN_CHUNK) {
      const piece = data.subarray(offset, offset + STDIN_CHUNK);
      writes.push(this.#sendStdio(handle, piece));
    }
    await Promise.all(writes);
  }

  async closeStdin(handle: number): Promise<void> {
    await this.#sendStdio(handle, new Uint8Array(0));
  }

  /**
   * Routes a handle's stdout/stderr to a sink. Attach before the request that names the handle
   * (START, EXEC, COPY_OUT, COPY_IN, TCP_CONNECT): output that arrives for a handle without a sink
   * is dropped. An accepted connection's handle is attached inside the onAccept listener. Returns a
   * function that detaches the sink.
   */
  attachOutput(handle: number, sink: ContainerOutputSink): () => void {
    return this.#output.attach(handle, sink);
  }

  /**
   * Routes a DNS handle's datagrams (queries to the container's 127.0.0.11:53) to a listener, with
   * the asking peer's 6 bytes. Returns a function that detaches it.
   */
  attachDatagrams(handle: number, listener: DatagramListener): () => void {
    this.#datagramListeners.set(handle, listener);
    return () => {
      if (this.#datagramListeners.get(handle) === listener) this.#datagramListeners.delete(handle);
    };
  }

  /** Sends a datagram (an answer) from a DNS handle's socket to `peer` (6 bytes, as received). */
  async sendDatagram(handle: number, peer: Uint8Array, message: Uint8Array): Promise<void> {
    if (peer.length !== DATAGRAM_PEER_BYTES) throw new ProtocolError(`a datagram peer is ${DATAGRAM_PEER_BYTES} bytes, not ${peer.length}`);
    if (this.#failure) throw this.#failure;
    const data = new Uint8Array(DATAGRAM_PEER_BYTES + message.length);
    data.set(peer);
    data.set(message, DATAGRAM_PEER_BYTES);
    await this.#stdio.write(encodeFrame(encodeStdio(handle, StdioStream.Datagram, data)));
  }

  /** EXIT events of inits, exec processes and copy helpers; each follows that process's stdout and stderr EOF. */
  onExit(listener: (event: AgentExit) => void): () => void {
    return subscribe(this.#exitListeners, listener);
  }

  /**
   * Connections containers made to egress stand-in addresses. Attach the handle's output inside the
   * listener, synchronously: it gets the container's bytes that came before (they may overtake
   * ACCEPT) and all that follow. A connection no listener attached output to is reset at once.
   */
  onAccept(listener: (event: AcceptedConnection) => void): () => void {
    return subscribe(this.#acceptListeners, listener);
  }

  /** READY events, sent once when the agent starts. */
  onReady(listener: (agentVersion: string) => void): () => void {
    return subscribe(this.#readyListeners, listener);
  }

  /** The connection became unusable (malformed data from the guest, or dispose). */
  onFailure(listener: (error: Error) => void): () => void {
    return subscribe(this.#failureListeners, listener);
  }

  /** Fails all outstanding requests with `reason` and stops listening to the channels. */
  dispose(reason = new Error("agent client disposed")): void {
    this.#fail(reason);
  }

  #request(opName: string, op: number, fields: ControlField[], timeoutMs = this.#requestTimeoutMs): Promise<Uint8Array[]> {
    if (this.#failure) return Promise.reject(this.#failure);
    const requestId = this.#takeRequestId();
    const frame = encodeFrame(encodeControl(op, requestId, fields));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(requestId);
        reject(new AgentTimeoutError(`guest agent did not answer ${opName} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(requestId, { opName, resolve, reject, timer });
      this.#control.write(frame).catch((error: unknown) => this.#settle(requestId, asError(error)));
    });
  }

  #takeRequestId(): number {
    const id = this.#nextRequestId;
    // Request id 0 is reserved for events.
    this.#nextRequestId = id >= 0xffff_ffff ? 1 : id + 1;
    return id;
  }

  #sendStdio(handle: number, data: Uint8Array): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    return this.#stdio.write(encodeFrame(encodeStdio(handle, StdioStream.Stdin, data)));
  }

  #receive(decoder: FrameDecoder, bytes: Uint8Array, handle: (body: Uint8Array) => void): void {
    if (this.#failure) return;
    try {
      for (const body of decoder.push(bytes)) handle(body);
    } catch (error) {
      this.#fail(asError(error));
    }
  }

  readonly #handleControl = (body: Uint8Array): void => {
    const message = decodeControl(body);
    switch (message.op) {
      case Op.Result:
        this.#handleResult(message);
        break;
      case Op.Exit: {
        const [id, code, processId, oomKilled] = message.fields;
        if (!id || !code) throw new ProtocolError("EXIT needs a container id and an exit code");
        emit(this.#exitListeners, {
          containerId: fieldText(id),
          processId: processId ? fieldText(processId) : "",
          exitCode: fieldNumber(code),
          oomKilled: oomKilled ? fieldText(oomKilled) === "1" : false,
        });
        break;
      }
      case Op.Accept:
        this.#handleAccept(message);
        break;
      case Op.Ready:
        emit(this.#readyListeners, message.fields[0] ? fieldText(message.fields[0]) : "");
        break;
      default:
        throw new ProtocolError(`unexpected control op 0x${message.op.toString(16)} from the agent`);
    }
  };

  #handleAccept(message: ControlMessage): void {
    const [handle, address, port, peer] = message.fields;
    if (!handle || !address || !port || !peer) throw new ProtocolError("ACCEPT needs a handle, an address, a port and a peer");
    const event = { handle: fieldNumber(handle), address: fieldText(address), port: fieldNumber(port), peer: fieldText(peer) };
    emit(this.#acceptListeners, event);
    if (!this.#output.settle(event.handle)) this.tcpClose(event.handle).catch(() => {});
  }

  #handleResult(message: ControlMessage): void {
    const [status, ...rest] = message.fields;
    const pending = this.#pending.get(message.requestId);
    if (!pending) return; // answered after its timeout
    const verdict = status ? fieldText(status) : "";
    if (verdict === "ok") {
      this.#settle(message.requestId, null, rest);
    } else if (verdict === "error") {
      const reason = rest[0] ? fieldText(rest[0]) : "unknown error";
      this.#settle(message.requestId, new AgentError(pending.opName, reason));
    } else {
      this.#settle(message.requestId, new ProtocolError(`${pending.opName}: malformed RESULT status ${JSON.stringify(verdict)}`));
    }
  }

  #settle(requestId: number, error: Error | null, fields: Uint8Array[] = []): void {
    const pending = this.#pending.get(requestId);
    if (!pending) return;
    this.#pending.delete(requestId);
    clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve(fields);
  }

  readonly #handleStdio = (body: Uint8Array): void => {
    const { handle, stream, data } = decodeStdio(body);
    if (stream === StdioStream.Datagram) {
      if (data.length < DATAGRAM_PEER_BYTES) throw new ProtocolError(`datagram of ${data.length} bytes has no peer`);
      const listener = this.#datagramListeners.get(handle);
      if (listener) isolate(() => listener(data.slice(0, DATAGRAM_PEER_BYTES), data.slice(DATAGRAM_PEER_BYTES)));
      return;
    }
    if (stream !== StdioStream.Stdout && stream !== StdioStream.Stderr) {
      throw new ProtocolError(`unexpected stdio stream ${stream} from the agent`);
    }
    this.#output.deliver(handle, stream, data);
  };

  #fail(error: Error): void {
    if (this.#failure) return;
    this.#failure = error;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    for (const requestId of [...this.#pending.keys()]) this.#settle(requestId, error);
    emit(this.#failureListeners, error);
  }
}

export type DatagramListener = (peer: Uint8Array, message: Uint8Array) => void;

function pidOf(opName: string, fields: Uint8Array[]): number {
  if (fields.length < 1) throw new ProtocolError(`${opName} returned no pid`);
  return fieldNumber(fields[0]);
}

function decimal(opName: string, text: string): number {
  if (!/^-?\d+$/.test(text)) throw new ProtocolError(`${opName}: expected a decimal number, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** `pid ppid uid starttime cpu tty_nr state cmdline`, tab-separated; the command may hold tabs itself. */
function parseTopRow(row: string): AgentTopProcess {
  const parts = row.split("\t");
  if (parts.length < 8) throw new ProtocolError(`TOP: malformed process row ${JSON.stringify(row)}`);
  const [pid, ppid, uid, startTicks, cpuTicks, ttyNr] = parts.slice(0, 6).map((text) => decimal("TOP", text));
  return {
    pid: pid,
    ppid: ppid,
    uid: uid,
    startTicks: startTicks,
    cpuTicks: cpuTicks,
    ttyNr: ttyNr,
    state: parts[6],
    command: parts.slice(7).join("\t"),
  };
}

function subscribe<Args extends unknown[]>(listeners: Set<Listener<Args>>, listener: Listener<Args>): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit<Args extends unknown[]>(listeners: Set<Listener<Args>>, ...args: Args): void {
  for (const listener of listeners) isolate(() => listener(...args));
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
