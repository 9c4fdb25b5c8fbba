// How one Engine API operation is declared: Docker's operation id, HTTP method and path, query
// parameters, request body, response and stream kind, plus (as phantom types) its body, result and
// stream message types. The client method, the engine's dispatch and an HTTP route are all derived
// from these declarations (operations.ts), so each operation is written down once.

/** How a query parameter is written in a URL (Docker's encodings); "strings" is a repeated parameter (`?t=a&t=b`). */
export type QueryKind = "string" | "strings" | "boolean" | "integer" | "filters";

/**
 * none: a plain call. output: raw stdout/stderr frames (logs). stdio: a hijacked connection, output
 * plus stdin (attach, exec start). json: a stream of JSON messages (pull progress, stats).
 */
export type StreamKind = "none" | "output" | "stdio" | "json";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "DELETE";

/** What the request body carries: nothing, JSON, or raw bytes (a tar archive). */
export type BodyKind = "none" | "json" | "bytes";

/** What a successful response carries: JSON, nothing (204), or raw bytes (a tar archive). */
export type ResponseKind = "json" | "empty" | "bytes";

export interface OperationSpec<
  Path extends string = string,
  Query extends Record<string, QueryKind> = Record<string, QueryKind>,
  Stream extends StreamKind = StreamKind,
  Header extends Record<string, string> = Record<string, string>,
> {
  operationId: string;
  method: HttpMethod;
  /** Docker's path template, e.g. "/containers/{id}/start". */
  path: Path;
  query: Query;
  /** Request properties carried in HTTP headers: property name → header name (string values). */
  headers: Header;
  body: BodyKind;
  response: ResponseKind;
  stream: Stream;
  /** HTTP status on success. */
  status: number;
  /** Not part of Docker's API: served to berth's own client only (no HTTP route). */
  berthOnly?: boolean;
  /**
   * A stdio operation's body fields as query parameters of its WebSocket (`path + "/ws"`), since a
   * browser's WebSocket carries no request body. Fields left out take the engine's defaults.
   */
  webSocketBody?: Record<string, QueryKind>;
}

declare const phantom: unique symbol;

/** An operation's declaration with its body, result and stream message types attached. */
export interface Operation<Path extends string, Query extends Record<string, QueryKind>, Stream extends StreamKind, Header extends Record<string, string>, Body, Result, Message>
  extends OperationSpec<Path, Query, Stream, Header> {
  readonly [phantom]?: { body: Body; result: Result; message: Message };
}

type AnyOperation = Operation<string, Record<string, QueryKind>, StreamKind, Record<string, string>, unknown, unknown, unknown>;

/**
 * Declares an operation: `define<Body, Result, Message>()({ … })`. Path parameters come from the
 * path template and query parameter types from their kinds, so neither is written twice.
 */
export function define<Body = undefined, Result = void, Message = never>() {
  return <
    const Path extends string,
    const Query extends Record<string, QueryKind> = Record<never, QueryKind>,
    const Stream extends StreamKind = "none",
    const Header extends Record<string, string> = Record<never, string>,
  >(
    spec: Omit<OperationSpec<Path, Query, Stream, Header>, "query" | "stream" | "headers"> & { query?: Query; stream?: Stream; headers?: Header },
  ): Operation<Path, Query, Stream, Header, Body, Result, Message> =>
    ({ ...spec, query: spec.query ?? ({} as Query), headers: spec.headers ?? ({} as Header), stream: spec.stream ?? ("none" as Stream) }) as Operation<
      Path,
      Query,
      Stream,
      Header,
      Body,
      Result,
      Message
    >;
}

type PathParams<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}` ? { [K in Name]: string } & PathParams<Rest> : unknown;

type QueryValue<Kind extends QueryKind> = Kind extends "boolean"
  ? boolean
  : Kind extends "integer"
    ? number
    : Kind extends "filters"
      ? Record<string, string[]>
      : Kind extends "strings"
        ? string[]
        : string;

type QueryParams<Query extends Record<string, QueryKind>> = { [K in keyof Query]?: QueryValue<Query[K]> };

type Phantom<O> = O extends Operation<string, Record<string, QueryKind>, StreamKind, Record<string, string>, infer Body, infer Result, infer Message>
  ? { body: Body; result: Result; message: Message }
  : never;

/** A body that may be undefined (an import's tar on the same operation as a pull) is optional. */
type BodyParam<Body> = [Body] extends [undefined] ? unknown : undefined extends Body ? { body?: Body } : { body: Body };

/** The one argument an operation's method takes: path, query and header parameters, and `body`. */
type HeaderParams<Header extends Record<string, string>> = [keyof Header] extends [never] ? unknown : { [K in keyof Header]?: string };

export type RequestOf<O extends AnyOperation> = PathParams<O["path"]> & QueryParams<O["query"]> & HeaderParams<O["headers"]> & BodyParam<Phantom<O>["body"]>;
export type ResultOf<O extends AnyOperation> = Phantom<O>["result"];
export type MessageOf<O extends AnyOperation> = Phantom<O>["message"];

/** 1 = stdout, 2 = stderr (as in Docker's multiplexed attach stream). A TTY's output is stream 1. */
export type OutputStream = 1 | 2;

/** Receives a stream's output frames (output and stdio operations). */
export interface OutputSink {
  write(stream: OutputStream, data: Uint8Array): void;
}

/** Receives a json stream's messages in order. */
export interface MessageSink<Message> {
  report(message: Message): void;
}

/**
 * The client's end of a streaming operation, as Docker's HTTP connection is: it ends with the
 * stream (`done` resolves with the result, or rejects with the engine's error), the client may hang
 * up (`close`), and on a stdio stream it writes stdin and may half-close it.
 */
export interface StreamConnection<Result = void> {
  done(): Promise<Result>;
  close(): Promise<void>;
  write(data: Uint8Array): Promise<void>;
  closeWrite(): Promise<void>;
}

type SinkOf<O extends AnyOperation> = O["stream"] extends "json" ? MessageSink<MessageOf<O>> : OutputSink;

/** The method an operation becomes: a plain call, or a call that opens a stream into a sink. */
export type MethodOf<O extends AnyOperation> = O["stream"] extends "none"
  ? (request: RequestOf<O>) => Promise<ResultOf<O>>
  : (request: RequestOf<O>, sink: SinkOf<O>) => Promise<StreamConnection<ResultOf<O>>>;

/** An object with one method per operation of `Table`. */
export type MethodsOf<Table extends Record<string, AnyOperation>> = { [K in keyof Table]: MethodOf<Table[K]> };
