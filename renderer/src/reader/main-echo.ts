// A change this reader asked main for (pause or resume, a Speed), and main's events about the same
// thing. Main tells every change back; while one of ours is in flight, what main tells is our own echo
// (or older than it), and following it would undo a quicker second press. Once nothing of ours is in
// flight, main's last word is followed: main is where the state lives.
export class MainEcho<T> {
  private inFlight = 0;
  private told: { value: T } | null = null;

  /** `follow` applies what main told. */
  constructor(private readonly follow: (value: T) => void) {}

  /** Our change, on its way to main: what main told before it is already in force here. */
  send(call: Promise<unknown>): void {
    this.inFlight++;
    this.told = null;
    void call
      .catch(() => {})
      .finally(() => {
        if (--this.inFlight === 0 && this.told) this.follow(this.told.value);
      });
  }

  /** Main told `value`: followed now, or once our changes in flight are answered. */
  heard(value: T): void {
    this.told = { value };
    if (this.inFlight === 0) this.follow(value);
  }
}
