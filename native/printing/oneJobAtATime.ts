/**
 * A printer takes one job at a time: the calls for one printer (its address, its device path) run one
 * after another, whichever object made them, and a failed job does not stop the next.
 */
export class OneJobAtATime {
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(printer: string, task: () => Promise<T>): Promise<T> {
    const run = (this.#tails.get(printer) ?? Promise.resolve()).then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(printer, tail);
    void tail.then(() => {
      if (this.#tails.get(printer) === tail) this.#tails.delete(printer);
    });
    return run;
  }
}
