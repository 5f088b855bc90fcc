// Maps the context frame now coming out of the speaker to the frame of the reading being heard
// (a source frame: time-stretched, `speed` source frames pass per output frame).
// The worklet reports (played, contextFrame) pairs: at context frame C it had rendered P frames of
// the reading. Between reports audio flows at `speed` source frames per output frame unless paused,
// starved or drained, so the frame heard at output frame X is P + (X - C) * speed from the last
// report at or before X, capped by what was queued. Reports are kept until the speaker has passed them, since the speaker lags the
// worklet by the output latency.
import type { WorkletClock } from './worklet-protocol';

export class PlayClock {
  private reports: WorkletClock[] = [];
  private last = -1;

  reset(): void {
    this.reports = [];
    this.last = -1;
  }

  report(clock: WorkletClock): void {
    this.reports.push(clock);
  }

  /**
   * Frames of the reading heard by output context frame `outputFrame`: -1 before the first frame,
   * never decreasing. `limit` caps the answer (frames queued so far). `remember` false: a look that
   * leaves no trace (an observer's), so the answers to the reader's own questions are as without it.
   */
  heardAt(outputFrame: number, limit: number, remember = true): number {
    const r = this.reports;
    let i = 0;
    while (i + 1 < r.length && r[i + 1]!.contextFrame <= outputFrame) i++;
    // Reports the speaker has passed are dropped, unless this is an observer's look.
    if (remember && i > 0) r.splice(0, i);
    const at = r[remember ? 0 : i];
    if (!at || at.contextFrame > outputFrame) return this.last;
    let heard = at.played;
    if (!at.paused && at.state === 'playing') heard += Math.min(Math.floor((outputFrame - at.contextFrame) * at.speed), at.queued);
    else if (heard === 0) heard = -1; // nothing has played yet
    const answer = Math.max(this.last, Math.min(heard, limit));
    if (remember) this.last = answer;
    return answer;
  }
}
