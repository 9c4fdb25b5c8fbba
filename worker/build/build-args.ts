// Build arguments as Docker's classic builder keeps them: --build-arg values, the ARGs declared
// before the first FROM (meta args, usable in FROM) and those a stage declares. A value is
// visible to a stage only once it declares the ARG (a declaration without a default takes the
// meta arg's value); the proxy variables are visible without one. ENV of the same name wins.

const BUILTIN_ARGS = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"];

export class BuildArgs {
  /** Declared in the current stage: name → default. */
  readonly #declared = new Map<string, string | undefined>();
  readonly #meta = new Map<string, string | undefined>();
  /** Names declared anywhere: the --build-arg values not among them were not consumed. */
  readonly #referenced: Set<string>;

  constructor(
    private readonly options: ReadonlyMap<string, string | null>,
    referenced = new Set<string>(),
  ) {
    this.#referenced = referenced;
  }

  /** A copy for the next stage: the same options and meta args, no stage declarations. */
  forStage(): BuildArgs {
    const next = new BuildArgs(this.options, this.#referenced);
    for (const [name, value] of this.#meta) next.#meta.set(name, value);
    return next;
  }

  declare(name: string, value: string | undefined): void {
    this.#declared.set(name, value);
    this.#referenced.add(name);
  }

  declareMeta(name: string, value: string | undefined): void {
    this.#meta.set(name, value);
    this.#referenced.add(name);
  }

  /** The meta args' values (for FROM). */
  metaValues(): Map<string, string> {
    return this.#values(this.#meta);
  }

  /** The stage's declared args (and the proxy ones given) with their values, minus names in `env`. */
  allowed(env: readonly string[] = []): Map<string, string> {
    const values = this.#values(this.#declared);
    for (const variable of env) values.delete(variable.split("=", 1)[0]!);
    return values;
  }

  /** Whether a build arg counts for the cache and history: declared, or not a proxy variable. */
  isReferencedOrNotBuiltin(name: string): boolean {
    return this.#referenced.has(name) || !BUILTIN_ARGS.includes(name);
  }

  /** The --build-arg names no ARG declared (Docker warns about them). */
  unconsumed(): string[] {
    return [...this.options.keys()].filter((name) => !this.#referenced.has(name) && !BUILTIN_ARGS.includes(name)).sort();
  }

  #values(declared: ReadonlyMap<string, string | undefined>): Map<string, string> {
    const values = new Map<string, string>();
    for (const name of new Set([...declared.keys(), ...BUILTIN_ARGS])) {
      const value = this.#value(name, declared);
      if (value !== undefined) values.set(name, value);
    }
    return values;
  }

  /** Docker's lookup: a --build-arg value first, then the declared default, then the meta arg's. */
  #value(name: string, declared: ReadonlyMap<string, string | undefined>): string | undefined {
    const option = this.options.get(name);
    if (option !== undefined && option !== null) return option;
    return declared.get(name) ?? (declared === this.#meta ? undefined : this.#meta.get(name));
  }
}
