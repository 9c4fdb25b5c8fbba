// docker stats / docker container stats: resource usage of the named containers (or of every
// running one, every one with -a) as a table or --format template. With --no-stream it prints one
// sample; otherwise it redraws the table in place on each sample until Ctrl-C hangs up.

import type { StreamConnection } from "../../api/engine-api.ts";
import { statsSpec } from "../container-command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { describeEngineFailure, reportEngineFailure } from "../engine-failure.ts";
import { TemplateExecutionError, TemplateParseError } from "../go-template.ts";
import { formatList, parseListFormat, type ListFormat } from "../list-format.ts";
import {
  defaultStatsTableFormat,
  emptyStatsEntry,
  statsEntry,
  statsTableHeaders,
  statsTemplateView,
  type StatsEntry,
} from "../stats-table.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

/** A shell's exit code for a command that Ctrl-C (SIGINT) ended. */
const interruptedExitCode = 130;
const clearScreen = "\x1b[2J";
const cursorHome = "\x1b[H";
const eraseLineEnd = "\x1b[K";
const eraseBelow = "\x1b[J";

export const statsVerb: Verb = {
  spec: statsSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const { flags } = parsed;
    const requested = flags.string("format") || "table";
    let format: ListFormat;
    try {
      format = parseListFormat(requested === "table" ? defaultStatsTableFormat : requested);
    } catch (error) {
      if (!(error instanceof TemplateParseError)) throw error;
      ctx.stderr.write(`template parsing error: ${error.message}\n`);
      return 1;
    }

    let containers = parsed.args;
    const showAll = containers.length === 0;
    if (showAll) {
      try {
        containers = (await ctx.engine.containerList({ all: flags.bool("all") })).map((container) => container.Id);
      } catch (error) {
        return reportEngineFailure(ctx, error);
      }
    }
    const session = new StatsSession(ctx, containers, format, !flags.bool("no-trunc"), !flags.bool("no-stream"));
    return session.run(showAll);
  },
};

/** One stats stream per container, and the table drawn from their latest samples. */
class StatsSession {
  readonly #entries: Map<string, StatsEntry>;
  readonly #reported = new Set<string>();
  readonly #failures: string[] = [];
  readonly #connections: StreamConnection[] = [];
  #framesDrawn = 0;
  #hungUp = false;
  #templateFailure: string | undefined;

  constructor(
    private readonly ctx: CommandContext,
    private readonly containers: readonly string[],
    private readonly format: ListFormat,
    private readonly truncate: boolean,
    private readonly streaming: boolean,
  ) {
    this.#entries = new Map(containers.map((container) => [container, emptyStatsEntry(container)]));
  }

  async run(showAll: boolean): Promise<number> {
    let interrupted = false;
    const input = this.ctx.terminal.onInput((data) => {
      if (!data.includes("\x03")) return;
      interrupted = true;
      this.#hangUp();
    });
    try {
      await Promise.all(this.containers.map((container) => this.#open(container)));
      // Docker fails at once for a named container it cannot read; listing all, it shows "--".
      if (!showAll && this.#failures.length > 0) {
        this.#hangUp();
        this.ctx.stderr.write(`${this.#failures.join("\n")}\n`);
        return 1;
      }
      // Streaming draws on each sample once every container has one; this covers having none.
      const everyoneReported = this.#reported.size === this.containers.length;
      if (!this.streaming || (this.#framesDrawn === 0 && everyoneReported)) this.#draw();
      await Promise.all(this.#connections.map((connection) => connection.done().catch(() => undefined)));
    } finally {
      input.dispose();
    }
    if (this.#templateFailure) {
      this.ctx.stderr.write(`${this.#templateFailure}\n`);
      return 1;
    }
    return interrupted ? interruptedExitCode : 0;
  }

  async #open(container: string): Promise<void> {
    const sink = {
      report: (sample: Parameters<typeof statsEntry>[1]) => {
        this.#entries.set(container, statsEntry(container, sample));
        this.#reported.add(container);
        if (this.streaming && this.#reported.size === this.containers.length) this.#draw();
      },
    };
    try {
      const connection = await this.ctx.engine.containerStats({ id: container, stream: this.streaming }, this.ctx.proxy(sink));
      this.#connections.push(connection);
      if (this.#hungUp) await connection.close();
      if (!this.streaming) await connection.done();
    } catch (error) {
      this.#failures.push(describeEngineFailure(error));
      this.#entries.set(container, emptyStatsEntry(container, true));
      this.#reported.add(container);
    }
  }

  #draw(): void {
    if (this.#templateFailure) return;
    let table: string;
    try {
      const rows = [...this.#entries.values()].map((entry) => statsTemplateView(entry, this.truncate));
      table = formatList(this.format, rows, statsTableHeaders);
    } catch (error) {
      if (!(error instanceof TemplateExecutionError)) throw error;
      this.#templateFailure = `template parsing error: ${error.message}`;
      this.#hangUp();
      return;
    }
    if (!this.streaming) {
      this.ctx.stdout.write(table);
      return;
    }
    // Each frame starts at the top left, erasing what the last one left to the right and below.
    const lines = table.split("\n").map((line) => `${line}${eraseLineEnd}\n`);
    const start = this.#framesDrawn === 0 ? `${clearScreen}${cursorHome}` : cursorHome;
    this.ctx.stdout.write(`${start}${lines.join("")}${eraseBelow}`);
    this.#framesDrawn += 1;
  }

  #hangUp(): void {
    this.#hungUp = true;
    for (const connection of this.#connections) void connection.close().catch(() => undefined);
  }
}
