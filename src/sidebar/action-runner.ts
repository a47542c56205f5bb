/** Server actions in progress: while any runs, every section's buttons are disabled. */
export class ActionRunner {
  private loaded = false;
  private running = 0;
  private readonly listeners: ((idle: boolean) => void)[] = [];

  /** Whether the page has its state and no action is running, so buttons may work. */
  get idle(): boolean {
    return this.loaded && this.running === 0;
  }

  onIdleChange(listener: (idle: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** The page has shown its state: from now on buttons work between actions. */
  ready(): void {
    this.loaded = true;
    this.notify();
  }

  /** Runs one server action with every button disabled, and the given regions marked busy. */
  async run<T>(busy: readonly HTMLElement[], work: () => Promise<T>): Promise<T> {
    const trigger = document.activeElement;
    this.running += 1;
    this.notify();
    for (const region of busy) region.setAttribute('aria-busy', 'true');
    try {
      return await work();
    } finally {
      this.running -= 1;
      for (const region of busy) region.setAttribute('aria-busy', 'false');
      this.notify();
      // A disabled button drops keyboard focus; give it back once the button works again.
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (lost && trigger instanceof HTMLButtonElement && !trigger.disabled) trigger.focus();
    }
  }

  private notify(): void {
    for (const listener of this.listeners) listener(this.idle);
  }
}
